//! Text machinery: the fonts of a theme ([`fonts`]), shaping with HarfRust
//! ([`shape`]), which characters can be printed ([`coverage`]), and where a
//! line of Thai may break ([`linebreak`]).

pub mod coverage;
pub mod fonts;
pub mod linebreak;
pub mod shape;

pub use coverage::{Glyphs, is_forbidden};
