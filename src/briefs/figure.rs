//! [`Figure`]: one number of a city's relations in one year, and
//! [`FigureSeries`]: all figures with the same key, for tables and charts.

use serde::Serialize;
use toml::Spanned;

use super::ctx::FileCtx;
use super::read::{FromToml, Reader, Value};

/// One `[[figures]]` entry: a value in a given (Gregorian) year.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// ASCII key grouping a series over the years, e.g. `"trade_usd"`.
    pub key: Spanned<String>,
    /// What is measured, in Thai: "มูลค่าการค้า".
    pub label_th: String,
    /// Gregorian year the value refers to.
    pub year: Spanned<i32>,
    pub value: Spanned<f64>,
    /// Unit in Thai: "ล้านเหรียญสหรัฐ", "คน".
    pub unit_th: String,
    /// Where the number comes from (URL or citation).
    pub source: String,
    /// Qualification in Thai, e.g. "กว่า" figures, "ก่อนสถานการณ์โควิด-19".
    pub note_th: Option<String>,
}

/// Derived by the loader: the figures of one key, ordered by year.
#[derive(Debug, Clone, Serialize)]
pub struct FigureSeries {
    pub key: String,
    pub label_th: String,
    pub unit_th: String,
    pub points: Vec<Figure>,
}

impl FromToml for Figure {
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self> {
        let mut r = Reader::new(ctx, value, "this [[figures]] entry")?;
        let key = r.required("key");
        let label_th = r.required("label_th");
        let year = r.required("year");
        let value = r.required("value");
        let unit_th = r.required("unit_th");
        let source = r.required("source");
        let note_th = r.optional("note_th");
        r.finish();
        Some(Figure {
            key: key?,
            label_th: label_th?,
            year: year?,
            value: value?,
            unit_th: unit_th?,
            source: source?,
            note_th,
        })
    }
}
