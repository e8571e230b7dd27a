//! Handlebars templates (mdBook-style themes): the built-in ones in
//! `templates/` are compiled in; a user's `--templates DIR` overrides any of
//! them by file name. Strict mode makes a misspelt variable an error at the
//! template's line and column, with the name meant when one is close
//! (`diagnose.rs`); values are escaped for the markup. What each template line
//! wrote is traced (`trace.rs`), so that a problem in the markup is reported
//! where the template wrote it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use handlebars::{Handlebars, RenderError, Template, TemplateError, TemplateErrorReason};
use serde_json::Value;

use crate::diag::Diagnostic;
use crate::error::{Error, Result};

mod diagnose;
mod helpers;
mod nesting;
mod trace;

use helpers::register_helpers;
pub use nesting::{MAX_PARTIAL_DEPTH, MAX_TEMPLATE_NESTING};
use nesting::{Nesting, guard, partial_tags, partials_named, register_nesting, too_deep};
use trace::Spot;
pub use trace::Traced;

/// The built-in templates: (name, source). Partials are templates too; a
/// template includes another with `{{> name}}`.
pub const BUILTIN: &[(&str, &str)] = &[
    ("pack", include_str!("../../templates/pack.hbs")),
    ("cover", include_str!("../../templates/cover.hbs")),
    ("contents", include_str!("../../templates/contents.hbs")),
    ("trip", include_str!("../../templates/trip.hbs")),
    ("city", include_str!("../../templates/city.hbs")),
    ("relationship", include_str!("../../templates/relationship.hbs")),
    ("interactions", include_str!("../../templates/interactions.hbs")),
    ("people", include_str!("../../templates/people.hbs")),
    ("figures", include_str!("../../templates/figures.hbs")),
    ("talking-points", include_str!("../../templates/talking-points.hbs")),
    ("sources", include_str!("../../templates/sources.hbs")),
    ("monthly", include_str!("../../templates/monthly.hbs")),
    ("mail-subject", include_str!("../../templates/mail-subject.hbs")),
    ("mail-body", include_str!("../../templates/mail-body.hbs")),
    ("mail-attachment", include_str!("../../templates/mail-attachment.hbs")),
];

pub struct Templates {
    hb: Mutex<Handlebars<'static>>,
    nesting: Arc<Mutex<Nesting>>,
    /// Where each template came from, for messages: (path shown, source).
    origin: BTreeMap<String, (PathBuf, String)>,
    /// The templates compiled so far.
    compiled: Mutex<BTreeSet<String>>,
    /// The places in the compiled templates that write markup (see trace.rs).
    spots: Mutex<Vec<Spot>>,
    /// Files of the user's templates folder that change nothing.
    warnings: Vec<String>,
}

