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
//! every field.

mod city;
mod date;
mod figure;
mod interaction;
mod load;
mod person;
mod scaffold;
mod text;
mod trip;
mod validate;

#[cfg(test)]
mod tests;

use serde::Serialize;

pub use city::{City, CityInfo, Fact, Profile, Relationship, RelationshipKind};
pub use date::{Date, parse_loose_date};
pub use figure::{Figure, FigureSeries};
pub use interaction::{Interaction, InteractionKind, Photo};
pub use load::{load_dir, load_dir_with, load_trip, load_trip_with, read_text};
pub use person::{Person, Side};
pub use scaffold::{new_city, new_trip, scaffold_city, scaffold_trip};
pub use text::{Glyphs, is_forbidden};
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
