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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(diags) => {
                for d in diags {
                    write!(f, "{d}")?;
                }
                if diags.len() > 1 {
                    writeln!(f, "{} problems found", diags.len())?;
                }
                Ok(())
            }
            Error::Io { path, action, source } => {
                writeln!(f, "error: cannot {action} {}: {source}", path.display())
            }
            Error::Other { message, help } => {
                writeln!(f, "error: {message}")?;
                if let Some(h) = help {
                    writeln!(f, "  = help: {h}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
