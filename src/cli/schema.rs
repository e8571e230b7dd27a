//! `briefpack schema`: the JSON Schema of a kind of data file, for editors
//! (Taplo: a `#:schema PATH` first line), to standard output; or all three
//! into a folder, as the repository ships them in `schema/`.

use std::path::PathBuf;

use crate::briefs::SchemaKind;
use crate::error::{Error, Result};
use crate::output::{Inputs, Output};
use crate::term;

#[derive(clap::Args)]
pub struct Args {
    /// `city` (cities/ID.toml), `interactions` (cities/ID/*.toml) or `trip` (trips/ID.toml).
    #[arg(value_parser = ["city", "interactions", "trip"], required_unless_present = "dir", conflicts_with = "dir")]
    kind: Option<String>,
    /// Write all three (city.schema.json, interactions.schema.json, trip.schema.json) into this folder
    /// (made if missing) instead of one to standard output.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub fn run(Args { kind, dir }: Args) -> Result<()> {
    let Some(dir) = dir else {
        // clap has checked the word, and that there is one.
        let kind = kind.as_deref().and_then(SchemaKind::from_name).unwrap_or(SchemaKind::City);
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        return out
            .write_all(kind.schema_text().as_bytes())
            .and_then(|()| out.flush())
            .map_err(|e| Error::other(format!("cannot write the schema to standard output: {e}")));
    };
    for kind in SchemaKind::ALL {
        let path = dir.join(kind.file_name());
        Output::file(&path, "the schema").write(&Inputs::new(), kind.schema_text().as_bytes())?;
        term::verbose(format!("wrote {}", path.display()));
    }
    term::info(format!("wrote {} schemas to {}", SchemaKind::ALL.len(), dir.display()));
    Ok(())
}
