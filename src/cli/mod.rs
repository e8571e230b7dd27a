//! The command line: one file per command, each with its options and its
//! `run`. [`Cli`] is what clap parses; [`run`] hands it to its command.

mod build;
mod check;
mod completions;
mod extract;
mod help;
mod init;
mod man;
mod monthly;
mod new;
mod options;
mod outbox;
mod render;
mod schema;
mod send;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::error::Result;
use crate::i18n::{self, Lang};
use crate::project::Project;
use crate::term::{self, Verbosity};

#[derive(Parser)]
#[command(
    name = "briefpack",
    version,
    about = "Thai PDF briefing packs about Bangkok's partner cities, from TOML data and Handlebars templates",
    after_help = "Examples:\n  briefpack build briefs/trips/astana-2026-12.toml -o คณะเดินทางอัสตานา.pdf\n  briefpack init bangkok-partners\n  briefpack check briefs/\n  briefpack monthly --month 2026-11 --send --to executives\n  briefpack send astana-2026-12.pdf --to executives\n  briefpack outbox\n  briefpack new trip seoul-2027-05 --city seoul\n  briefpack render tests/fixtures/thai-sample.xml -o ตัวอย่าง.pdf\n  briefpack build briefs/trips/astana-2026-12.toml --pdf-standard a-3u\n  briefpack extract astana-2026-12.pdf restored\n  briefpack schema city > city.schema.json\n  briefpack completions bash > ~/.local/share/bash-completion/completions/briefpack"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// When to colour messages (auto: when standard error is a terminal and NO_COLOR is unset).
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = clap::ColorChoice::Auto)]
    color: clap::ColorChoice,
    /// Say nothing but errors (no progress, no warnings, no "wrote ...").
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Say more: the time each stage took, and extra information.
    #[arg(short, long, global = true)]
    verbose: bool,
    /// The language of messages and help, en or th (default: from LC_ALL, LC_MESSAGES or LANG).
    #[arg(long, global = true, value_name = "LANG", value_parser = ["en", "th"])]
    lang: Option<String>,
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
    /// Example: briefpack render tests/fixtures/thai-sample.xml -o ตัวอย่าง.pdf
    Render(render::Args),
    /// Write out the data files a PDF/A-3u pack carries (built with --pdf-standard a-3u).
    ///
    /// Each goes under DIR at its path in the briefs folder, e.g. trips/astana-2026-12.toml.
    /// Example: briefpack extract อัสตานา.pdf restored-briefs
    Extract(extract::Args),
    /// Print the JSON Schema of city, interaction or trip files, for editors (Taplo: a `#:schema` line).
    ///
    /// The repository ships them in schema/; briefs/README.md says how to use them.
    /// Example: briefpack schema --dir schema
    Schema(schema::Args),
    /// Print the shell completion script for bash, zsh, fish, powershell or elvish.
    ///
    /// Example: briefpack completions zsh > ~/.zfunc/_briefpack
    Completions(completions::Args),
    /// Write the manual pages (roff): briefpack(1) to standard output, or all of them into a folder.
    ///
    /// Example: briefpack man --dir /usr/local/share/man/man1
    Man(man::Args),
}

/// The command line of this process, parsed, and [`term`] and [`i18n`] set
/// by it (how much to say, when to colour, in which language); exits with
/// clap's message on a mistake. `--color` and `--lang` are read first so
/// that clap's own help and errors follow them too (clap colours and words
/// them before any argument is parsed).
pub fn parse() -> Cli {
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = flag_value(&args, "--lang")
        .and_then(|v| Lang::from_code(&v))
        .unwrap_or_else(|| i18n::lang_of_env(|k| std::env::var(k).ok()));
    i18n::set(lang);
    let matches = help::localize(Cli::command(), lang).color(color_flag(&args)).get_matches_from(&args);
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    let color = match cli.color {
        clap::ColorChoice::Auto => term::Color::Auto,
        clap::ColorChoice::Always => term::Color::Always,
        clap::ColorChoice::Never => term::Color::Never,
    };
    term::init(color, verbosity);
    cli
}

