//! The language of briefpack's messages and help: English (the default) or
//! Thai, chosen by `--lang`, else by the locale (`LC_ALL`, `LC_MESSAGES`,
//! `LANG`, in that order, as gettext reads them).
//!
//! Every translated text is a message of a Fluent catalogue,
//! `locales/LANG/briefpack.ftl`, compiled into the binary: an id and named
//! arguments (`{ $path }`). English comes from its catalogue too, so the
//! two cannot drift apart; a test holds both to the same ids and arguments.

use std::fmt;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language briefpack speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Th,
}

impl Lang {
    /// Every language, in the order `--lang` lists them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Th];

    /// The code `--lang` takes and the catalogue's folder: `en`, `th`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Th => "th",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    fn catalogue(self) -> &'static str {
        match self {
            Lang::En => include_str!("../locales/en/briefpack.ftl"),
            Lang::Th => include_str!("../locales/th/briefpack.ftl"),
        }
    }
}

/// The language of a POSIX locale value (`th_TH.UTF-8`, `th`, `en_US`):
/// Thai for `th` and `th_*`, else English (`C`, `POSIX` and every other).
pub fn lang_of_locale(value: &str) -> Lang {
    let language = value.split(['_', '.', '@']).next().unwrap_or_default();
    match language {
        "th" => Lang::Th,
        _ => Lang::En,
    }
}

/// The language the locale asks for: the first of `LC_ALL`, `LC_MESSAGES`,
/// `LANG` that is set and not empty decides (as in gettext).
pub fn lang_of_env(var: impl Fn(&str) -> Option<String>) -> Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| var(k))
        .find(|v| !v.is_empty())
        .map_or(Lang::En, |v| lang_of_locale(&v))
}

static LANG: AtomicU8 = AtomicU8::new(0);

/// Speak `lang` from now on; the command line sets it once, first.
pub fn set(lang: Lang) {
    LANG.store(lang as u8, Ordering::Relaxed);
}

/// The language of messages now.
pub fn lang() -> Lang {
    match LANG.load(Ordering::Relaxed) {
        0 => Lang::En,
        _ => Lang::Th,
    }
}

/// An argument of a message: text, or a number (which Fluent can select on).
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Number(f64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}
impl From<std::path::Display<'_>> for Arg {
    fn from(p: std::path::Display<'_>) -> Arg {
        Arg::Text(p.to_string())
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Number(n as f64)
    }
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static BUNDLES: [OnceLock<FluentBundle<FluentResource>>; 2] = [OnceLock::new(), OnceLock::new()];
    BUNDLES[lang as usize].get_or_init(|| {
        let mut bundle = FluentBundle::new_concurrent(vec![lang.code().parse().unwrap_or_default()]);
        // No Unicode isolation marks around arguments: a terminal shows them as junk.
        bundle.set_use_isolating(false);
        // A catalogue that does not parse is caught by the tests; what parses of it is kept.
        let resource = FluentResource::try_new(lang.catalogue().to_string()).unwrap_or_else(|(r, _)| r);
        let _ = bundle.add_resource(resource);
        bundle
    })
}

/// Message `id` with `args`, in `lang`; English when `lang` lacks it, the id
/// itself when English does too (the tests see that neither happens).
pub fn text_in(lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
    let fluent_args = (!args.is_empty()).then(|| {
        let mut a = FluentArgs::new();
        for (k, v) in args {
            match v {
                Arg::Text(s) => a.set(*k, FluentValue::from(s.as_str())),
                Arg::Number(n) => a.set(*k, FluentValue::from(*n)),
            }
        }
        a
    });
    for l in [lang, Lang::En] {
        let b = bundle(l);
        if let Some(pattern) = b.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return b.format_pattern(pattern, fluent_args.as_ref(), &mut errors).into_owned();
        }
    }
    id.to_string()
}

/// Message `id` with `args` in the language of messages now.
pub fn text(id: &str, args: &[(&str, Arg)]) -> String {
    text_in(lang(), id, args)
}

/// Message `id` in `lang` if the catalogue has it (for optional texts, such
/// as a command's long help).
pub fn lookup(lang: Lang, id: &str) -> Option<String> {
    bundle(lang).get_message(id).and_then(|m| m.value()).map(|_| text_in(lang, id, &[]))
}

/// A phrase the code writes in English and hands around (an action, "read";
/// a thing, "the PDF"), in the language now: message `{kind}-{slug}` of the
/// catalogue (`io-action-read`, `output-what-the-pdf`), else as written.
pub fn phrase(kind: &str, english: &str) -> String {
    lookup(lang(), &format!("{kind}-{}", slug(english))).unwrap_or_else(|| english.to_string())
}

/// `the PDF` -> `the-pdf`, `move to sent/` -> `move-to-sent`: the part of an id a phrase gives.
fn slug(english: &str) -> String {
    let lower = english.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    words.join("-")
}

