//! [`Figure`]: one number of a city's relations in one year, and
//! [`FigureSeries`]: all figures with the same key, for tables and charts.

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// One `[[figures]]` entry: a value in a given (Gregorian) year.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    #[serde(default)]
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
