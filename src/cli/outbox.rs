//! `briefpack outbox`: the messages waiting to be sent.

use std::path::PathBuf;

use crate::error::Result;
use crate::mail;
use crate::project::BriefsDir;

#[derive(clap::Args)]
pub struct Args {
    /// The mail configuration (default: briefs/mail.toml).
    #[arg(long)]
    config: Option<PathBuf>,
}

pub fn run(Args { config }: Args) -> Result<()> {
    let text = mail::list(&config.unwrap_or_else(|| BriefsDir::default().mail_config()))?;
    print!("{text}");
    Ok(())
}
