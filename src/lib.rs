//! briefpack: TOML data about Bangkok's partner cities -> Handlebars templates
//! -> document markup -> Thai layout -> PDF -> delivery.
//!
//! The folders are the pipeline, top to bottom; each imports only what is
//! listed below it (`tests/layering.rs` holds the code to this):
//! - [`cli`]: one file per command, with its options;
//! - [`project`]: where things are (the briefs folder, templates, theme, mail.toml);
//! - [`products`]: the pack and the monthly report: what each hands the templates;
//! - [`mail`]: messages composed from templates, the outbox, SMTP;
//! - [`briefs`]: partner cities, interactions and trips read from TOML, checked;
//! - [`template`]: the Handlebars templates and Thai helpers that make markup;
//! - [`typeset`]: markup -> layout -> PDF (style, text, markup, image, layout, pdf);
//! - the ground every stage stands on: [`diag`] and [`error`] (what went
//!   wrong, where), [`source`] (reading text files), [`output`] (writing
//!   files safely), [`term`] (what a run says on standard error: `-q`, `-v`,
//!   colour), [`i18n`] (the language of messages and help, English or Thai),
//!   [`source_date`], [`thai`] (digits, months), [`timings`].

pub mod cli;
pub mod project;

pub mod products;

pub mod mail;

pub mod briefs;
pub mod template;

pub mod typeset;

pub mod diag;
pub mod error;
pub mod i18n;
pub mod output;
pub mod source;
pub mod source_date;
pub mod term;
pub mod thai;
pub mod timings;

pub use diag::Diagnostic;
pub use error::{Error, Result};
