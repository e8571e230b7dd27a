//! Options and output rules shared by several commands.

use std::path::{Path, PathBuf};

use clap::builder::{PossibleValuesParser, TypedValueParser};

use crate::error::{Error, Result};
use crate::mail;
use crate::output::{Inputs, Output};
use crate::project::{PdfA, PdfStandard, PdfStandards, Project};
use crate::template::Templates;
use crate::typeset::pdf::{Conformance, PdfOptions};

/// How `build` and `monthly` look: templates, theme, and the markup for template authors.
#[derive(clap::Args, Clone, Default)]
pub struct LookArgs {
    /// A directory of templates overriding the built-in ones by file name
    /// (pack.hbs and its partials, monthly.hbs, mail-*.hbs).
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// A theme TOML layered over the built-in one.
    #[arg(long)]
    pub theme: Option<PathBuf>,
    /// Write the generated markup next to the PDF (NAME.xml), for template authors.
    #[arg(long)]
    pub emit_markup: bool,
}

impl LookArgs {
    /// The templates and theme named on the command line, else the project's.
    pub fn or_project(mut self, project: &Project) -> LookArgs {
        self.templates = self.templates.or_else(|| project.templates().map(Path::to_path_buf));
        self.theme = self.theme.or_else(|| project.theme().map(Path::to_path_buf));
        self
    }
}

/// The templates, with `dir` overriding the built-in ones; warns of a file
/// there that overrides nothing (a misspelt name).
pub fn load_templates(dir: Option<&Path>) -> Result<Templates> {
    let templates = Templates::load(dir)?;
    for w in templates.warnings() {
        eprintln!("{w}");
    }
    Ok(templates)
}

/// The standards a PDF claims: `--pdf-standard` of `build`, `monthly` and `render`.
#[derive(clap::Args, Clone, Default)]
pub struct PdfArgs {
    /// Standards the PDF follows: a-2u or a-3u (PDF/A, archival; a-3u also carries the data files it was made
    /// from, for `briefpack extract`), ua-1 (PDF/UA, tagged for screen readers), or none (a plain PDF).
    /// Repeatable, or comma-separated; default: pdf_standard in briefpack.toml, else a-2u,ua-1.
    #[arg(long = "pdf-standard", value_name = "STANDARD", value_delimiter = ',', value_parser = standard_parser())]
    pub pdf_standard: Vec<PdfStandard>,
}

/// The names of [`PdfStandard`], offered in help, completions and clap's
/// did-you-mean.
fn standard_parser() -> impl TypedValueParser<Value = PdfStandard> {
    PossibleValuesParser::new(PdfStandard::ALL.map(PdfStandard::name))
        .try_map(|name| PdfStandard::from_name(&name).ok_or("not a standard"))
}

impl PdfArgs {
    /// The standards given, else the project's; checked to go together.
    pub fn standards(&self, project: &Project) -> Result<PdfStandards> {
        if self.pdf_standard.is_empty() {
            return Ok(project.pdf_standards());
        }
        PdfStandards::from_list(&self.pdf_standard).map_err(|(message, help)| {
            let given: Vec<&str> = self.pdf_standard.iter().map(|s| s.name()).collect();
            Error::with_help(format!("--pdf-standard {}: {message}", given.join(",")), help)
        })
    }

    /// How the PDF is written, for the standards given or the project's.
    pub fn options(&self, project: &Project) -> Result<PdfOptions> {
        Ok(pdf_options(self.standards(project)?))
    }
}

/// The PDF options of a set of standards (nothing attached yet).
pub fn pdf_options(standards: PdfStandards) -> PdfOptions {
    let conformance = match standards.pdfa {
        Some(PdfA::A2u) => Conformance::PdfA2u,
        Some(PdfA::A3u) => Conformance::PdfA3u,
        None => Conformance::Plain,
    };
    PdfOptions { conformance, tagged: standards.ua1, attachments: Vec::new() }
}

/// E-mail options of `build` and `monthly`.
#[derive(clap::Args, Clone, Default)]
pub struct MailArgs {
    /// E-mail the PDF (one message per PDF) through the outbox.
    #[arg(long)]
    pub send: bool,
    /// Distribution lists or addresses (repeatable, or comma-separated); default: default_to in the mail configuration.
    #[arg(long, requires = "send")]
    pub to: Vec<String>,
    /// The mail configuration (default: mail.toml in the briefs directory).
    #[arg(long, requires = "send")]
    pub config: Option<PathBuf>,
    /// With --send: write NAME.eml beside the PDF instead of sending.
    #[arg(long, requires = "send")]
    pub dry_run: bool,
    /// With --send: allow the SMTP password over an unencrypted connection.
    #[arg(long, requires = "send")]
    pub insecure: bool,
}

impl MailArgs {
    /// The options of the send, with `default_config` unless `--config`.
    pub fn options(&self, default_config: PathBuf) -> mail::SendOptions {
        mail::SendOptions {
            config: self.config.clone().unwrap_or(default_config),
            to: self.to.clone(),
            dry_run: self.dry_run,
            insecure: self.insecure,
        }
    }
}