/// The value of the last `--color WHEN` or `--color=WHEN` before `--`;
/// auto when there is none or it is not one of the values (clap reports that).
fn color_flag(args: &[OsString]) -> clap::ColorChoice {
    flag_values(args, "--color").filter_map(|v| clap::ColorChoice::from_str(&v, true).ok()).last().unwrap_or_default()
}

/// The value of the last `FLAG VALUE` or `FLAG=VALUE` before `--`.
fn flag_value(args: &[OsString], flag: &str) -> Option<String> {
    flag_values(args, flag).last()
}

fn flag_values<'a>(args: &'a [OsString], flag: &'a str) -> impl Iterator<Item = String> + 'a {
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    std::iter::from_fn(move || {
        while let Some(arg) = it.next() {
            let value = match arg.as_ref() {
                "--" => return None,
                a if a == flag => it.next().map(|v| v.into_owned()),
                a => a.strip_prefix(flag).and_then(|r| r.strip_prefix('=')).map(str::to_string),
            };
            if value.is_some() {
                return value;
            }
        }
        None
    })
}

/// Run the command the arguments name; `check --format json` exits with
/// failure after printing its problems itself.
pub fn run(cli: Cli) -> Result<ExitCode> {
    // The project, found once: briefpack.toml here or above (none: today's defaults).
    let project = match &cli.command {
        Command::Init(_) | Command::Extract(_) | Command::Schema(_) | Command::Completions(_) | Command::Man(_) => {
            Project::default()
        }
        _ => Project::discover()?,
    };
    match cli.command {
        Command::Init(args) => init::run(args),
        Command::Build(args) => build::run(args, &project),
        Command::Monthly(args) => monthly::run(args, &project),
        Command::Send(args) => send::run(args, &project),
        Command::Outbox(args) => outbox::run(args, &project),
        Command::Check(args) => return check::run(args, &project),
        Command::New(args) => new::run(args, &project),
        Command::Render(args) => render::run(args, &project),
        Command::Extract(args) => extract::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Completions(args) => completions::run(args, Cli::command()),
        Command::Man(args) => man::run(args, Cli::command()),
    }?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn color(args: &[&str]) -> clap::ColorChoice {
        color_flag(&args.iter().map(OsString::from).collect::<Vec<_>>())
    }

    #[test]
    fn the_color_flag_is_read_before_parsing() {
        assert_eq!(color(&["briefpack", "check"]), clap::ColorChoice::Auto);
        assert_eq!(color(&["briefpack", "--color", "never", "check"]), clap::ColorChoice::Never);
        assert_eq!(color(&["briefpack", "check", "--color=always"]), clap::ColorChoice::Always);
        assert_eq!(color(&["briefpack", "--color=never", "--color", "always"]), clap::ColorChoice::Always);
        assert_eq!(color(&["briefpack", "send", "--", "--color=never"]), clap::ColorChoice::Auto);
        assert_eq!(color(&["briefpack", "--color", "blue"]), clap::ColorChoice::Auto);
    }

    #[test]
    fn the_lang_flag_is_read_before_parsing() {
        let lang = |args: &[&str]| flag_value(&args.iter().map(OsString::from).collect::<Vec<_>>(), "--lang");
        assert_eq!(lang(&["briefpack", "check"]), None);
        assert_eq!(lang(&["briefpack", "--lang", "th", "check"]).as_deref(), Some("th"));
        assert_eq!(lang(&["briefpack", "check", "--lang=en", "--lang", "th"]).as_deref(), Some("th"));
        assert_eq!(lang(&["briefpack", "send", "--", "--lang=th"]), None);
        assert_eq!(lang(&["briefpack", "--language=th"]), None);
    }

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
