//! Reading an input file as text: UTF-8 without a byte-order mark, or a
//! diagnostic at the line and column of the first byte that is not.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::error::Error;

/// Reads a file as UTF-8 text, reporting failure.
pub fn read_source(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<String> {
    match std::fs::read(path) {
        Ok(bytes) => decode(path, bytes, diags),
        Err(e) => {
            diags.push(Diagnostic::file(path, format!("cannot read this file: {e}")));
            None
        }
    }
}

/// A text file (a template, a markup file) as UTF-8, without a byte-order
/// mark; one that is not UTF-8 is an error at the line and column of its
/// first bad byte, as for the data. `what` names it when it cannot be read
/// ("template" gives "cannot read template PATH").
pub fn read_text(path: &Path, what: &'static str) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, what, e))?;
    let mut diags = Vec::new();
    decode(path, bytes, &mut diags).ok_or(Error::Input(diags))
}

/// UTF-8 text of a file's bytes (without a byte-order mark), reporting failure
/// at the line and column of the first byte that is not UTF-8.
pub fn decode(path: &Path, mut bytes: Vec<u8>, diags: &mut Vec<Diagnostic>) -> Option<String> {
    if bytes.starts_with("\u{feff}".as_bytes()) {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(s) => Some(s),
        Err(e) => {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            // The text up to the bad byte, and the rest of its line as well as it reads.
            let line_end = bytes[at..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| at + i);
            let mut shown = String::from_utf8_lossy(&bytes[..at]).into_owned();
            shown.push_str(&String::from_utf8_lossy(&bytes[at..line_end]));
            diags.push(
                Diagnostic::at(
                    path,
                    &shown,
                    at..at + 1,
                    format!("not UTF-8 text: the byte 0x{:02X} (offset {at}) is not UTF-8", bytes[at]),
                )
                .with_help(
                    "save the file as UTF-8 (a Thai file saved as TIS-620 or Windows-874 reads like this); \
                     the caret is under the first byte that is not",
                ),
            );
            None
        }
    }
}
