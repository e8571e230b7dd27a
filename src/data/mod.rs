//! Partner-city data (being written).
