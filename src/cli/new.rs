//! `briefpack new`: a new, valid city or trip file to fill in; it names its
//! JSON Schema in a `#:schema` first line when the project has the schemas
//! (`schema/` beside the briefs folder, as `briefpack init` makes it).

use std::path::{Path, PathBuf};

use crate::briefs::{self, SCHEMA_DIR, SchemaKind};
use crate::error::{Error, Result};
use crate::output::{Inputs, Output};
use crate::project::Project;
use crate::term;

#[derive(clap::Args)]
pub struct Args {
    /// `city` or `trip`.
    #[arg(value_parser = ["city", "trip"])]
    kind: String,
    /// File name without .toml (an ASCII id such as `tokyo` or `seoul-2027-05`).
    name: String,
    /// For a trip: the id of its city.
    #[arg(long)]
    city: Option<String>,
    /// The briefs directory (default: the project's, else briefs).
    #[arg(long)]
    dir: Option<PathBuf>,
}

pub fn run(Args { kind, name, city, dir }: Args, project: &Project) -> Result<()> {
    let dir = dir.unwrap_or_else(|| project.briefs().path().to_path_buf());
    let (path, text) = match kind.as_str() {
        "city" => with_schema(briefs::new_city(&dir, &name)?, SchemaKind::City),
        _ => {
            let city = city.ok_or_else(|| {
                Error::with_help(crate::t!("new-trip-needs-city"), crate::t!("new-trip-needs-city-help"))
            })?;
            with_schema(briefs::new_trip(&dir, &name, &city)?, SchemaKind::Trip)
        }
    };
    // The folder is made if missing; a file there, or one made meanwhile, is never replaced.
    Output::new_file(&path, "the new file").write(&Inputs::new(), text.as_bytes())?;
    term::info(crate::t!("new-wrote", path = path.display(), dir = dir.display()));
    Ok(())
}

/// The new file's text with a `#:schema` first line when there is a schema
/// of its kind two folders up (`briefs/cities/x.toml` -> `schema/`).
fn with_schema((path, text): (PathBuf, String), kind: SchemaKind) -> (PathBuf, String) {
    let rel = format!("../../{SCHEMA_DIR}/{}", kind.file_name());
    let there = path.parent().unwrap_or(Path::new(".")).join(&rel).is_file();
    match there {
        true => (path, format!("#:schema {rel}\n{text}")),
        false => (path, text),
    }
}
