//! `briefpack init`: a new project (briefpack.toml, a small example city and
//! trip that pass `check` and build, an empty templates folder, and the
//! JSON Schemas the example files name for editors in `schema/`).

use std::path::{Path, PathBuf};

use crate::briefs::{SCHEMA_DIR, SchemaKind};
use crate::error::{Error, Result};
use crate::output::{Inputs, Output};
use crate::project::MANIFEST;
use crate::template::BUILTIN;

#[derive(clap::Args)]
pub struct Args {
    /// The project's folder (made if missing; default: the current one).
    #[arg(default_value = ".")]
    dir: PathBuf,
}

/// The files of a new project: (path in it, text).
fn files() -> Vec<(String, String)> {
    let names: Vec<String> = BUILTIN.iter().map(|(n, _)| format!("{n}.hbs")).collect();
    let readme = format!(
        "Files here override the built-in templates of the same name ({}); \
         copy one from briefpack's templates/ folder to start from it.\n",
        names.join(", ")
    );
    let mut files: Vec<(String, String)> = [
        (MANIFEST, include_str!("../../data/init/briefpack.toml").to_string()),
        ("briefs/cities/seoul.toml", include_str!("../../data/init/seoul.toml").to_string()),
        ("briefs/trips/seoul-2027-03.toml", include_str!("../../data/init/seoul-trip.toml").to_string()),
        ("templates/README.md", readme),
    ]
    .into_iter()
    .map(|(path, text)| (path.to_string(), text))
    .collect();
    // The example files' `#:schema ../../schema/...` lines name these.
    files.extend(SchemaKind::ALL.map(|k| (format!("{SCHEMA_DIR}/{}", k.file_name()), k.schema_text())));
    files
}

pub fn run(Args { dir }: Args) -> Result<()> {
    let files = files();
    let at = |rel: &str| match dir == Path::new(".") {
        true => PathBuf::from(rel),
        false => dir.join(rel),
    };
    // Every file is checked before any is written: a project is made whole or not at all.
    for (rel, _) in &files {
        let path = at(rel);
        if std::fs::symlink_metadata(&path).is_ok() {
            let help = match rel == MANIFEST {
                true => "this folder is a project already; run `briefpack init NEW-FOLDER` for another",
                false => "move it away, or run `briefpack init NEW-FOLDER`",
            };
            return Err(Error::with_help(format!("{} exists already", path.display()), help));
        }
    }
    for (rel, text) in &files {
        Output::new_file(at(rel), "the new file").write(&Inputs::new(), text.as_bytes())?;
    }
    let shown = |p: &Path| if p == Path::new(".") { String::new() } else { format!("cd {} && ", p.display()) };
    eprintln!(
        "made a project in {}: {MANIFEST}, briefs/ (a city and a trip), templates/, {SCHEMA_DIR}/ (for editors)\n\
         next: {}briefpack check && briefpack build seoul-2027-03",
        dir.display(),
        shown(&dir)
    );
    Ok(())
}
