//! `briefpack outbox`: the messages waiting to be sent.

use std::path::PathBuf;

use crate::error::Result;
use crate::mail;
use crate::project::Project;

#[derive(clap::Args)]
pub struct Args {
    /// The mail configuration (default: the project's, else briefs/mail.toml).
    #[arg(long)]
    config: Option<PathBuf>,
}

pub fn run(Args { config }: Args, project: &Project) -> Result<()> {
    let text = mail::list(&config.unwrap_or_else(|| project.mail_config(project.briefs())))?;
    print!("{text}");
    Ok(())
}
