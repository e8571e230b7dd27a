//! `briefpack build`: the briefing pack of each trip given, optionally
//! e-mailed, optionally rebuilt on every change (`--watch`).

use std::path::{Path, PathBuf};

use super::options::{
    LookArgs, MailArgs, PdfArgs, check_outputs, expand_globs, make_output_dir, pdf_output, write_with_markup,
};
use crate::briefs;
use crate::error::{Error, Result};
use crate::mail;
use crate::output::{Inputs, Role};
use crate::products::pack;
use crate::project::{BriefsDir, Project};
use crate::t;
use crate::template::Templates;
use crate::term;
use crate::typeset::pdf::PdfOptions;
use crate::typeset::style::Theme;

#[derive(clap::Args)]
pub struct Args {
    /// Trip files (briefs/trips/NAME.toml; in a project also trips/NAME.toml or NAME, from anywhere in it);
    /// a quoted pattern such as "briefs/trips/*.toml" is expanded.
    #[arg(required = true)]
    trips: Vec<PathBuf>,
    /// Output PDF (one trip only; default: the trip's name with .pdf, in the project's output folder or the current directory).
    #[arg(short, long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    look: LookArgs,
    #[command(flatten)]
    pdf: PdfArgs,
    /// Rebuild whenever the trip, its city, a template or the theme changes.
    #[arg(long, conflicts_with = "send")]
    watch: bool,
    #[command(flatten)]
    mail: MailArgs,
}

pub fn run(mut args: Args, project: &Project) -> Result<()> {
    args.trips = expand_globs(&args.trips, "trip files")?;
    args.trips = args.trips.iter().map(|t| project.trip(t)).collect();
    args.look = args.look.or_project(project);
    if args.output.is_some() && args.trips.len() > 1 {
        return Err(Error::with_help(t!("build-o-several"), t!("build-o-several-help")));
    }
    // A mistake in --pdf-standard is reported once, not at every rebuild.
    args.pdf.standards(project)?;
    if args.watch {
        return watch_loop(&args, project);
    }
    build_all(&args, project)
}

/// Where messages go while packs are built: above the progress bar when
/// several trips are built on a terminal (and not with -q), else straight
/// to standard error.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(count: usize) -> Progress {
        let shown = count > 1 && !term::quiet() && std::io::IsTerminal::is_terminal(&std::io::stderr());
        Progress(shown.then(|| indicatif::ProgressBar::new(count as u64)))
    }

    fn start(&self, trip: &Path) {
        if let Some(p) = &self.0 {
            p.set_message(trip.display().to_string());
        }
    }

    /// What was done, or a warning: not with -q (then there is no bar).
    fn say(&self, text: &str) {
        match &self.0 {
            Some(p) => p.println(term::styled(text.trim_end())),
            None => term::info(text),
        }
    }

    /// An error: always shown.
    fn error(&self, text: &str) {
        match &self.0 {
            Some(p) => p.println(term::styled(text.trim_end())),
            None => term::error(text),
        }
    }

    fn done_one(&self) {
        if let Some(p) = &self.0 {
            p.inc(1);
        }
    }

    fn finish(self) {
        if let Some(p) = self.0 {
            p.finish_and_clear();
        }
    }
}

fn build_all(args: &Args, project: &Project) -> Result<()> {
    let templates = super::options::load_templates(args.look.templates.as_deref())?;
    crate::timings::mark("templates read");
    let theme = Theme::load(args.look.theme.as_deref())?;
    crate::timings::mark("theme");
    let pdf = args.pdf.options(project)?;
    let look = Look { templates: &templates, theme: &theme, pdf: &pdf };
    let progress = Progress::new(args.trips.len());
    let mut failures = Vec::new();
    let mut built: Vec<mail::MailDoc> = Vec::new();
    let config = args.mail.options(mail_config(&args.trips, project)).config;
    for trip in &args.trips {
        progress.start(trip);
        match build_one(trip, &look, args, &config, &progress, project) {
            Ok((msg, doc)) => {
                progress.say(&msg);
                built.extend(doc);
            }
            Err(e) => {
                // Keep going: every trip that can be built is built, and all problems are shown.
                progress.error(&e.to_string());
                failures.push(trip.display().to_string());
            }
        }
        progress.done_one();
    }
    progress.finish();
    if args.mail.send && !built.is_empty() {
        // Send what was built even when another pack failed: those are reported below.
        let sent = mail::send(&built, &args.mail.options(config), &templates);
        if failures.is_empty() {
            return sent;
        }
        if let Err(e) = sent {
            term::error(e);
        }
    }
    match failures.is_empty() {
        true => Ok(()),
        false => Err(Error::other(t!(
            "build-failed",
            failed = failures.len(),
            total = args.trips.len(),
            trips = failures.join(", ")
        ))),
    }
}

