//! Partner-city data read from TOML and checked.
//!
//! A briefs folder holds:
//! - `cities/<id>.toml`: one partner city ([`City`]): `[city]`, `[relationship]`,
//!   `[[people]]`, `[[figures]]`, `[[interactions]]`;
//! - `cities/<id>/*.toml`: more `[[interactions]]` of that city;
//! - `trips/<id>.toml`: one planned visit ([`Trip`]).
//!
//! [`load_dir`] reads all of it, [`load_trip`] one trip and its city. Every
//! problem found in a run is reported at once as [`crate::Error::Input`], each
//! with file, line, column and a caret under the spot. The structs serialize
//! (serde) into the JSON that templates see; briefs/README.md describes
//! every field. [`SchemaKind`] gives the JSON Schema of each kind of file,
//! for editors (`briefpack schema`).

mod city;
mod ctx;
mod date;
mod figure;
mod interaction;
mod load;
mod parse;
mod person;
mod read;
mod scaffold;
mod schema;
mod text;
mod trip;
mod validate;

#[cfg(test)]
mod tests;

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::output::{Inputs, Role};

pub use city::{City, CityInfo, Fact, Profile, Relationship, RelationshipKind};
pub use date::{Date, parse_loose_date};
pub use figure::{Figure, FigureSeries};
pub use interaction::{Interaction, InteractionKind, Photo};
pub use load::{load_dir, load_dir_with, load_trip, load_trip_with, refuse_placeholders};
pub use person::{Person, Side};
pub use scaffold::{new_city, new_trip, scaffold_city, scaffold_trip};
pub use schema::{SCHEMA_DIR, SchemaKind};
pub use trip::{AgendaDay, AgendaItem, Delegate, Trip, TripStatus};

/// Everything in a briefs folder: cities (with their interactions) and trips,
/// each ordered by id.
#[derive(Debug, Clone, Serialize)]
pub struct Briefs {
    pub cities: Vec<City>,
    pub trips: Vec<Trip>,
}

impl Briefs {
    /// The city with this id (file stem).
    pub fn city(&self, id: &str) -> Option<&City> {
        self.cities.iter().find(|c| c.id == id)
    }

    /// The trip with this id (file stem).
    pub fn trip(&self, id: &str) -> Option<&Trip> {
        self.trips.iter().find(|t| t.id == id)
    }
}

impl City {
    /// A city's file, its interaction files (`cities/<id>/*.toml`, as the
    /// loader finds them) and every photo it names.
    pub fn record_inputs(&self, inputs: &mut Inputs) {
        inputs.add(&self.file, Role::City);
        let side = self.file.with_extension("");
        if let Ok(entries) = fs::read_dir(&side) {
            let mut more: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
                .collect();
            more.sort();
            for p in more {
                inputs.add(p, Role::Interactions);
            }
        }
        for p in self.emblem.iter().chain(self.people.iter().filter_map(|p| p.photo_full_path.as_ref())) {
            inputs.add(p, Role::Photo);
        }
        for p in self.interactions.iter().flat_map(|i| i.photos.iter()) {
            inputs.add(&p.full_path, Role::Photo);
        }
    }
}

impl Briefs {
    /// Everything `load_dir(dir)` read: every city (as [`City::record_inputs`]) and trip.
    pub fn record_inputs(&self, dir: &Path, inputs: &mut Inputs) {
        for c in &self.cities {
            c.record_inputs(inputs);
        }
        for t in &self.trips {
            inputs.add(dir.join("trips").join(format!("{}.toml", t.id)), Role::Trip);
        }
    }
}
