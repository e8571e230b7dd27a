//! `briefpack check`: every city and trip file of a briefs folder, all
//! problems at once; for people, or as JSON lines for programs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value, json};

use crate::briefs::{self, Briefs};
use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::project::Project;
use crate::term;
use crate::typeset::style::Theme;
use crate::typeset::text::{Glyphs, fonts::FontBook};

#[derive(clap::Args)]
pub struct Args {
    /// The briefs directory (default: the project's, else briefs).
    dir: Option<PathBuf>,
    /// The theme the packs are built with: its fonts must have every character of the data
    /// (default: the project's, else the built-in one).
    #[arg(long)]
    theme: Option<PathBuf>,
    /// human: messages on standard error; json: one JSON object per problem per line on
    /// standard output, then a summary object (for editors and scripts).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum Format {
    Human,
    Json,
}

pub fn run(Args { dir, theme, format }: Args, project: &Project) -> Result<ExitCode> {
    let dir = dir.unwrap_or_else(|| project.briefs().path().to_path_buf());
    let checked = check(&dir, theme.as_deref().or(project.theme()));
    if format == Format::Json {
        return json_lines(&dir, &checked);
    }
    let briefs = checked?;
    let warnings = warnings(&briefs);
    for w in &warnings {
        term::warn(w);
    }
    let interactions: usize = briefs.cities.iter().map(|c| c.interactions.len()).sum();
    let (cities, trips) = (briefs.cities.len(), briefs.trips.len());
    term::info(if warnings.is_empty() {
        crate::t!("check-no-problems", dir = dir.display(), cities, interactions, trips)
    } else {
        crate::t!("check-warnings", dir = dir.display(), cities, interactions, trips, warnings = warnings.len())
    });
    Ok(ExitCode::SUCCESS)
}

/// What the data holds that does not stop a run (placeholders), by file.
fn warnings(briefs: &Briefs) -> Vec<&Diagnostic> {
    let mut all: Vec<&Diagnostic> =
        briefs.cities.iter().flat_map(|c| &c.warnings).chain(briefs.trips.iter().flat_map(|t| &t.warnings)).collect();
    all.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    all
}

fn check(dir: &Path, theme: Option<&Path>) -> Result<Briefs> {
    let theme = Theme::load(theme)?;
    let book = FontBook::from_theme(&theme)?;
    briefs::load_dir_with(dir, Some(&Glyphs::new(&book)))
}

/// `--format json`: each problem, then the summary, one JSON object a line
/// on standard output (as `cargo --message-format json`); failure when
/// there were problems.
fn json_lines(dir: &Path, checked: &Result<Briefs>) -> Result<ExitCode> {
    let problems = match checked {
        Ok(briefs) => warnings(briefs).into_iter().map(diagnostic).collect(),
        Err(e) => problems(e),
    };
    let warnings = problems.iter().filter(|p| p["severity"] == "warning").count();
    let errors = problems.len() - warnings;
    let counts = checked.as_ref().ok().map(|b| {
        let interactions: usize = b.cities.iter().map(|c| c.interactions.len()).sum();
        (b.cities.len(), interactions, b.trips.len())
    });
    let summary = json!({
        "type": "summary",
        "dir": dir.display().to_string(),
        "errors": errors,
        "warnings": warnings,
        "cities": counts.map(|c| c.0),
        "interactions": counts.map(|c| c.1),
        "trips": counts.map(|c| c.2),
    });
    let mut text = String::new();
    for value in problems.iter().chain([&summary]) {
        text.push_str(&value.to_string());
        text.push('\n');
    }
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Error::other(format!("cannot write to standard output: {e}")))?;
    Ok(if errors == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Each problem of `e` as a JSON object; lines and columns count from 1
/// (columns in characters), `end` is just past the marked span, and all
/// three are null for a problem with a whole file or with none.
fn problems(e: &Error) -> Vec<Value> {
    match e {
        Error::Input(diags) => diags.iter().map(diagnostic).collect(),
        Error::Io { path, action, source } => {
            vec![problem(Some(path), None, &format!("cannot {action} {}: {source}", path.display()), None)]
        }
        Error::Other { message, help } => vec![problem(None, None, message, help.as_deref())],
    }
}

fn diagnostic(d: &Diagnostic) -> Value {
    let at = (d.line > 0).then_some((d.line, d.column, d.width as usize));
    let mut p = problem(Some(&d.file), at, &d.message, d.help.as_deref());
    if d.is_warning() {
        p["severity"] = "warning".into();
    }
    p
}

fn problem(file: Option<&Path>, at: Option<(usize, usize, usize)>, message: &str, help: Option<&str>) -> Value {
    json!({
        "type": "diagnostic",
        "severity": "error",
        "file": file.map(|f| f.display().to_string()),
        "line": at.map(|a| a.0),
        "column": at.map(|a| a.1),
        "end": at.map(|(line, column, width)| json!({ "line": line, "column": column + width })),
        "message": message,
        "help": help,
    })
}
