//! [`Person`]: someone who appears in a city's relations, on either side.

use std::path::PathBuf;

use serde::Serialize;
use toml::Spanned;

use super::ctx::FileCtx;
use super::read::{FromToml, Reader, Value, word};

/// Which side a person is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Bangkok Metropolitan Administration and its guests.
    Bangkok,
    /// The partner city, its country's government and embassy.
    Partner,
}

impl Side {
    /// Each side as written in TOML (and serialized).
    pub(crate) const WORDS: &[(&str, Side)] = &[("bangkok", Side::Bangkok), ("partner", Side::Partner)];
}

impl FromToml for Side {
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self> {
        word(ctx, value, Self::WORDS)
    }
}

/// One `[[people]]` entry of a city file.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    /// Short ASCII id that interactions and trips refer to, e.g. `"wiparat"`.
    pub id: Spanned<String>,
    /// Name in Thai, with the Thai prefix/academic title: "นางวิภารัตน์ ไชยานุกิจ".
    pub name_th: String,
    /// Name as the person writes it, e.g. "Mr. Nurlan NURKENOV"; may be left out
    /// for Thai people.
    pub name_original: Option<String>,
    /// Position in Thai: "รองปลัดกรุงเทพมหานคร".
    pub title_th: String,
    /// Position in English as the source writes it.
    pub title_en: Option<String>,
    /// Organisation (Thai or as written in the source).
    pub organisation: String,
    pub side: Side,
    /// Photo file, relative to the TOML file that names it.
    pub photo: Option<Spanned<String>>,
    /// Anything worth knowing, e.g. the date the title was last checked.
    pub note: Option<String>,
    /// Derived by the loader: `photo` resolved against the file's folder.
    pub photo_full_path: Option<PathBuf>,
}

impl Person {
    /// The person's id as a string.
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }
}

impl FromToml for Person {
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self> {
        let mut r = Reader::new(ctx, value, "this [[people]] entry")?;
        let id = r.required("id");
        let name_th = r.required("name_th");
        let name_original = r.optional("name_original");
        let title_th = r.required("title_th");
        let title_en = r.optional("title_en");
        let organisation = r.required("organisation");
        let side = r.required("side");
        let photo = r.optional("photo");
        let note = r.optional("note");
        r.finish();
        Some(Person {
            id: id?,
            name_th: name_th?,
            name_original,
            title_th: title_th?,
            title_en,
            organisation: organisation?,
            side: side?,
            photo,
            note,
            photo_full_path: None,
        })
    }
}
