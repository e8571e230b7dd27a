//! `briefpack check`: every city and trip file of a briefs folder, all problems at once.

use std::path::PathBuf;

use crate::briefs;
use crate::error::Result;
use crate::project::Project;
use crate::typeset::style::Theme;
use crate::typeset::text::{Glyphs, fonts::FontBook};

#[derive(clap::Args)]
pub struct Args {
    /// The briefs directory (default: the project's, else briefs).
    dir: Option<PathBuf>,
    /// The theme the packs are built with: its fonts must have every character of the data
    /// (default: the project's, else the built-in one).
    #[arg(long)]
    theme: Option<PathBuf>,
}

pub fn run(Args { dir, theme }: Args, project: &Project) -> Result<()> {
    let dir = dir.unwrap_or_else(|| project.briefs().path().to_path_buf());
    let theme = Theme::load(theme.as_deref().or(project.theme()))?;
    let book = FontBook::from_theme(&theme)?;
    let briefs = briefs::load_dir_with(&dir, Some(&Glyphs::new(&book)))?;
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
