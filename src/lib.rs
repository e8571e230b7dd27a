//! briefpack: TOML data about Bangkok's partner cities -> Handlebars templates
//! -> document markup -> Thai layout -> PDF -> delivery.
//!
//! Each stage is one module:
//! - [`data`]: partner cities, interactions and trips read from TOML, validated.
//! - [`template`]: Handlebars templates and Thai helpers that turn data into markup.
//! - [`markup`]: the XHTML-like document markup, parsed with positions.
//! - [`theme`]: styles (fonts, sizes, page, margins) from a TOML theme.
//! - [`fonts`], [`shape`], [`linebreak`]: Thai text machinery.
//! - [`layout`]: lines, justification, tables and pages.
//! - [`pdf`]: PDF output through printpdf with an exact text layer.
//! - [`monthly`]: the monthly report across all partner cities.
//! - [`mail`]: e-mail delivery of PDFs through an outbox (SMTP, lettre).
//! - [`output`]: where files are written: never over an input, atomically, devices and symlinks kept.

pub mod data;
pub mod error;
pub mod thai;

pub use error::{Diagnostic, Error, Result};
pub mod fonts;
pub mod image;
pub mod layout;
pub mod linebreak;
pub mod mail;
pub mod markup;
pub mod monthly;
pub mod output;
pub mod pack;
pub mod pdf;
pub mod render;
pub mod shape;
pub mod template;
pub mod theme;
pub mod timings;
