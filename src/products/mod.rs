//! The products: what each puts into the template context, and the names it
//! hands the line breaker. [`pack`] is the briefing pack of one trip;
//! [`monthly`] the report of a month across all partner cities.

pub mod monthly;
pub mod pack;

use std::path::{Component, Path, PathBuf};

use crate::briefs::{City, Trip};
use crate::error::{Error, Result};
use crate::output::{Inputs, Role};
use crate::typeset::pdf::{Attachment, Conformance, PdfOptions};

/// Names of people and places, never split across lines: collected, then
/// longest first (so a full name wins over a part of it), each once.
#[derive(Default)]
pub struct Phrases(Vec<String>);

impl Phrases {
    pub fn add(&mut self, s: &str) {
        let s = s.trim();
        if !s.is_empty() {
            self.0.push(s.to_string());
        }
    }

    /// The city's own names: its people, itself, its country, its places.
    pub fn add_city(&mut self, city: &City) {
        for p in &city.people {
            self.add(&p.name_th);
        }
        self.add(&city.name_th);
        self.add(&city.country_th);
        for i in &city.interactions {
            self.add(&i.place_th);
        }
    }

    /// A trip's delegates and agenda places, with its city's names.
    pub fn add_trip(&mut self, trip: &Trip, city: &City) {
        self.add_city(city);
        for p in &city.people {
            if let Some(o) = &p.name_original {
                self.add(o);
            }
        }
        for d in &trip.delegation {
            self.add(&d.get_ref().name_th);
        }
        for item in trip.agenda.iter().flat_map(|day| &day.items) {
            if let Some(p) = &item.place {
                self.add(p);
            }
        }
    }

    /// Longest first, each once (sorted, then deduplicated: a city of
    /// thousands of people and places was searched name by name for each name).
    pub fn finish(mut self) -> Vec<String> {
        self.0.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        self.0.dedup();
        self.0
    }
}

/// Everything in a trip and its city that names a person or a place.
pub fn phrases(trip: &Trip, city: &City) -> Vec<String> {
    let mut out = Phrases::default();
    out.add_trip(trip, city);
    out.finish()
}

/// `options`, with the data files among `inputs` (trips, cities, their
/// interaction files) attached when they make a PDF/A-3u: each under its
/// path relative to the briefs folder `briefs` (`trips/astana-2026-12.toml`),
/// so that `briefpack extract` gives back a briefs folder.
pub fn with_data(options: &PdfOptions, inputs: &Inputs, briefs: &Path) -> Result<PdfOptions> {
    let mut options = options.clone();
    if options.conformance != Conformance::PdfA3u {
        return Ok(options);
    }
    let base = std::fs::canonicalize(briefs).unwrap_or_else(|_| briefs.to_path_buf());
    for (file, role) in inputs.files() {
        let what = match role {
            Role::Trip => "the trip file",
            Role::City => "the city file",
            Role::Interactions => "a file of the city's interactions",
            _ => continue,
        };
        let name = relative_name(file, &base).unwrap_or_else(|| fallback_name(file, role));
        if options.attachments.iter().any(|a| a.name == name) {
            continue;
        }
        let data = std::fs::read(file).map_err(|e| Error::io(file, "read", e))?;
        let description = format!("briefpack source data: {what} this document was made from");
        options.attachments.push(Attachment { name, data, description, mime: "application/toml".into() });
    }
    Ok(options)
}

/// `file` relative to the folder `base` (canonical), with `/` between
/// folders; none when it lies elsewhere. The file's folder is resolved,
/// not the file: a data file that is a symlink keeps its own name.
fn relative_name(file: &Path, base: &Path) -> Option<String> {
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let full: PathBuf = std::fs::canonicalize(dir).ok()?.join(file.file_name()?);
    let rel = full.strip_prefix(base).ok()?;
    let parts: Option<Vec<String>> = rel
        .components()
        .map(|c| match c {
            Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    parts.filter(|p| !p.is_empty()).map(|p| p.join("/"))
}

/// Where a data file outside the briefs folder goes in one: a trip in
/// `trips/`, a city in `cities/`, an interactions file in its city's folder.
fn fallback_name(file: &Path, role: Role) -> String {
    let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    match role {
        Role::Trip => format!("trips/{}", name(file)),
        Role::Interactions => format!("cities/{}/{}", file.parent().map(name).unwrap_or_default(), name(file)),
        _ => format!("cities/{}", name(file)),
    }
}