/// The default mail configuration of `build`: the project's, else mail.toml
/// in the briefs folder of the first trip.
fn mail_config(trips: &[PathBuf], project: &Project) -> PathBuf {
    project.mail_config(&trips.first().map(|t| BriefsDir::of_trip(t)).unwrap_or_default())
}

/// What every pack of a run shares: templates, theme, PDF options.
struct Look<'a> {
    templates: &'a Templates,
    theme: &'a Theme,
    pdf: &'a PdfOptions,
}

fn build_one(
    trip: &Path,
    look: &Look,
    args: &Args,
    mail_config: &Path,
    progress: &Progress,
    project: &Project,
) -> Result<(String, Option<mail::MailDoc>)> {
    let mut inputs = Inputs::new();
    inputs.add(trip, Role::Trip).templates(args.look.templates.as_deref()).theme(args.look.theme.as_deref());
    if args.mail.send {
        inputs.add(mail_config, Role::MailConfig);
    }
    // Before any work: what can be known without the data.
    if let Some(o) = &args.output {
        let default = PathBuf::from(trip.file_stem().unwrap_or_default()).with_extension("pdf");
        check_outputs(&pdf_output(Some(o.clone()), &default), &args.look, &args.mail, &inputs, true)?;
    }
    let (rendered, markup, name) = pack::build(trip, look.templates, look.theme, project.classification(), look.pdf)?;
    inputs.extend(&rendered.inputs);
    let out = pdf_output(args.output.clone(), &project.output_file(Path::new(&name)));
    check_outputs(&out, &args.look, &args.mail, &inputs, false)?;
    for w in &rendered.warnings {
        progress.say(w);
    }
    make_output_dir(args.output.as_deref(), project)?;
    write_with_markup(&out, &rendered.pdf, &args.look, &markup, &inputs)?;
    crate::timings::mark("PDF written");
    let mut msg = t!("build-wrote", path = out.written(), pages = rendered.pages, bytes = rendered.pdf.len());
    if term::verbosity() == term::Verbosity::Verbose {
        for (file, _) in inputs.files() {
            msg.push_str(&format!("\n  read {}", file.display()));
        }
    }
    let doc = if args.mail.send {
        let (t, c) = briefs::load_trip(trip)?;
        let path = out.path().to_path_buf();
        Some(mail::MailDoc {
            path,
            pdf: rendered.pdf,
            kind: "pack",
            extra: pack::context(&t, &c, project.classification())?,
        })
    } else {
        None
    };
    Ok((msg, doc))
}

/// Rebuild on change (for template authors). Polls modification times twice a
/// second: the files are few, and polling needs no platform watcher.
fn watch_loop(args: &Args, project: &Project) -> Result<()> {
    let mut last = None;
    loop {
        let files = watched(args);
        let now: Vec<Option<std::time::SystemTime>> =
            files.iter().map(|f| std::fs::metadata(f).and_then(|m| m.modified()).ok()).collect();
        if last.as_ref() != Some(&now) {
            if let Err(e) = build_all(args, project) {
                term::error(e);
            }
            term::info(format!("watching {} files for changes (Ctrl-C to stop)", files.len()));
            last = Some(now);
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
}

/// The files a rebuild depends on: the trips, their cities, the templates, the theme.
fn watched(args: &Args) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = args.trips.to_vec();
    for t in &args.trips {
        files.extend(walk(&BriefsDir::of_trip(t).cities()));
    }
    if let Some(d) = &args.look.templates {
        files.extend(walk(d));
    }
    files.extend(args.look.theme.iter().cloned());
    files
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
