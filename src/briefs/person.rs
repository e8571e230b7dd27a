//! [`Person`]: someone who appears in a city's relations, on either side.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// Which side a person is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Bangkok Metropolitan Administration and its guests.
    Bangkok,
    /// The partner city, its country's government and embassy.
    Partner,
}

/// One `[[people]]` entry of a city file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Short ASCII id that interactions and trips refer to, e.g. `"wiparat"`.
    pub id: Spanned<String>,
    /// Name in Thai, with the Thai prefix/academic title: "นางวิภารัตน์ ไชยานุกิจ".
    pub name_th: String,
    /// Name as the person writes it, e.g. "Mr. Nurlan NURKENOV"; may be left out
    /// for Thai people.
    #[serde(default)]
    pub name_original: Option<String>,
    /// Position in Thai: "รองปลัดกรุงเทพมหานคร".
    pub title_th: String,
    /// Position in English as the source writes it.
    #[serde(default)]
    pub title_en: Option<String>,
    /// Organisation (Thai or as written in the source).
    pub organisation: String,
    pub side: Side,
    /// Photo file, relative to the TOML file that names it.
    #[serde(default)]
    pub photo: Option<Spanned<String>>,
    /// Anything worth knowing, e.g. the date the title was last checked.
    #[serde(default)]
    pub note: Option<String>,
    /// Derived by the loader: `photo` resolved against the file's folder.
    #[serde(default, skip_deserializing)]
    pub photo_full_path: Option<PathBuf>,
}

impl Person {
    /// The person's id as a string.
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }
}
