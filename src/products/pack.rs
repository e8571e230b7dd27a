//! The briefing pack: a trip and its city -> template context -> markup ->
//! PDF. Names of people and places from the data go to the line breaker as
//! phrases never to split (no dictionary knows นูร์ลาน นูร์เคนอฟ).

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::phrases;
use crate::briefs::{City, Trip, TripStatus};
use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::output::{Inputs, Role};
use crate::project::BriefsDir;
use crate::template::Templates;
use crate::typeset::pdf::PdfOptions;
use crate::typeset::style::Theme;
use crate::typeset::{self, Rendered};

/// The data a pack template sees; a trip without a classification gets
/// `classification` (the project's default), if any.
pub fn context(trip: &Trip, city: &City, classification: Option<&str>) -> Result<Value> {
    let mut trip_v =
        serde_json::to_value(trip).map_err(|e| Error::other(format!("cannot hand the trip to templates: {e}")))?;
    if let (None, Some(c)) = (&trip.classification, classification) {
        trip_v["classification"] = Value::from(c);
    }
    let city_v =
        serde_json::to_value(city).map_err(|e| Error::other(format!("cannot hand the city to templates: {e}")))?;
    Ok(json!({
        "trip": trip_v,
        "city": city_v,
        "draft": trip.status == TripStatus::Draft,
    }))
}

/// Build the pack for one trip file; `classification` is the default for a
/// trip that gives none. A PDF/A-3u pack carries the trip file, its city's
/// file and the city's interaction files.
pub fn build(
    trip_file: &Path,
    templates: &Templates,
    theme: &Theme,
    classification: Option<&str>,
    pdf: &PdfOptions,
) -> Result<(Rendered, String, String)> {
    // The templates compile while the data loads; problems in both are all reported.
    // The data's texts are checked against the theme's fonts (loaded on the
    // data's thread: a FontBook stays on one thread), so that a character no
    // font has is reported where the data has it.
    let load = || {
        let book = crate::typeset::text::fonts::FontBook::from_theme(theme)?;
        crate::briefs::load_trip_with(trip_file, Some(&crate::typeset::text::Glyphs::new(&book)))
    };
    let (trip, city) = match rayon::join(load, || templates.compile("pack")) {
        (Ok(loaded), Ok(())) => loaded,
        (Err(Error::Input(mut data)), Err(Error::Input(template))) => {
            data.extend(template);
            return Err(Error::Input(data));
        }
        (Err(e), _) | (Ok(_), Err(e)) => return Err(e),
    };
    crate::timings::mark("data loaded, templates compiled");
    let ctx = context(&trip, &city, classification)?;
    let traced = templates.render_traced("pack", &ctx)?;
    crate::timings::mark("templates rendered");
    // The markup exists only in memory: its problems are reported at the
    // template lines that wrote them. Image paths from the data are relative
    // to the working directory (the name has no folder).
    let name = PathBuf::from(format!("{}.xml", trip.id));
    let mut data = Inputs::new();
    data.add(trip_file, Role::Trip);
    city.record_inputs(&mut data);
    let pdf = super::with_data(pdf, &data, BriefsDir::of_trip(trip_file).path())?;
    let mut rendered =
        typeset::render_markup(&name, &traced.markup, theme, &phrases(&trip, &city), &pdf).map_err(|e| match traced
            .relocate(&name, e)
        {
            Error::Input(d) => Error::Input(d.into_iter().flat_map(|d| explain(d, &city)).collect()),
            other => other,
        })?;
    rendered.warnings = rendered.warnings.iter().map(|w| traced.relocate_warning(&name, w)).collect();
    // A draft may keep placeholders: they are printed, and said.
    rendered.warnings.extend(trip.warnings.iter().chain(&city.warnings).map(|w| w.to_string()));
    rendered.inputs.extend(&data);
    Ok((rendered, traced.markup, default_output_name(&trip)))
}

/// A problem met while typesetting: when it is about an image the data
/// names, point at the data entry too (the file itself passed `check`, so it
/// is damaged beyond what its header and checksums show).
fn explain(d: Diagnostic, city: &City) -> Vec<Diagnostic> {
    let entry = data_reference(city, &d.message);
    std::iter::once(d).chain(entry).collect()
}

/// The data entry of the first image whose full path `message` names: the
/// span of its path, kept from loading, in the file it is written in (read
/// once, only for this message).
fn data_reference(city: &City, message: &str) -> Option<Diagnostic> {
    let emblem = city.emblem.as_ref().zip(city.emblem_as_written.as_ref()).map(|(full, p)| (full, p, &city.file));
    let people = city.people.iter().filter_map(|p| Some((p.photo_full_path.as_ref()?, p.photo.as_ref()?, &city.file)));
    let albums = city.interactions.iter().flat_map(|i| i.photos.iter().map(move |p| (&p.full_path, &p.path, &i.file)));
    let (_, path, file) = emblem
        .into_iter()
        .chain(people)
        .chain(albums)
        .find(|(full, _, _)| message.contains(&full.display().to_string()))?;
    let src = std::fs::read_to_string(file).ok()?;
    Some(
        Diagnostic::at(file, &src, path.span(), format!("the damaged image \"{}\" is named here", path.get_ref()))
            .with_help("replace the file with a good PNG or JPEG, or remove this entry"),
    )
}

/// "briefpack-astana-2026-12.pdf": from the trip file's id.
pub fn default_output_name(trip: &Trip) -> String {
    format!("{}.pdf", trip.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_image_is_traced_to_the_span_of_its_entry() {
        // What is left for decoding to find (a JPEG's entropy-coded data)
        // passes check: the message about it leads back to the data.
        let briefs = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs");
        let (_, city) = crate::briefs::load_trip(&briefs.join("trips/astana-2026-12.toml")).unwrap();
        let album = &city.interactions.iter().find(|i| !i.photos.is_empty()).unwrap().photos[2];
        let message = format!("{} is damaged or incomplete (...)", album.full_path.display());
        let d = data_reference(&city, &message).unwrap();
        let src = std::fs::read_to_string(&city.file).unwrap();
        let at = src.find("\"astana/photos/album-3.jpg\"").unwrap();
        assert_eq!((d.file.clone(), d.line), (city.file.clone(), src[..at].matches('\n').count() + 1));
        assert_eq!(d.message, "the damaged image \"astana/photos/album-3.jpg\" is named here");
        let emblem = format!("{} is damaged", city.emblem.as_ref().unwrap().display());
        assert!(data_reference(&city, &emblem).unwrap().message.contains("emblem.png"));
        assert!(data_reference(&city, "another file").is_none());
    }
}
