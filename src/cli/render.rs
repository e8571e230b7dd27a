//! `briefpack render`: a markup file straight to PDF, for template authors.

use std::path::PathBuf;

use super::options::{PdfArgs, pdf_output};
use crate::error::{Error, Result};
use crate::output::{Inputs, Role};
use crate::project::Project;
use crate::term;
use crate::typeset::pdf::{Attachment, Conformance};
use crate::typeset::{self, style::Theme};

#[derive(clap::Args)]
pub struct Args {
    /// The markup file.
    input: PathBuf,
    /// Where to write the PDF (default: the input name with .pdf).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// A theme TOML layered over the built-in one (default: the project's).
    #[arg(long)]
    theme: Option<PathBuf>,
    /// A phrase never to split across lines (repeatable).
    #[arg(long = "keep")]
    keep: Vec<String>,
    #[command(flatten)]
    pdf: PdfArgs,
}

pub fn run(Args { input, output, theme: theme_file, keep, pdf }: Args, project: &Project) -> Result<()> {
    let mut pdf = pdf.options(project)?;
    let theme_file = theme_file.or_else(|| project.theme().map(PathBuf::from));
    let default = input.with_extension("pdf");
    let out = pdf_output(output, &default);
    let mut inputs = Inputs::new();
    inputs.add(&input, Role::Markup).theme(theme_file.as_deref());
    out.check_early(&inputs)?;
    let source = crate::source::read_text(&input, "read")?;
    let theme = Theme::load(theme_file.as_deref())?;
    // A PDF/A-3u carries its source: the markup file as it is, under its name.
    if pdf.conformance == Conformance::PdfA3u {
        let name = input.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "markup.xml".into());
        let data = std::fs::read(&input).map_err(|e| Error::io(&input, "read", e))?;
        let description = "briefpack source: the markup this document was typeset from".into();
        pdf.attachments.push(Attachment { name, data, description, mime: "application/xml".into() });
    }
    let r = typeset::render_markup(&input, &source, &theme, &keep, &pdf)?;
    for w in &r.warnings {
        term::warn(w);
    }
    inputs.extend(&r.inputs);
    out.write(&inputs, &r.pdf)?;
    term::info(format!("wrote {} ({} pages, {} bytes)", out.written(), r.pages, r.pdf.len()));
    Ok(())
}