impl Templates {
    /// The built-in templates, with any `*.hbs` in `user_dir` replacing the
    /// one of the same name (or adding a new partial). Each is compiled when
    /// a document first needs it.
    pub fn load(user_dir: Option<&Path>) -> Result<Templates> {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        hb.set_prevent_indent(true);
        register_helpers(&mut hb);
        let nesting = Arc::new(Mutex::new(Nesting::default()));
        register_nesting(&mut hb, &nesting);
        let mut sources: BTreeMap<String, (PathBuf, String)> = BUILTIN
            .iter()
            .map(|(n, s)| (n.to_string(), (PathBuf::from(format!("templates/{n}.hbs (built in)")), s.to_string())))
            .collect();
        let mut user = Vec::new();
        if let Some(dir) = user_dir {
            let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, "read templates directory", e))?;
            let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            for p in paths.into_iter().filter(|p| p.extension().is_some_and(|e| e == "hbs")) {
                let name = p.file_stem().unwrap_or_default().to_string_lossy().to_string();
                let src = crate::source::read_text(&p, "read template")?;
                user.push(name.clone());
                sources.insert(name, (p, src));
            }
        }
        let user: Vec<(String, &Path)> = user.into_iter().map(|n| (n.clone(), sources[&n].0.as_path())).collect();
        let builtin: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
        let warnings = diagnose::unused_overrides(&user, sources.values().map(|(_, s)| s.as_str()), &builtin);
        Ok(Templates {
            hb: Mutex::new(hb),
            nesting,
            origin: sources,
            compiled: Mutex::new(BTreeSet::new()),
            spots: Mutex::new(Vec::new()),
            warnings,
        })
    }

    /// Warnings about the user's templates (a file that overrides nothing).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Render template `name` with `data` into text.
    pub fn render(&self, name: &str, data: &Value) -> Result<String> {
        Ok(trace::strip(&self.render_marked(name, data)?).0)
    }

    /// Render template `name` with `data` into markup, keeping which
    /// template line wrote which part of it.
    pub fn render_traced(&self, name: &str, data: &Value) -> Result<Traced> {
        let marked = self.render_marked(name, data)?;
        Ok(Traced::new(&marked, lock(&self.spots).clone(), name, self.origin.clone()))
    }

    /// The output with the markers of trace.rs in it.
    fn render_marked(&self, name: &str, data: &Value) -> Result<String> {
        self.compile(name)?;
        let hb = lock(&self.hb);
        *lock(&self.nesting) = Nesting::default();
        hb.render(name, data).map_err(|e| match lock(&self.nesting).overflow.take() {
            Some(chain) => self.cycle_error(&chain),
            None => self.error(name, e, data),
        })
    }

    /// Templates nested past [`MAX_PARTIAL_DEPTH`]: the cycle they make,
    /// at the include that closes it.
    fn cycle_error(&self, chain: &[String]) -> Error {
        // The first template met again, from its first time to its second.
        let (first, again) = (1..chain.len())
            .find_map(|k| chain[..k].iter().position(|t| *t == chain[k]).map(|i| (i, k)))
            .unwrap_or((0, chain.len() - 1));
        let cycle: Vec<&str> = chain[first..=again].iter().map(String::as_str).collect();
        let last = &chain[again];
        let message = format!("templates include each other without end: {}", cycle.join(" -> "));
        let help = format!(
            "templates nest at most {MAX_PARTIAL_DEPTH} deep (here: {} -> ...); remove one of these includes, \
             or put it under an {{{{#if}}}} that becomes false",
            chain.iter().take(6).map(String::as_str).collect::<Vec<_>>().join(" -> ")
        );
        // The include is in the template before; an inline partial is
        // written in the nearest template file before it.
        let includer = chain[..again].iter().rev().find(|t| self.origin.contains_key(*t));
        let at = includer.and_then(|t| {
            let (path, src) = self.origin.get(t)?;
            let offset = partial_tags(src)?.into_iter().find(|(name, _)| name == last)?.1;
            let end = src[offset..].find("}}").map_or(offset + 2, |i| offset + i + 2);
            Some(Diagnostic::at(path, src, offset..end, message.clone()))
        });
        match at {
            Some(d) => d.with_help(help).into(),
            None => Error::with_help(message, help),
        }
    }

    /// Compile `root` and the partials it includes, each once; every syntax
    /// error among them is reported. Only what a document uses is compiled,
    /// and on all cores: handlebars' parser (pest) takes about a millisecond
    /// per kilobyte of template, and compiling the monthly report's and the
    /// mail's templates for a pack took longer than the pack's own.
    pub fn compile(&self, root: &str) -> Result<()> {
        let mut compiled = lock(&self.compiled);
        // The templates `root` needs, found from their partial tags.
        let mut needed: Vec<&str> = Vec::new();
        let mut todo = vec![root.to_string()];
        while let Some(name) = todo.pop() {
            // A name that is no template is left to handlebars: "partial not found" at render.
            let Some((key, (_, src))) = self.origin.get_key_value(&name) else { continue };
            if compiled.contains(&name) || needed.contains(&key.as_str()) {
                continue;
            }
            needed.push(key);
            match partials_named(src) {
                Some(names) => todo.extend(names),
                // A partial chosen at render time could be any template.
                None => todo.extend(self.origin.keys().cloned()),
            }
        }
        needed.sort_unstable();
        let results: Vec<(&str, std::result::Result<Template, Vec<Diagnostic>>)> = {
            use rayon::prelude::*;
            let origin = &self.origin;
            needed
                .par_iter()
                .map(|&name| {
                    let (path, src) = &origin[name];
                    // The nesting is checked first: handlebars' parser and
                    // renderer recurse once per level, on rayon's threads too.
                    let result = match too_deep(src) {
                        Some((at, what)) => Err(vec![Diagnostic::at(path, src, at..at + 2, format!(
                            "{what} nest more than {MAX_TEMPLATE_NESTING} deep here"
                        ))
                        .with_help(format!(
                            "a template nests at most {MAX_TEMPLATE_NESTING} blocks ({{{{#if}}}}, {{{{#each}}}}, ...) \
                             and {MAX_TEMPLATE_NESTING} parentheses in a tag; move what is inside into a partial"
                        ))]),
                        None => compile_one(name, src).map_err(|e| diagnose::syntax(path, src, &e)),
                    };
                    (name, result)
                })
                .collect()
        };
        let mut hb = lock(&self.hb);
        let mut spots = lock(&self.spots);
        let mut diags = Vec::new();
        for (name, result) in results {
            match result {
                Ok(mut template) => {
                    trace::mark(&mut template, name, &self.origin[name].1, &mut spots);
                    guard(&mut template, name);
                    hb.register_template(name, template);
                    compiled.insert(name.to_string());
                }
                Err(d) => diags.extend(d),
            }
        }
        if diags.is_empty() { Ok(()) } else { Err(Error::Input(diags)) }
    }

    /// A render error at its template's line and column, in words.
    fn error(&self, top: &str, e: RenderError, data: &Value) -> Error {
        let name = e.template_name.clone().unwrap_or_else(|| top.to_string());
        match (self.origin.get(&name), e.line_no) {
            (Some((path, src)), Some(line)) => {
                let names: Vec<&str> = self.origin.keys().map(String::as_str).collect();
                let at = (line, e.column_no.unwrap_or(1));
                diagnose::render_problem((path, src), at, e.reason(), data, &names).into()
            }
            _ => Error::with_help(
                format!("template `{name}`: {}", diagnose::reason_text(e.reason())),
                "see templates/README.md",
            ),
        }
    }
}