/// The PDF at `-o`, or at `default`; the help of a refusal suggests `default`.
pub fn pdf_output(o: Option<PathBuf>, default: &Path) -> Output {
    match o {
        Some(o) => {
            let hint = crate::t!("output-rename-with-o-eg", default = default.display());
            Output::pdf(o).rename_by(hint)
        }
        None => Output::pdf(default),
    }
}

/// Make the project's output folder before a document is written into it
/// by default (`-o` names a file, whose folder must exist).
pub fn make_output_dir(o: Option<&Path>, project: &Project) -> Result<()> {
    match (o, project.output_dir()) {
        (None, Some(dir)) => std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, "make the output folder", e)),
        _ => Ok(()),
    }
}

/// What `send --dry-run` writes for `pdf`: the message beside it.
pub fn eml_beside(pdf: &Path) -> Output {
    Output::file(pdf.with_extension("eml"), "the message").rename_by(crate::t!("output-rename-eml"))
}

/// Refuse, before writing anything, outputs of `build` and `monthly` that
/// would destroy an input: the PDF, the markup beside it, the dry run's
/// message. `early`: before the work, when not all inputs are known yet.
pub fn check_outputs(out: &Output, look: &LookArgs, mail: &MailArgs, inputs: &Inputs, early: bool) -> Result<()> {
    match early {
        true => out.check_early(inputs)?,
        false => out.check(inputs)?,
    }
    if look.emit_markup {
        out.beside("xml", "the markup", "--emit-markup")?.check(inputs)?;
    }
    if mail.send && out.is_stdout() {
        return Err(Error::with_help(
            "--send attaches the PDF file to a message, and -o - (standard output) writes no file",
            "give the PDF a file name with -o, or leave out --send",
        ));
    }
    if mail.send && mail.dry_run {
        eml_beside(out.path()).check(inputs)?;
    }
    Ok(())
}

/// The PDF, and with --emit-markup the markup beside it, only once the PDF
/// is in place; both are written to temporary files first, so a failure
/// leaves neither.
pub fn write_with_markup(out: &Output, pdf: &[u8], look: &LookArgs, markup: &str, inputs: &Inputs) -> Result<()> {
    let staged = out.stage(inputs, pdf)?;
    let xml = match look.emit_markup {
        true => Some(out.beside("xml", "the markup", "--emit-markup")?.stage(inputs, markup.as_bytes())?),
        false => None,
    };
    staged.commit()?;
    xml.map_or(Ok(()), |x| x.commit())
}

/// File arguments with their wildcards expanded, as a shell would have:
/// `"briefs/trips/*.toml"` quoted, or on Windows, whose shells leave
/// patterns alone. An argument that names a file as it is stays as it is
/// (a file may be called `a[1].toml`); one whose pattern matches nothing,
/// or is not a valid pattern, is an error naming it. Matches come in
/// alphabetical order, as a shell gives them.
pub fn expand_globs(args: &[PathBuf], what: &str) -> Result<Vec<PathBuf>> {
    let mut out = Vec::with_capacity(args.len());
    for arg in args {
        let text = arg.to_string_lossy();
        if arg.exists() || !text.contains(['*', '?', '[']) {
            out.push(arg.clone());
            continue;
        }
        let matches = glob::glob(&text).map_err(|e| {
            Error::with_help(
                format!("{text} is not a valid pattern: {} (at character {})", e.msg, e.pos + 1),
                "* matches any name part, ? one character, [abc] one of them; quote the name to mean it as it is",
            )
        })?;
        let mut found = Vec::new();
        for m in matches {
            found.push(m.map_err(|e| {
                let path = e.path().to_path_buf();
                Error::io(&path, "read", e.into())
            })?);
        }
        if found.is_empty() {
            return Err(Error::with_help(
                format!("no file matches {text}"),
                format!("check the pattern, or list the {what} by name"),
            ));
        }
        crate::term::verbose(format!("{text}: {} files", found.len()));
        out.extend(found);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_expand_in_order_and_a_real_name_stays() {
        let dir = tempfile::tempdir().unwrap();
        for n in ["b.toml", "a.toml", "c.txt", "x[1].toml"] {
            std::fs::write(dir.path().join(n), "").unwrap();
        }
        let d = |n: &str| dir.path().join(n);
        let got = expand_globs(&[d("*.toml"), d("x[1].toml"), d("c.txt")], "trips").unwrap();
        assert_eq!(got, [d("a.toml"), d("b.toml"), d("x[1].toml"), d("x[1].toml"), d("c.txt")]);
        let e = expand_globs(&[d("*.tomll")], "trips").unwrap_err().to_string();
        assert!(e.contains("no file matches") && e.contains("*.tomll"), "{e}");
        let e = expand_globs(&[d("[a.toml")], "trips").unwrap_err().to_string();
        assert!(e.contains("is not a valid pattern"), "{e}");
    }
}
