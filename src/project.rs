//! Where things are: the briefs folder and what lies in it. Worked out here
//! once, so that every command and the data loader agree:
//!
//! ```text
//! briefs/
//!   cities/<id>.toml        a partner city
//!   cities/<id>/*.toml      more of its interactions (and its photos)
//!   trips/<id>.toml         a planned visit
//!   mail.toml               the mail configuration
//! ```

use std::path::{Path, PathBuf};

/// A briefs folder (`briefs/` in a checkout of the examples).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BriefsDir(PathBuf);

/// The briefs folder a command uses when none is named.
pub const DEFAULT_BRIEFS: &str = "briefs";

impl BriefsDir {
    pub fn new(dir: impl Into<PathBuf>) -> BriefsDir {
        BriefsDir(dir.into())
    }

    /// The folder a trip file belongs to: the parent of its `trips/`
    /// folder (a trip given as `x.toml` from inside `trips/` is in `..`).
    pub fn of_trip(trip: &Path) -> BriefsDir {
        let trip_dir = trip.parent().unwrap_or(Path::new(""));
        match trip_dir.parent() {
            Some(base) if !trip_dir.as_os_str().is_empty() && trip_dir.file_name().is_some() => BriefsDir::new(base),
            _ => BriefsDir::new(trip_dir.join("..")),
        }
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn cities(&self) -> PathBuf {
        self.0.join("cities")
    }

    pub fn trips(&self) -> PathBuf {
        self.0.join("trips")
    }

    pub fn trip_file(&self, id: &str) -> PathBuf {
        self.trips().join(format!("{id}.toml"))
    }

    /// The mail configuration used when `--config` names none.
    pub fn mail_config(&self) -> PathBuf {
        self.0.join("mail.toml")
    }
}

impl Default for BriefsDir {
    fn default() -> BriefsDir {
        BriefsDir::new(DEFAULT_BRIEFS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trip_belongs_to_the_folder_above_its_trips_folder() {
        assert_eq!(BriefsDir::of_trip(Path::new("briefs/trips/a.toml")).path(), Path::new("briefs"));
        assert_eq!(BriefsDir::of_trip(Path::new("/x/briefs/trips/a.toml")).cities(), Path::new("/x/briefs/cities"));
        assert_eq!(BriefsDir::of_trip(Path::new("a.toml")).cities(), Path::new("../cities"));
        assert_eq!(BriefsDir::of_trip(Path::new("trips/a.toml")).mail_config(), Path::new("mail.toml"));
    }
}