/// A lock whose holder never panics while holding it (and if one did, the
/// templates compiled so far are still good).
pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn compile_one(name: &str, src: &str) -> std::result::Result<Template, TemplateError> {
    let mut hb = Handlebars::new();
    hb.set_prevent_indent(true);
    hb.register_template_string(name, src)?;
    // Just registered, so it is there.
    hb.get_template(name)
        .cloned()
        .ok_or_else(|| TemplateError::of(TemplateErrorReason::InvalidSyntax(format!("template {name} was not kept"))))
}

#[cfg(test)]
mod tests {
    use super::helpers::count_by_year;
    use super::*;

    #[test]
    fn partials_are_found_by_name() {
        let src = "{{> cover}}\n{{~> trip ~}}{{#> city}}x{{/city}}{{> \"talking-points\" a=1}}{{> @partial-block}}{{#if a}}{{/if}}";
        assert_eq!(partials_named(src).unwrap(), ["cover", "trip", "city", "talking-points"]);
        assert_eq!(partials_named("{{> (lookup . \"name\")}}"), None);
        assert_eq!(partials_named("{{title}} {{#each x}}{{/each}}").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn only_the_templates_a_document_includes_are_compiled() {
        let t = Templates::load(None).unwrap();
        t.compile("pack").unwrap();
        let compiled: Vec<String> = lock(&t.compiled).iter().cloned().collect();
        assert!(compiled.contains(&"pack".to_string()) && compiled.contains(&"talking-points".to_string()));
        assert!(!compiled.iter().any(|n| n == "monthly" || n.starts_with("mail-")), "{compiled:?}");
        assert_eq!(compiled.len(), 11, "pack and its ten partials: {compiled:?}");
    }

    #[test]
    fn count_by_year_keeps_every_year_for_each_series() {
        let list = serde_json::json!([
            {"kind": "outgoing_visit", "year": 2019},
            {"kind": "festival", "year": 2019},
            {"kind": "exhibition", "year": 2023},
            {"kind": "incoming_visit", "year": 2016},
        ]);
        let pts = |v: Value| -> Vec<(String, u64)> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|p| (p["x"].as_str().unwrap().to_string(), p["y"].as_u64().unwrap()))
                .collect()
        };
        let s = |x: &str, y| (x.to_string(), y);
        assert_eq!(pts(count_by_year(&list, None, None)), [s("2559", 1), s("2562", 2), s("2566", 1)]);
        let visits = Some("outgoing_visit incoming_visit");
        assert_eq!(pts(count_by_year(&list, visits, None)), [s("2559", 1), s("2562", 1), s("2566", 0)]);
        assert_eq!(pts(count_by_year(&list, None, visits)), [s("2559", 0), s("2562", 1), s("2566", 1)]);
    }

