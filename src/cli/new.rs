//! `briefpack new`: a new, valid city or trip file to fill in.

use std::path::PathBuf;

use crate::briefs;
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
        "city" => briefs::new_city(&dir, &name)?,
        _ => {
            let city = city.ok_or_else(|| {
                Error::with_help(crate::t!("new-trip-needs-city"), crate::t!("new-trip-needs-city-help"))
            })?;
            briefs::new_trip(&dir, &name, &city)?
        }
    };
    // The folder is made if missing; a file there, or one made meanwhile, is never replaced.
    Output::new_file(&path, "the new file").write(&Inputs::new(), text.as_bytes())?;
    term::info(crate::t!("new-wrote", path = path.display(), dir = dir.display()));
    Ok(())
}
