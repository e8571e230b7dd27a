//! Styles live in a TOML theme (`templates/theme.toml`), not in code. A user
//! theme given with `--theme` is layered over the built-in one, so it only
//! needs the settings it changes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer};

use crate::diag::Diagnostic;
use crate::error::Result;
use crate::output::{Inputs, Role};

pub const DEFAULT_THEME: &str = include_str!("../../templates/theme.toml");

/// A length in points; in TOML a number (points) or a string with a unit:
/// "3cm", "20mm", "12pt", "1in".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Length(pub f32);

impl<'de> Deserialize<'de> for Length {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Num(f64),
            Str(String),
        }
        match Raw::deserialize(d)? {
            Raw::Num(n) => Ok(Length(n as f32)),
            Raw::Str(s) => parse_length(&s).map(Length).ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "`{s}` is not a length: write a number of points or a string like \"3cm\", \"20mm\", \"12pt\""
                ))
            }),
        }
    }
}

pub fn parse_length(s: &str) -> Option<f32> {
    let s = s.trim();
    let (num, factor) = if let Some(n) = s.strip_suffix("cm") {
        (n, 72.0 / 2.54)
    } else if let Some(n) = s.strip_suffix("mm") {
        (n, 72.0 / 25.4)
    } else if let Some(n) = s.strip_suffix("pt") {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix("in") {
        (n, 72.0)
    } else {
        return None;
    };
    num.trim().parse::<f32>().ok().filter(|v| v.is_finite() && *v >= 0.0).map(|v| v * factor)
}

/// An sRGB colour, written "#rrggbb" in TOML.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color(pub [f32; 3]);

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse_color(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("`{s}` is not a colour: write \"#rrggbb\", e.g. \"#c00000\""))
        })
    }
}

pub fn parse_color(s: &str) -> Option<Color> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 || !h.is_ascii() {
        return None;
    }
    let c = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok().map(|v| v as f32 / 255.0);
    Some(Color([c(0)?, c(2)?, c(4)?]))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    Left,
    Center,
    Right,
    Justify,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Digits {
    #[default]
    Thai,
    Arabic,
}

/// A style rule: every field optional so rules layer (base, element, class).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StyleRule {
    pub size: Option<f32>,
    pub line_height: Option<f32>,
    pub bold: Option<bool>,
    pub italic: Option<bool>,
    pub color: Option<Color>,
    pub align: Option<Align>,
    pub space_before: Option<Length>,
    pub space_after: Option<Length>,
    pub indent: Option<Length>,
    pub first_line_indent: Option<Length>,
    pub background: Option<Color>,
    pub border_color: Option<Color>,
    pub border_width: Option<Length>,
    pub padding: Option<Length>,
    pub underline: Option<bool>,
    pub keep_with_next: Option<bool>,
    pub page_break_before: Option<bool>,
    /// Ragged lines of even length instead of full ones and a short last one.
    pub balance: Option<bool>,
}