    fn templates(files: &[(&str, &str)]) -> (tempfile::TempDir, Templates) {
        let dir = tempfile::tempdir().unwrap();
        for (name, src) in files {
            std::fs::write(dir.path().join(name), src).unwrap();
        }
        let t = Templates::load(Some(dir.path())).unwrap();
        (dir, t)
    }

    #[test]
    fn a_cycle_of_partials_is_an_error_at_the_include_that_closes_it() {
        let (dir, t) =
            templates(&[("a.hbs", "x{{> b}}"), ("b.hbs", "y\n  {{> c}}"), ("c.hbs", "{{#if t}}{{> a}}{{/if}}")]);
        let e = t.render("a", &serde_json::json!({"t": true})).unwrap_err().to_string();
        let c = dir.path().join("c.hbs");
        assert!(
            e.starts_with(&format!(
                "error: {}:1:10: templates include each other without end: a -> b -> c -> a\n",
                c.display()
            )),
            "{e}"
        );
        assert!(e.contains("^^^^^^^"), "{e}");
        // The same templates end when the condition does.
        assert_eq!(t.render("a", &serde_json::json!({"t": false})).unwrap(), "xy\n  ");
    }

    #[test]
    fn recursion_over_nested_data_is_fine_within_the_limit() {
        // A template that includes itself over nested data ends with the data...
        let (dir, t) = templates(&[
            ("tree.hbs", "[{{name}}{{#each children}}{{> tree}}{{/each}}]"),
            ("loop.hbs", "[{{#each @root.children}}{{> loop}}{{/each}}]"),
        ]);
        let tree = serde_json::json!({"name": "a", "children": [{"name": "b", "children": []}]});
        assert_eq!(t.render("tree", &tree).unwrap(), "[a[b]]");
        // ...and one that walks the same data again and again is stopped.
        let e = t.render("loop", &tree).unwrap_err().to_string();
        let at = format!(
            "error: {}:1:26: templates include each other without end: loop -> loop",
            dir.path().join("loop.hbs").display()
        );
        assert!(e.starts_with(&at), "{e}");
        let (_dir, t) = templates(&[("n.hbs", "[{{name}}{{#each children}}{{> m}}{{/each}}]"), ("m.hbs", "{{> n}}")]);
        let mut data = serde_json::json!({"name": "leaf", "children": []});
        for i in 0..10 {
            data = serde_json::json!({"name": i, "children": [data]});
        }
        assert_eq!(t.render("n", &data).unwrap(), "[9[8[7[6[5[4[3[2[1[0[leaf]]]]]]]]]]]");
        // And the depth is counted again on the next render.
        assert!(t.render("n", &data).is_ok());
    }

    #[test]
    fn nesting_is_counted_by_tags() {
        let n = MAX_TEMPLATE_NESTING;
        let nested = |k: usize| format!("{}x{}", "{{#if a}}".repeat(k), "{{/if}}".repeat(k));
        assert_eq!(too_deep(&nested(n)), None);
        assert_eq!(too_deep(&nested(n + 1)), Some((n * 9, "blocks")));
        // Siblings do not add up; else, comments, raw blocks, escapes and quotes are no blocks.
        assert_eq!(too_deep(&nested(60).repeat(3)), None);
        let noise =
            "{{else}}{{^}}{{!-- {{#if a}} --}}{{! {{#x}} }}{{{{raw}}}}{{#if}}{{{{/raw}}}}\\{{#if a}}{{x \"((\"}}";
        assert_eq!(too_deep(&format!("{}{}", noise.repeat(200), nested(n))), None);
        let parens = format!("{{{{len {}x{}}}}}", "(".repeat(n + 1), ")".repeat(n + 1));
        assert_eq!(too_deep(&parens), Some((0, "parentheses")));
        // The built-in templates are far from it.
        for (name, src) in BUILTIN {
            assert_eq!(too_deep(src), None, "{name}");
        }
    }
}
