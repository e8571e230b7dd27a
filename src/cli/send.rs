//! `briefpack send`: e-mail PDFs through the outbox, then whatever else is pending.

use std::path::PathBuf;

use super::options::{eml_beside, expand_globs};
use crate::error::{Error, Result};
use crate::mail;
use crate::output::{Inputs, Role};
use crate::project::Project;

#[derive(clap::Args)]
pub struct Args {
    /// PDF files; one message each. A quoted pattern such as "out/*.pdf" is expanded.
    pdfs: Vec<PathBuf>,
    /// Distribution lists (from the mail configuration) or addresses; repeatable or comma-separated.
    /// Default: default_to in the mail configuration.
    #[arg(long)]
    to: Vec<String>,
    /// The mail configuration (default: the project's, else briefs/mail.toml).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Write each message as NAME.eml beside its PDF; send nothing.
    #[arg(long)]
    dry_run: bool,
    /// Allow sending the SMTP password over an unencrypted connection.
    #[arg(long)]
    insecure: bool,
    /// A directory of templates overriding mail-subject.hbs, mail-body.hbs, mail-attachment.hbs.
    #[arg(long)]
    templates: Option<PathBuf>,
}

pub fn run(Args { pdfs, to, config, dry_run, insecure, templates }: Args, project: &Project) -> Result<()> {
    let templates = templates.or_else(|| project.templates().map(PathBuf::from));
    if pdfs.is_empty() && !to.is_empty() {
        return Err(Error::with_help(crate::t!("send-to-without-pdf"), crate::t!("send-to-without-pdf-help")));
    }
    let pdfs = expand_globs(&pdfs, "PDFs")?;
    let opts = mail::SendOptions {
        config: config.unwrap_or_else(|| project.mail_config(project.briefs())),
        to,
        dry_run,
        insecure,
    };
    if dry_run {
        let mut inputs = Inputs::new();
        inputs.add(&opts.config, Role::MailConfig).templates(templates.as_deref());
        for p in &pdfs {
            inputs.add(p, Role::Pdf);
        }
        for p in &pdfs {
            eml_beside(p).check(&inputs)?;
        }
    }
    let templates = super::options::load_templates(templates.as_deref())?;
    let docs = pdfs.iter().map(|p| mail::MailDoc::from_file(p)).collect::<Result<Vec<_>>>()?;
    mail::send(&docs, &opts, &templates)
}
