//! Options and output rules shared by several commands.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::mail;
use crate::output::{Inputs, Output};
use crate::project::Project;
use crate::template::Templates;

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
            let hint = format!("choose another name with -o, e.g. -o {}", default.display());
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
    Output::file(pdf.with_extension("eml"), "the message")
        .rename_by("rename the PDF: --dry-run writes its message beside it as NAME.eml")
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