/// A message of the catalogue in the language now, with its arguments
/// written as `name = value` pairs, or as a variable of the same name
/// (its text): `t!("output-exists", shown, rename = &r)`.
#[macro_export]
macro_rules! t {
    (@value $name:ident) => {
        $crate::i18n::Arg::Text($name.to_string())
    };
    (@value $name:ident $value:expr) => {
        $crate::i18n::Arg::from($value)
    };
    ($id:expr $(, $name:ident $(= $value:expr)?)* $(,)?) => {
        $crate::i18n::text($id, &[$((stringify!($name), $crate::t!(@value $name $($value)?))),*])
    };
}

/// The words that frame every message, in one language (`error:`,
/// `warning:`, `help:`, each with its colon), for rendering and for
/// colouring what was rendered.
#[derive(Debug)]
pub struct Framing {
    pub error: String,
    pub warning: String,
    pub help: String,
}

/// The framing words of `lang`.
pub fn framing_of(lang: Lang) -> &'static Framing {
    static FRAMINGS: [OnceLock<Framing>; 2] = [OnceLock::new(), OnceLock::new()];
    FRAMINGS[lang as usize].get_or_init(|| {
        let word = |id: &str| text_in(lang, id, &[]);
        Framing { error: word("label-error"), warning: word("label-warning"), help: word("label-help") }
    })
}

/// The framing words of the language now.
pub fn framing() -> &'static Framing {
    framing_of(lang())
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    /// Each message id of a catalogue with the `$arguments` its text uses.
    /// Fluent's grammar, as far as these files use it: `id =` at the start
    /// of a line, continuation lines indented, `#` comments.
    fn messages(ftl: &str) -> BTreeMap<String, BTreeSet<String>> {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut current = None;
        for line in ftl.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if !line.starts_with(' ') {
                let (id, _) = line.split_once('=').unwrap_or_else(|| panic!("not a message: {line}"));
                let id = id.trim().to_string();
                assert!(out.insert(id.clone(), BTreeSet::new()).is_none(), "{id} twice");
                current = Some(id);
            }
            let args = out.get_mut(current.as_ref().unwrap()).unwrap();
            for (at, _) in line.match_indices('$') {
                let name: String = line[at + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                args.insert(name);
            }
        }
        out
    }

    #[test]
    fn both_catalogues_parse_and_have_the_same_messages_and_arguments() {
        for lang in Lang::ALL {
            if let Err((_, errors)) = FluentResource::try_new(lang.catalogue().to_string()) {
                panic!("locales/{lang}/briefpack.ftl: {errors:?}");
            }
        }
        let en = messages(Lang::En.catalogue());
        let th = messages(Lang::Th.catalogue());
        let only_en: Vec<&String> = en.keys().filter(|k| !th.contains_key(*k)).collect();
        let only_th: Vec<&String> = th.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(only_en.is_empty() && only_th.is_empty(), "only in en: {only_en:?}; only in th: {only_th:?}");
        for (id, args) in &en {
            assert_eq!(args, &th[id], "{id}: the arguments differ");
        }
        assert!(en.len() > 20, "{}", en.len());
    }

    /// The English text of a phrase's message is the phrase: `io-action-read = read`.
    #[test]
    fn phrases_are_their_english_ids() {
        let mut n = 0;
        for id in messages(Lang::En.catalogue()).keys() {
            for kind in ["io-action", "output-what", "data-noun", "data-table", "data-expected", "data-help"] {
                if let Some(rest) = id.strip_prefix(&format!("{kind}-")) {
                    assert_eq!(slug(&text_in(Lang::En, id, &[])), rest, "{id}");
                    n += 1;
                }
            }
        }
        assert!(n >= 10, "{n}");
    }

    #[test]
    fn the_locale_decides_in_gettexts_order() {
        let env = |pairs: &'static [(&str, &str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        };
        assert_eq!(lang_of_env(env(&[])), Lang::En);
        assert_eq!(lang_of_env(env(&[("LANG", "th_TH.UTF-8")])), Lang::Th);
        assert_eq!(lang_of_env(env(&[("LANG", "th_TH.UTF-8"), ("LC_MESSAGES", "en_US.UTF-8")])), Lang::En);
        assert_eq!(lang_of_env(env(&[("LANG", "en_US.UTF-8"), ("LC_ALL", "th")])), Lang::Th);
        assert_eq!(lang_of_env(env(&[("LC_ALL", ""), ("LANG", "th_TH")])), Lang::Th);
        assert_eq!(lang_of_env(env(&[("LANG", "C.UTF-8")])), Lang::En);
        assert_eq!(lang_of_env(env(&[("LANG", "thx_XX")])), Lang::En);
    }

    #[test]
    fn arguments_are_put_in_without_isolation_marks() {
        let s = text_in(
            Lang::En,
            "io-cannot",
            &[("action", "read".into()), ("path", "a.toml".into()), ("reason", "gone".into())],
        );
        assert_eq!(s, "cannot read a.toml: gone");
        let s = text_in(Lang::Th, "problems-found", &[("count", 3.into())]);
        assert!(s.contains('3') && !s.contains('\u{2068}'), "{s}");
        assert_eq!(text_in(Lang::Th, "no-such-message", &[]), "no-such-message");
    }
}
