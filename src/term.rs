//! What a run tells the user on standard error, and how: `-q` (errors
//! only), `-v` (timings and more), and colour (`--color`, `NO_COLOR`).
//!
//! Messages are built as plain text everywhere (tests, `check --format
//! json` and logs see them so); colour is added here, at the edge, by
//! [`crate::diag::paint`], and [`anstream`] takes it out again when colour
//! is off (`--color never`, `NO_COLOR`, standard error not a terminal).

use std::fmt::Display;
use std::sync::atomic::{AtomicU8, Ordering};

/// How much a run says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// `-q`: errors only.
    Quiet,
    Normal,
    /// `-v`: timings and extra information too.
    Verbose,
}

/// When to colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    /// When standard error is a terminal and `NO_COLOR` is not set.
    Auto,
    Always,
    Never,
}

static VERBOSITY: AtomicU8 = AtomicU8::new(1);

/// Set how much to say and when to colour; the CLI calls it once, first.
pub fn init(color: Color, verbosity: Verbosity) {
    VERBOSITY.store(verbosity as u8, Ordering::Relaxed);
    anstream::ColorChoice::write_global(match color {
        Color::Auto => anstream::ColorChoice::Auto,
        Color::Always => anstream::ColorChoice::Always,
        Color::Never => anstream::ColorChoice::Never,
    });
    if verbosity == Verbosity::Verbose {
        crate::timings::enable();
    }
}

pub fn verbosity() -> Verbosity {
    match VERBOSITY.load(Ordering::Relaxed) {
        0 => Verbosity::Quiet,
        1 => Verbosity::Normal,
        _ => Verbosity::Verbose,
    }
}

/// `-q` was given: say nothing but errors, show no progress.
pub fn quiet() -> bool {
    verbosity() == Verbosity::Quiet
}

/// Whether what goes to standard error is coloured (for writers that do
/// not go through [`anstream`], such as a progress bar's).
pub fn colored() -> bool {
    anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
}

/// The text with colour when colour is on, plain otherwise.
pub fn styled(text: &str) -> String {
    match colored() {
        true => crate::diag::paint(text),
        false => text.to_string(),
    }
}

/// Write already rendered text (it ends with a newline), coloured.
fn write(text: &str) {
    use std::io::Write;
    let mut err = anstream::stderr().lock();
    // Nothing to do about a closed standard error: the exit code still tells.
    let _ = err.write_all(crate::diag::paint(text).as_bytes()).and_then(|()| err.flush());
}

fn line(text: impl Display) -> String {
    let mut s = text.to_string();
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// An error (or several, already rendered): always shown.
pub fn error(text: impl Display) {
    write(&line(text));
}

/// A warning (its text starts with or holds `warning:`): not with `-q`.
pub fn warn(text: impl Display) {
    if !quiet() {
        write(&line(text));
    }
}

/// What a run did ("wrote ...", "queued ..."): not with `-q`.
pub fn info(text: impl Display) {
    if !quiet() {
        write(&line(text));
    }
}

/// Extra information: only with `-v`.
pub fn verbose(text: impl Display) {
    if verbosity() == Verbosity::Verbose {
        write(&line(text));
    }
}
