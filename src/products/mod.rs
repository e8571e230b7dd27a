//! The products: what each puts into the template context, and the names it
//! hands the line breaker. [`pack`] is the briefing pack of one trip;
//! [`monthly`] the report of a month across all partner cities.

pub mod monthly;
pub mod pack;

use crate::briefs::{City, Trip};

/// Everything in the data that names a person or a place.
pub fn phrases(trip: &Trip, city: &City) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |s: &str| {
        let s = s.trim();
        if !s.is_empty() {
            out.push(s.to_string());
        }
    };
    for p in &city.people {
        add(&p.name_th);
        if let Some(o) = &p.name_original {
            add(o);
        }
    }
    for d in &trip.delegation {
        add(&d.get_ref().name_th);
    }
    add(&city.name_th);
    add(&city.country_th);
    for i in &city.interactions {
        add(&i.place_th);
    }
    for day in &trip.agenda {
        for item in &day.items {
            if let Some(p) = &item.place {
                add(p);
            }
        }
    }
    // Longest first, so a full name wins over a part of it; each once
    // (sorted, then deduplicated: a city of thousands of people and places
    // was searched name by name for each name).
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    out.dedup();
    out
}
