//! The briefpack command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use briefpack::error::{Error, Result};
use briefpack::render;
use briefpack::theme::Theme;

#[derive(Parser)]
#[command(
    name = "briefpack",
    version,
    about = "Thai PDF briefing packs about Bangkok's partner cities"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Typeset a markup file (see templates/README.md) into a PDF.
    ///
    /// Example: briefpack render templates/example.xml -o ตัวอย่าง.pdf
    Render {
        /// The markup file.
        input: PathBuf,
        /// Where to write the PDF (default: the input name with .pdf).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// A theme TOML layered over the built-in one.
        #[arg(long)]
        theme: Option<PathBuf>,
        /// A phrase never to split across lines (repeatable).
        #[arg(long = "keep")]
        keep: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprint!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Render {
            input,
            output,
            theme,
            keep,
        } => {
            let source =
                std::fs::read_to_string(&input).map_err(|e| Error::io(&input, "read", e))?;
            let theme = Theme::load(theme.as_deref())?;
            let out = output.unwrap_or_else(|| input.with_extension("pdf"));
            let r = render::render_markup(&input, &source, &theme, &keep)?;
            for w in &r.warnings {
                eprintln!("{w}");
            }
            render::write_atomic(&out, &r.pdf)?;
            eprintln!(
                "wrote {} ({} pages, {} bytes)",
                out.display(),
                r.pages,
                r.pdf.len()
            );
            Ok(())
        }
    }
}
