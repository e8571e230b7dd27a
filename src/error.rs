//! The one error type of briefpack: problems in input files (each a
//! [`Diagnostic`]), a file that could not be read or written, or anything
//! else with a message and a hint.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// Everything that can go wrong in briefpack.
#[derive(Debug)]
pub enum Error {
    /// Problems in input files, all reported together.
    Input(Vec<Diagnostic>),
    /// A file could not be read or written.
    Io { path: PathBuf, action: &'static str, source: std::io::Error },
    /// Anything else with a plain message and an optional hint.
    Other { message: String, help: Option<String> },
}

impl Error {
    pub fn io(path: &Path, action: &'static str, source: std::io::Error) -> Self {
        Error::Io { path: path.to_path_buf(), action, source }
    }
    pub fn other(message: impl Into<String>) -> Self {
        Error::Other { message: message.into(), help: None }
    }
    pub fn with_help(message: impl Into<String>, help: impl Into<String>) -> Self {
        Error::Other { message: message.into(), help: Some(help.into()) }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Input(vec![d])
    }
}

/// The message in the language of messages ([`crate::i18n`]); a message
/// built by a stage as text is shown as it was built.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words = crate::i18n::framing();
        match self {
            Error::Input(diags) => {
                for d in diags {
                    write!(f, "{d}")?;
                }
                if diags.len() > 1 {
                    writeln!(f, "{}", crate::t!("problems-found", count = diags.len()))?;
                }
                Ok(())
            }
            Error::Io { path, action, source } => {
                let text = crate::t!(
                    "io-cannot",
                    action = io_action(action),
                    path = path.display(),
                    reason = io_reason(source)
                );
                writeln!(f, "{} {text}", words.error)
            }
            Error::Other { message, help } => {
                writeln!(f, "{} {message}", words.error)?;
                if let Some(h) = help {
                    writeln!(f, "  = {} {h}", words.help)?;
                }
                Ok(())
            }
        }
    }
}

/// What could not be done to a file, from the catalogue when it has the
/// action (`io-action-read` for "read"), else as the code wrote it.
fn io_action(action: &str) -> String {
    let id = format!("io-action-{}", action.replace([' ', '/'], "-").trim_end_matches('-'));
    crate::i18n::lookup(crate::i18n::lang(), &id).unwrap_or_else(|| action.to_string())
}

/// Why, as the system says it, preceded by the catalogue's words for the
/// common kinds of failure (the system's text stays: it is what to search for).
fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    let id = match e.kind() {
        NotFound => "io-reason-not-found",
        PermissionDenied => "io-reason-permission-denied",
        AlreadyExists => "io-reason-already-exists",
        IsADirectory => "io-reason-is-a-directory",
        NotADirectory => "io-reason-not-a-directory",
        ReadOnlyFilesystem => "io-reason-read-only",
        StorageFull => "io-reason-storage-full",
        InvalidData => "io-reason-invalid-data",
        _ => return e.to_string(),
    };
    crate::t!(id, os = e.to_string())
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
