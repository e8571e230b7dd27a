//! `briefpack monthly`: the report of one month across all partner cities.

use std::path::{Path, PathBuf};

use super::options::{LookArgs, MailArgs, PdfArgs, check_outputs, make_output_dir, pdf_output, write_with_markup};
use crate::error::Result;
use crate::mail;
use crate::output::{Inputs, Role};
use crate::products::monthly::{self, Month};
use crate::project::{BriefsDir, Project};
use crate::term;
use crate::typeset::style::Theme;

#[derive(clap::Args)]
pub struct Args {
    /// The month, YYYY-MM (Gregorian); default: the month before today.
    #[arg(long)]
    month: Option<String>,
    /// Output PDF (default: monthly-YYYY-MM.pdf in the project's output folder or the current directory).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// The briefs directory (default: the project's, else briefs).
    dir: Option<PathBuf>,
    #[command(flatten)]
    look: LookArgs,
    #[command(flatten)]
    pdf: PdfArgs,
    #[command(flatten)]
    mail: MailArgs,
}

pub fn run(Args { month, output, dir, look, pdf, mail }: Args, project: &Project) -> Result<()> {
    let dir = dir.unwrap_or_else(|| project.briefs().path().to_path_buf());
    let look = look.or_project(project);
    let pdf = pdf.options(project)?;
    let month = match month {
        Some(m) => Month::parse(&m)?,
        None => Month::before(monthly::today()?),
    };
    let mail_config = project.mail_config(&BriefsDir::new(&dir));
    let mut inputs = Inputs::new();
    inputs.templates(look.templates.as_deref()).theme(look.theme.as_deref());
    if mail.send {
        inputs.add(mail.options(mail_config.clone()).config, Role::MailConfig);
    }
    // Before any work: what can be known without the data.
    if let Some(o) = &output {
        let default = PathBuf::from(format!("monthly-{month}.pdf"));
        check_outputs(&pdf_output(Some(o.clone()), &default), &look, &mail, &inputs, true)?;
    }
    let templates = super::options::load_templates(look.templates.as_deref())?;
    let theme = Theme::load(look.theme.as_deref())?;
    let t0 = std::time::Instant::now();
    let report = monthly::build(&dir, month, &templates, &theme, project.classification(), &pdf)?;
    inputs.extend(&report.rendered.inputs);
    let out = pdf_output(output.clone(), &project.output_file(Path::new(&report.default_name)));
    check_outputs(&out, &look, &mail, &inputs, false)?;
    for w in &report.rendered.warnings {
        term::warn(w);
    }
    make_output_dir(output.as_deref(), project)?;
    write_with_markup(&out, &report.rendered.pdf, &look, &report.markup, &inputs)?;
    term::info(crate::t!(
        "monthly-wrote",
        path = out.written(),
        pages = report.rendered.pages,
        bytes = report.rendered.pdf.len(),
        interactions = report.context["totals"]["interactions"].to_string(),
        month = month.to_string(),
        seconds = format!("{:.2}", t0.elapsed().as_secs_f64())
    ));
    if mail.send {
        let doc = mail::MailDoc {
            path: out.path().to_path_buf(),
            pdf: report.rendered.pdf,
            kind: "monthly",
            extra: serde_json::json!({ "month": report.context["month"].clone(), "report": report.context }),
        };
        mail::send(&[doc], &mail.options(mail_config), &templates)?;
    }
    Ok(())
}
