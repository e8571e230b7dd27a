//! The briefpack command line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use briefpack::error::{Error, Result};
use briefpack::output::{Inputs, Output, Role};
use briefpack::template::Templates;
use briefpack::theme::Theme;
use briefpack::{data, mail, monthly, pack, render};

#[derive(Parser)]
#[command(
    name = "briefpack",
    version,
    about = "Thai PDF briefing packs about Bangkok's partner cities, from TOML data and Handlebars templates",
    after_help = "Examples:\n  briefpack build briefs/trips/astana-2026-12.toml -o คณะเดินทางอัสตานา.pdf\n  briefpack check briefs/\n  briefpack monthly --month 2026-11 --send --to executives\n  briefpack send astana-2026-12.pdf --to executives\n  briefpack outbox\n  briefpack new trip seoul-2027-05 --city seoul\n  briefpack render templates/example.xml -o ตัวอย่าง.pdf"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the briefing pack for one or more trips.
    ///
    /// Example: briefpack build briefs/trips/astana-2026-12.toml -o อัสตานา.pdf
    Build {
        /// Trip files (briefs/trips/NAME.toml).
        #[arg(required = true)]
        trips: Vec<PathBuf>,
        /// Output PDF (one trip only; default: the trip's name with .pdf, in the current directory).
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        look: LookArgs,
        /// Rebuild whenever the trip, its city, a template or the theme changes.
        #[arg(long, conflicts_with = "send")]
        watch: bool,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// Build the monthly report: every interaction of a month across all cities.
    ///
    /// Example: briefpack monthly --month 2026-11 -o รายงานพฤศจิกายน.pdf briefs/
    Monthly {
        /// The month, YYYY-MM (Gregorian); default: the month before today.
        #[arg(long)]
        month: Option<String>,
        /// Output PDF (default: monthly-YYYY-MM.pdf in the current directory).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The briefs directory.
        #[arg(default_value = "briefs")]
        dir: PathBuf,
        #[command(flatten)]
        look: LookArgs,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// E-mail PDFs through the outbox, then send whatever else is pending there.
    ///
    /// Without PDFs, sends only what earlier runs left in the outbox.
    /// Example: briefpack send astana-2026-12.pdf --to executives
    Send {
        /// PDF files; one message each.
        pdfs: Vec<PathBuf>,
        /// Distribution lists (from the mail configuration) or addresses; repeatable or comma-separated.
        /// Default: default_to in the mail configuration.
        #[arg(long)]
        to: Vec<String>,
        /// The mail configuration (default: briefs/mail.toml).
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
    },
    /// List the messages waiting in the outbox.
    ///
    /// Example: briefpack outbox --config briefs/mail.toml
    Outbox {
        /// The mail configuration (default: briefs/mail.toml).
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Check every city and trip file under a directory; report all problems.
    ///
    /// Example: briefpack check briefs/
    Check {
        #[arg(default_value = "briefs")]
        dir: PathBuf,
        /// The theme the packs are built with: its fonts must have every character of the data.
        #[arg(long)]
        theme: Option<PathBuf>,
    },
    /// Write a new, valid city or trip file to fill in.
    ///
    /// Example: briefpack new trip seoul-2027-05 --city seoul
    New {
        /// `city` or `trip`.
        #[arg(value_parser = ["city", "trip"])]
        kind: String,
        /// File name without .toml (an ASCII id such as `tokyo` or `seoul-2027-05`).
        name: String,
        /// For a trip: the id of its city.
        #[arg(long)]
        city: Option<String>,
        /// The briefs directory.
        #[arg(long, default_value = "briefs")]
        dir: PathBuf,
    },
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

/// How `build` and `monthly` look: templates, theme, and the markup for template authors.
#[derive(clap::Args, Clone, Default)]
struct LookArgs {
    /// A directory of templates overriding the built-in ones by file name
    /// (pack.hbs and its partials, monthly.hbs, mail-*.hbs).
    #[arg(long)]
    templates: Option<PathBuf>,
    /// A theme TOML layered over the built-in one.
    #[arg(long)]
    theme: Option<PathBuf>,
    /// Write the generated markup next to the PDF (NAME.xml), for template authors.
    #[arg(long)]
    emit_markup: bool,
}

/// E-mail options of `build` and `monthly`.
#[derive(clap::Args, Clone, Default)]
struct MailArgs {
    /// E-mail the PDF (one message per PDF) through the outbox.
    #[arg(long)]
    send: bool,
    /// Distribution lists or addresses (repeatable, or comma-separated); default: default_to in the mail configuration.
    #[arg(long, requires = "send")]
    to: Vec<String>,
    /// The mail configuration (default: mail.toml in the briefs directory).
    #[arg(long, requires = "send")]
    config: Option<PathBuf>,
    /// With --send: write NAME.eml beside the PDF instead of sending.
    #[arg(long, requires = "send")]
    dry_run: bool,
    /// With --send: allow the SMTP password over an unencrypted connection.
    #[arg(long, requires = "send")]
    insecure: bool,
}

impl MailArgs {
    fn options(&self, default_config: PathBuf) -> mail::SendOptions {
        mail::SendOptions {
            config: self.config.clone().unwrap_or(default_config),
            to: self.to.clone(),
            dry_run: self.dry_run,
            insecure: self.insecure,
        }
    }
}

/// mimalloc: a third of the pack's time went to glibc malloc and to page
/// faults on memory it handed back to the system and took again.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    briefpack::timings::start();
    let cli = Cli::parse();
    briefpack::timings::mark("command line");
    let result = run(cli);
    briefpack::timings::mark("done");
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprint!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Render { input, output, theme: theme_file, keep } => {
            let default = input.with_extension("pdf");
            let out = pdf_output(output, &default);
            let mut inputs = Inputs::new();
            inputs.add(&input, Role::Markup).theme(theme_file.as_deref());
            out.check_early(&inputs)?;
            let source = data::read_text(&input, "read")?;
            let theme = Theme::load(theme_file.as_deref())?;
            let r = render::render_markup(&input, &source, &theme, &keep)?;
            for w in &r.warnings {
                eprintln!("{w}");
            }
            inputs.extend(&r.inputs);
            out.write(&inputs, &r.pdf)?;
            eprintln!("wrote {} ({} pages, {} bytes)", out.written(), r.pages, r.pdf.len());
            Ok(())
        }
        Command::Build { trips, output, look, watch, mail } => {
            if output.is_some() && trips.len() > 1 {
                return Err(Error::with_help(
                    "-o names one file but several trips were given",
                    "leave out -o: each pack is named after its trip",
                ));
            }
            let opts = BuildOptions { output, look, mail };
            if watch {
                return watch_loop(&trips, &opts);
            }
            build_all(&trips, &opts)
        }
        Command::Monthly { month, output, dir, look, mail } => {
            let month = match month {
                Some(m) => monthly::Month::parse(&m)?,
                None => monthly::Month::before(monthly::today()?),
            };
            let mut inputs = Inputs::new();
            inputs.templates(look.templates.as_deref()).theme(look.theme.as_deref());
            if mail.send {
                inputs.add(mail.options(dir.join("mail.toml")).config, Role::MailConfig);
            }
            // Before any work: what can be known without the data.
            if let Some(o) = &output {
                let default = PathBuf::from(format!("monthly-{month}.pdf"));
                check_outputs(&pdf_output(Some(o.clone()), &default), &look, &mail, &inputs, true)?;
            }
            let templates = Templates::load(look.templates.as_deref())?;
            let theme = Theme::load(look.theme.as_deref())?;
            let t0 = std::time::Instant::now();
            let report = monthly::build(&dir, month, &templates, &theme)?;
            inputs.extend(&report.rendered.inputs);
            let out = pdf_output(output, Path::new(&report.default_name));
            check_outputs(&out, &look, &mail, &inputs, false)?;
            for w in &report.rendered.warnings {
                eprintln!("{w}");
            }
            write_with_markup(&out, &report.rendered.pdf, &look, &report.markup, &inputs)?;
            eprintln!(
                "wrote {} ({} pages, {} bytes, {} interactions in {month}) in {:.2} s",
                out.written(),
                report.rendered.pages,
                report.rendered.pdf.len(),
                report.context["totals"]["interactions"],
                t0.elapsed().as_secs_f64()
            );
            if mail.send {
                let doc = mail::MailDoc {
                    path: out.path().to_path_buf(),
                    pdf: report.rendered.pdf,
                    kind: "monthly",
                    extra: serde_json::json!({ "month": report.context["month"].clone(), "report": report.context }),
                };
                mail::send(&[doc], &mail.options(dir.join("mail.toml")), &templates)?;
            }
            Ok(())
        }
        Command::Send { pdfs, to, config, dry_run, insecure, templates } => {
            if pdfs.is_empty() && !to.is_empty() {
                return Err(Error::with_help(
                    "--to was given but no PDF",
                    "name the PDFs to send: briefpack send FILE.pdf --to LIST",
                ));
            }
            let opts = mail::SendOptions {
                config: config.unwrap_or_else(|| PathBuf::from("briefs/mail.toml")),
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
            let templates = Templates::load(templates.as_deref())?;
            let docs = pdfs.iter().map(|p| mail::MailDoc::from_file(p)).collect::<Result<Vec<_>>>()?;
            mail::send(&docs, &opts, &templates)
        }
        Command::Outbox { config } => {
            let text = mail::list(&config.unwrap_or_else(|| PathBuf::from("briefs/mail.toml")))?;
            print!("{text}");
            Ok(())
        }
        Command::Check { dir, theme } => {
            let theme = Theme::load(theme.as_deref())?;
            let book = briefpack::fonts::FontBook::from_theme(&theme)?;
            let briefs = data::load_dir_with(&dir, Some(&data::Glyphs::new(&book)))?;
            let interactions: usize = briefs.cities.iter().map(|c| c.interactions.len()).sum();
            eprintln!(
                "{}: {} cities, {} interactions, {} trips: no problems found",
                dir.display(),
                briefs.cities.len(),
                interactions,
                briefs.trips.len()
            );
            Ok(())
        }
        Command::New { kind, name, city, dir } => new_file(&kind, &name, city.as_deref(), &dir),
    }
}

/// The PDF at `-o`, or at `default`; the help of a refusal suggests `default`.
fn pdf_output(o: Option<PathBuf>, default: &Path) -> Output {
    match o {
        Some(o) => {
            let hint = format!("choose another name with -o, e.g. -o {}", default.display());
            Output::pdf(o).rename_by(hint)
        }
        None => Output::pdf(default),
    }
}

/// What `send --dry-run` writes for `pdf`: the message beside it.
fn eml_beside(pdf: &Path) -> Output {
    Output::file(pdf.with_extension("eml"), "the message")
        .rename_by("rename the PDF: --dry-run writes its message beside it as NAME.eml")
}

/// Refuse, before writing anything, outputs of `build` and `monthly` that
/// would destroy an input: the PDF, the markup beside it, the dry run's
/// message. `early`: before the work, when not all inputs are known yet.
fn check_outputs(out: &Output, look: &LookArgs, mail: &MailArgs, inputs: &Inputs, early: bool) -> Result<()> {
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
fn write_with_markup(out: &Output, pdf: &[u8], look: &LookArgs, markup: &str, inputs: &Inputs) -> Result<()> {
    let staged = out.stage(inputs, pdf)?;
    let xml = match look.emit_markup {
        true => Some(out.beside("xml", "the markup", "--emit-markup")?.stage(inputs, markup.as_bytes())?),
        false => None,
    };
    staged.commit()?;
    xml.map_or(Ok(()), |x| x.commit())
}

struct BuildOptions {
    output: Option<PathBuf>,
    look: LookArgs,
    mail: MailArgs,
}

fn build_all(trips: &[PathBuf], opts: &BuildOptions) -> Result<()> {
    let templates = Templates::load(opts.look.templates.as_deref())?;
    briefpack::timings::mark("templates read");
    let theme = Theme::load(opts.look.theme.as_deref())?;
    briefpack::timings::mark("theme");
    let progress = (trips.len() > 1 && std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .then(|| indicatif::ProgressBar::new(trips.len() as u64));
    let mut failures = Vec::new();
    let mut built: Vec<mail::MailDoc> = Vec::new();
    let config = opts.mail.options(mail_config(trips)).config;
    for trip in trips {
        if let Some(p) = &progress {
            p.set_message(trip.display().to_string());
        }
        match build_one(trip, &templates, &theme, opts, &config) {
            Ok((msg, doc)) => {
                match &progress {
                    Some(p) => p.println(msg),
                    None => eprintln!("{msg}"),
                }
                built.extend(doc);
            }
            Err(e) => {
                // Keep going: every trip that can be built is built, and all problems are shown.
                match &progress {
                    Some(p) => p.println(e.to_string()),
                    None => eprint!("{e}"),
                }
                failures.push(trip.display().to_string());
            }
        }
        if let Some(p) = &progress {
            p.inc(1);
        }
    }
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    if opts.mail.send && !built.is_empty() {
        // Send what was built even when another pack failed: those are reported below.
        let sent = mail::send(&built, &opts.mail.options(config), &templates);
        if failures.is_empty() {
            return sent;
        }
        if let Err(e) = sent {
            eprint!("{e}");
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Error::other(format!("{} of {} packs failed: {}", failures.len(), trips.len(), failures.join(", "))))
    }
}

/// The default mail configuration of `build`: mail.toml in the briefs folder of the first trip.
fn mail_config(trips: &[PathBuf]) -> PathBuf {
    trips
        .first()
        .and_then(|t| t.parent())
        .and_then(Path::parent)
        .map(|b| b.join("mail.toml"))
        .unwrap_or_else(|| PathBuf::from("briefs/mail.toml"))
}

fn build_one(
    trip: &Path,
    templates: &Templates,
    theme: &Theme,
    opts: &BuildOptions,
    mail_config: &Path,
) -> Result<(String, Option<mail::MailDoc>)> {
    let mut inputs = Inputs::new();
    inputs.add(trip, Role::Trip).templates(opts.look.templates.as_deref()).theme(opts.look.theme.as_deref());
    if opts.mail.send {
        inputs.add(mail_config, Role::MailConfig);
    }
    // Before any work: what can be known without the data.
    if let Some(o) = &opts.output {
        let default = PathBuf::from(trip.file_stem().unwrap_or_default()).with_extension("pdf");
        check_outputs(&pdf_output(Some(o.clone()), &default), &opts.look, &opts.mail, &inputs, true)?;
    }
    let (rendered, markup, name) = pack::build(trip, templates, theme)?;
    inputs.extend(&rendered.inputs);
    let out = pdf_output(opts.output.clone(), Path::new(&name));
    check_outputs(&out, &opts.look, &opts.mail, &inputs, false)?;
    for w in &rendered.warnings {
        eprintln!("{w}");
    }
    write_with_markup(&out, &rendered.pdf, &opts.look, &markup, &inputs)?;
    briefpack::timings::mark("PDF written");
    let msg = format!("wrote {} ({} pages, {} bytes)", out.written(), rendered.pages, rendered.pdf.len());
    let doc = if opts.mail.send {
        let (t, c) = data::load_trip(trip)?;
        let path = out.path().to_path_buf();
        Some(mail::MailDoc { path, pdf: rendered.pdf, kind: "pack", extra: pack::context(&t, &c)? })
    } else {
        None
    };
    Ok((msg, doc))
}

/// Rebuild on change (for template authors). Polls modification times twice a
/// second: the files are few, and polling needs no platform watcher.
fn watch_loop(trips: &[PathBuf], opts: &BuildOptions) -> Result<()> {
    let watched = |trips: &[PathBuf]| -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = trips.to_vec();
        for t in trips {
            if let Some(briefs) = t.parent().and_then(Path::parent) {
                files.extend(walk(&briefs.join("cities")));
            }
        }
        if let Some(d) = &opts.look.templates {
            files.extend(walk(d));
        }
        files.extend(opts.look.theme.iter().cloned());
        files
    };
    let stamp = |files: &[PathBuf]| -> Vec<Option<std::time::SystemTime>> {
        files.iter().map(|f| std::fs::metadata(f).and_then(|m| m.modified()).ok()).collect()
    };
    let mut last = None;
    loop {
        let files = watched(trips);
        let now = stamp(&files);
        if last.as_ref() != Some(&now) {
            if let Err(e) = build_all(trips, opts) {
                eprint!("{e}");
            }
            eprintln!("watching {} files for changes (Ctrl-C to stop)", files.len());
            last = Some(now);
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn new_file(kind: &str, name: &str, city: Option<&str>, dir: &Path) -> Result<()> {
    let (path, text) = match kind {
        "city" => data::new_city(dir, name)?,
        _ => {
            let city =
                city.ok_or_else(|| Error::with_help("a trip needs its city", "add --city ID, e.g. --city seoul"))?;
            data::new_trip(dir, name, city)?
        }
    };
    // The folder is made if missing; a file there, or one made meanwhile, is never replaced.
    Output::new_file(&path, "the new file").write(&Inputs::new(), text.as_bytes())?;
    eprintln!("wrote {}: fill it in, then run `briefpack check {}`", path.display(), dir.display());
    Ok(())
}
