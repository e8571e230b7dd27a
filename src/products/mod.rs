//! The products: what each puts into the template context, and the names it
//! hands the line breaker. [`pack`] is the briefing pack of one trip;
//! [`monthly`] the report of a month across all partner cities.

pub mod monthly;
pub mod pack;

use crate::briefs::{City, Trip};

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