impl StyleRule {
    /// `self` with every field that `over` sets replaced.
    pub fn layered(&self, over: &StyleRule) -> StyleRule {
        macro_rules! pick {
            ($($f:ident),*) => { StyleRule { $($f: over.$f.or(self.$f)),* } };
        }
        pick!(
            size,
            line_height,
            bold,
            italic,
            color,
            align,
            space_before,
            space_after,
            indent,
            first_line_indent,
            background,
            border_color,
            border_width,
            padding,
            underline,
            keep_with_next,
            page_break_before,
            balance
        )
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFile {
    pub size: Option<String>,
    pub width: Option<Length>,
    pub height: Option<Length>,
    pub margin_top: Option<Length>,
    pub margin_bottom: Option<Length>,
    pub margin_left: Option<Length>,
    pub margin_right: Option<Length>,
    /// Distance from the top edge to the running header's baseline.
    pub header_offset: Option<Length>,
    /// Distance from the bottom edge to the running footer's baseline.
    pub footer_offset: Option<Length>,
    pub digits: Option<Digits>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FontsFile {
    /// Font files for the four faces; "builtin:Sarabun-Regular" etc. or a path
    /// (relative to the theme file).
    pub regular: Option<String>,
    pub bold: Option<String>,
    pub italic: Option<String>,
    pub bold_italic: Option<String>,
    /// Fonts tried in order for characters the main faces lack.
    pub fallback: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunningFile {
    pub left: Option<String>,
    pub center: Option<String>,
    pub right: Option<String>,
    pub size: Option<f32>,
    pub color: Option<Color>,
    /// Draw a thin rule between the running text and the body.
    pub rule: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JustifyFile {
    /// Largest extra space per inter-word space, in em.
    pub max_space_stretch: Option<f32>,
    /// Largest extra space between grapheme clusters, in em.
    pub max_cluster_spacing: Option<f32>,
    /// Most an inter-word space may shrink, in em.
    pub max_space_shrink: Option<f32>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    page: Option<PageFile>,
    fonts: Option<FontsFile>,
    justify: Option<JustifyFile>,
    header: Option<RunningFile>,
    footer: Option<RunningFile>,
    /// Base text style everything inherits.
    text: Option<StyleRule>,
    /// Per element: h1 h2 h3 p li th td table hr a classification watermark.
    styles: Option<BTreeMap<String, StyleRule>>,
    /// Per class name.
    classes: Option<BTreeMap<String, StyleRule>>,
}

pub const STYLED_ELEMENTS: &[&str] =
    &["h1", "h2", "h3", "p", "li", "th", "td", "table", "hr", "a", "b", "i", "classification", "watermark"];

/// The resolved theme.
#[derive(Debug, Clone)]
pub struct Theme {
    pub page_width: f32,
    pub page_height: f32,
    pub margin_top: f32,
    pub margin_bottom: f32,
    pub margin_left: f32,
    pub margin_right: f32,
    pub header_offset: f32,
    pub footer_offset: f32,
    pub digits: Digits,
    pub fonts: FontsFile,
    /// Directory that font paths are relative to.
    pub base_dir: PathBuf,
    pub max_space_stretch: f32,
    pub max_cluster_spacing: f32,
    pub max_space_shrink: f32,
    pub header: RunningFile,
    pub footer: RunningFile,
    pub text: StyleRule,
    pub styles: BTreeMap<String, StyleRule>,
    pub classes: BTreeMap<String, StyleRule>,
}

impl Theme {
    /// The built-in theme, or the built-in one with `user` layered over it.
    pub fn load(user: Option<&Path>) -> Result<Theme> {
        let base = parse_file(Path::new("templates/theme.toml (built in)"), DEFAULT_THEME)?;
        let (file, base_dir) = match user {
            None => (base, PathBuf::from(".")),
            Some(path) => {
                let src = std::fs::read_to_string(path).map_err(|e| crate::Error::io(path, "read theme", e))?;
                let over = parse_file(path, &src)?;
                (merge(base, over), path.parent().map(Path::to_path_buf).unwrap_or_default())
            }
        };
        Theme::resolve(file, base_dir)
    }

    fn resolve(f: ThemeFile, base_dir: PathBuf) -> Result<Theme> {
        let page = f.page.unwrap_or_default();
        let (mut w, mut h) = match page.size.as_deref().unwrap_or("A4") {
            "A4" | "a4" => (595.276, 841.89),
            "A5" | "a5" => (419.528, 595.276),
            "Letter" | "letter" => (612.0, 792.0),
            other => {
                return Err(crate::Error::with_help(
                    format!("unknown page size `{other}` in the theme"),
                    "use A4, A5 or Letter, or set width and height",
                ));
            }
        };
        if let Some(l) = page.width {
            w = l.0;
        }
        if let Some(l) = page.height {
            h = l.0;
        }
        let j = f.justify.unwrap_or_default();
        let theme = Theme {
            page_width: w,
            page_height: h,
            margin_top: page.margin_top.map_or(72.0, |l| l.0),
            margin_bottom: page.margin_bottom.map_or(72.0, |l| l.0),
            margin_left: page.margin_left.map_or(85.04, |l| l.0),
            margin_right: page.margin_right.map_or(56.69, |l| l.0),
            header_offset: page.header_offset.map_or(36.0, |l| l.0),
            footer_offset: page.footer_offset.map_or(36.0, |l| l.0),
            digits: page.digits.unwrap_or_default(),
            fonts: f.fonts.unwrap_or_default(),
            base_dir,
            max_space_stretch: j.max_space_stretch.unwrap_or(0.345),
            max_cluster_spacing: j.max_cluster_spacing.unwrap_or(0.048),
            max_space_shrink: j.max_space_shrink.unwrap_or(0.08),
            header: f.header.unwrap_or_default(),
            footer: f.footer.unwrap_or_default(),
            text: f.text.unwrap_or_default(),
            styles: f.styles.unwrap_or_default(),
            classes: f.classes.unwrap_or_default(),
        };
        if theme.content_width() < 72.0 || theme.page_height - theme.margin_top - theme.margin_bottom < 72.0 {
            return Err(crate::Error::with_help(
                "the theme's margins leave less than 1 inch for the text",
                "reduce the margins or enlarge the page in [page]",
            ));
        }
        Ok(theme)
    }

    pub fn content_width(&self) -> f32 {
        self.page_width - self.margin_left - self.margin_right
    }

    /// A number (page, list item, contents) in the digits the theme asks for.
    pub fn numeral(&self, s: &str) -> String {
        match self.digits {
            Digits::Thai => crate::thai::thai_digits(s),
            _ => s.to_string(),
        }
    }

    /// The style of an element with classes: base text, then the element's
    /// rule, then each class in order.
    pub fn style(&self, element: &str, classes: &[String]) -> StyleRule {
        let mut s = self.text.clone();
        if let Some(r) = self.styles.get(element) {
            s = s.layered(r);
        }
        for c in classes {
            if let Some(r) = self.classes.get(c) {
                s = s.layered(r);
            }
        }
        s
    }

    /// A rule on its own (no inheritance from the base text), e.g. for `a` or `table`.
    pub fn rule(&self, element: &str) -> StyleRule {
        self.styles.get(element).cloned().unwrap_or_default()
    }

    pub fn class_rule(&self, classes: &[String]) -> StyleRule {
        classes.iter().filter_map(|c| self.classes.get(c)).fold(StyleRule::default(), |a, r| a.layered(r))
    }
}

fn parse_file(path: &Path, src: &str) -> Result<ThemeFile> {
    let file: ThemeFile = toml::from_str(src).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let mut d = Diagnostic::at(path, src, span, format!("bad theme: {}", e.message().trim()));
        if e.message().contains("unknown field") {
            d = d.with_help("see templates/theme.toml for every setting a theme can have");
        }
        d
    })?;
    if let Some(styles) = &file.styles {
        for name in styles.keys() {
            if !STYLED_ELEMENTS.contains(&name.as_str()) {
                let at = src.find(&format!("styles.{name}")).unwrap_or(0);
                let mut d = Diagnostic::at(
                    path,
                    src,
                    at..at + 7 + name.len(),
                    format!("the theme styles an unknown element `{name}`"),
                );
                d = d.with_help(match crate::diag::closest(name, STYLED_ELEMENTS.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? elements: {}", STYLED_ELEMENTS.join(", ")),
                    None => format!("elements: {}; use [classes.{name}] for a class", STYLED_ELEMENTS.join(", ")),
                });
                return Err(d.into());
            }
        }
    }
    Ok(file)
}

fn merge(base: ThemeFile, over: ThemeFile) -> ThemeFile {
    fn opt<T>(a: Option<T>, b: Option<T>) -> Option<T> {
        b.or(a)
    }
    fn rules(
        a: Option<BTreeMap<String, StyleRule>>,
        b: Option<BTreeMap<String, StyleRule>>,
    ) -> Option<BTreeMap<String, StyleRule>> {
        let mut m = a.unwrap_or_default();
        for (k, v) in b.unwrap_or_default() {
            let merged = m.get(&k).map_or(v.clone(), |old| old.layered(&v));
            m.insert(k, merged);
        }
        Some(m)
    }
    let page = match (base.page, over.page) {
        (Some(a), Some(b)) => Some(PageFile {
            size: opt(a.size, b.size.clone()),
            width: if b.size.is_some() { b.width } else { opt(a.width, b.width) },
            height: if b.size.is_some() { b.height } else { opt(a.height, b.height) },
            margin_top: opt(a.margin_top, b.margin_top),
            margin_bottom: opt(a.margin_bottom, b.margin_bottom),
            margin_left: opt(a.margin_left, b.margin_left),
            margin_right: opt(a.margin_right, b.margin_right),
            header_offset: opt(a.header_offset, b.header_offset),
            footer_offset: opt(a.footer_offset, b.footer_offset),
            digits: opt(a.digits, b.digits),
        }),
        (a, b) => b.or(a),
    };
    let running = |a: Option<RunningFile>, b: Option<RunningFile>| match (a, b) {
        (Some(a), Some(b)) => Some(RunningFile {
            left: opt(a.left, b.left),
            center: opt(a.center, b.center),
            right: opt(a.right, b.right),
            size: opt(a.size, b.size),
            color: opt(a.color, b.color),
            rule: opt(a.rule, b.rule),
        }),
        (a, b) => b.or(a),
    };
    let fonts = match (base.fonts, over.fonts) {
        // A user font choice replaces the whole family so faces never mix.
        (_, Some(b)) if b.regular.is_some() => Some(b),
        (Some(a), Some(b)) => Some(FontsFile { fallback: opt(a.fallback, b.fallback), ..a }),
        (a, b) => b.or(a),
    };
    let justify = match (base.justify, over.justify) {
        (Some(a), Some(b)) => Some(JustifyFile {
            max_space_stretch: opt(a.max_space_stretch, b.max_space_stretch),
            max_cluster_spacing: opt(a.max_cluster_spacing, b.max_cluster_spacing),
            max_space_shrink: opt(a.max_space_shrink, b.max_space_shrink),
        }),
        (a, b) => b.or(a),
    };
    ThemeFile {
        page,
        fonts,
        justify,
        header: running(base.header, over.header),
        footer: running(base.footer, over.footer),
        text: Some(base.text.unwrap_or_default().layered(&over.text.unwrap_or_default())),
        styles: rules(base.styles, over.styles),
        classes: rules(base.classes, over.classes),
    }
}

impl Theme {
    /// The font files a theme names (as `fonts.rs` finds them; `builtin:`
    /// faces are in the binary).
    pub fn record_font_inputs(&self, inputs: &mut Inputs) {
        let f = &self.fonts;
        let specs = [&f.regular, &f.bold, &f.italic, &f.bold_italic].into_iter().flatten();
        for spec in specs.chain(f.fallback.iter().flatten()) {
            if !spec.starts_with("builtin:") {
                inputs.add(self.base_dir.join(spec), Role::Font);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_theme_loads_with_thai_margins() {
        let t = Theme::load(None).unwrap();
        assert!((t.margin_left - 3.0 * 72.0 / 2.54).abs() < 0.01);
        assert!((t.margin_right - 2.0 * 72.0 / 2.54).abs() < 0.01);
        assert!((t.page_width - 595.276).abs() < 0.01);
    }

    #[test]
    fn user_theme_layers_and_reports_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.toml");
        std::fs::write(&p, "[text]\nsize = 20\n[classes.note]\ncolor = \"#ff0000\"\n").unwrap();
        let t = Theme::load(Some(&p)).unwrap();
        assert_eq!(t.text.size, Some(20.0));
        assert_eq!(t.style("p", &["note".into()]).color, Some(Color([1.0, 0.0, 0.0])));
        std::fs::write(&p, "[page]\nmargin_left = \"3 furlongs\"\n").unwrap();
        let e = Theme::load(Some(&p)).unwrap_err().to_string();
        assert!(e.contains("t.toml:2:15"), "{e}");
        assert!(e.contains("not a length"), "{e}");
        std::fs::write(&p, "[text]\nsise = 3\n").unwrap();
        let e = Theme::load(Some(&p)).unwrap_err().to_string();
        assert!(e.contains("t.toml:2:1") && e.contains("unknown field `sise`"), "{e}");
    }
}
