//! The command line: one file per command, each with its options and its
//! `run`. [`Cli`] is what clap parses; [`run`] hands it to its command.

mod build;
mod check;
mod init;
mod monthly;
mod new;
mod options;
mod outbox;
mod render;
mod send;

use clap::{Parser, Subcommand};

use crate::error::Result;
use crate::project::Project;

#[derive(Parser)]
#[command(
    name = "briefpack",
    version,
    about = "Thai PDF briefing packs about Bangkok's partner cities, from TOML data and Handlebars templates",
    after_help = "Examples:\n  briefpack build briefs/trips/astana-2026-12.toml -o คณะเดินทางอัสตานา.pdf\n  briefpack init bangkok-partners\n  briefpack check briefs/\n  briefpack monthly --month 2026-11 --send --to executives\n  briefpack send astana-2026-12.pdf --to executives\n  briefpack outbox\n  briefpack new trip seoul-2027-05 --city seoul\n  briefpack render templates/example.xml -o ตัวอย่าง.pdf"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Make a new project: briefpack.toml, example briefs, a templates folder.
    ///
    /// Every command run in the project's folder or below it finds briefpack.toml
    /// (as cargo finds Cargo.toml) and takes its defaults from it.
    /// Example: briefpack init bangkok-partners
    Init(init::Args),
    /// Build the briefing pack for one or more trips.
    ///
    /// Example: briefpack build briefs/trips/astana-2026-12.toml -o อัสตานา.pdf
    Build(build::Args),
    /// Build the monthly report: every interaction of a month across all cities.
    ///
    /// Example: briefpack monthly --month 2026-11 -o รายงานพฤศจิกายน.pdf briefs/
    Monthly(monthly::Args),
    /// E-mail PDFs through the outbox, then send whatever else is pending there.
    ///
    /// Without PDFs, sends only what earlier runs left in the outbox.
    /// Example: briefpack send astana-2026-12.pdf --to executives
    Send(send::Args),
    /// List the messages waiting in the outbox.
    ///
    /// Example: briefpack outbox --config briefs/mail.toml
    Outbox(outbox::Args),
    /// Check every city and trip file under a directory; report all problems.
    ///
    /// Example: briefpack check briefs/
    Check(check::Args),
    /// Write a new, valid city or trip file to fill in.
    ///
    /// Example: briefpack new trip seoul-2027-05 --city seoul
    New(new::Args),
    /// Typeset a markup file (see templates/README.md) into a PDF.
    ///
    /// Example: briefpack render templates/example.xml -o ตัวอย่าง.pdf
    Render(render::Args),
}

/// Run the command the arguments name.
pub fn run(cli: Cli) -> Result<()> {
    // The project, found once: briefpack.toml here or above (none: today's defaults).
    let project = match &cli.command {
        Command::Init(_) => Project::default(),
        _ => Project::discover()?,
    };
    match cli.command {
        Command::Init(args) => init::run(args),
        Command::Build(args) => build::run(args, &project),
        Command::Monthly(args) => monthly::run(args, &project),
        Command::Send(args) => send::run(args, &project),
        Command::Outbox(args) => outbox::run(args, &project),
        Command::Check(args) => check::run(args, &project),
        Command::New(args) => new::run(args, &project),
        Command::Render(args) => render::run(args, &project),
    }
}
