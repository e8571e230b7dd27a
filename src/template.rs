//! Handlebars templates (mdBook-style themes): the built-in ones in
//! `templates/` are compiled in; a user's `--templates DIR` overrides any of
//! them by file name. Strict mode makes a misspelt variable an error with the
//! template's name and line; values are escaped for the markup.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use chrono::{Datelike, NaiveDate};
use handlebars::{
    Context, Handlebars, Helper, HelperResult, JsonRender, Output, RenderContext, RenderError, RenderErrorReason,
    Template, TemplateError, TemplateErrorReason, handlebars_helper,
};
use serde_json::Value;

use crate::error::{Diagnostic, Error, Result};
use crate::thai;

/// The built-in templates: (name, source). Partials are templates too; a
/// template includes another with `{{> name}}`.
pub const BUILTIN: &[(&str, &str)] = &[
    ("pack", include_str!("../templates/pack.hbs")),
    ("cover", include_str!("../templates/cover.hbs")),
    ("contents", include_str!("../templates/contents.hbs")),
    ("trip", include_str!("../templates/trip.hbs")),
    ("city", include_str!("../templates/city.hbs")),
    ("relationship", include_str!("../templates/relationship.hbs")),
    ("interactions", include_str!("../templates/interactions.hbs")),
    ("people", include_str!("../templates/people.hbs")),
    ("figures", include_str!("../templates/figures.hbs")),
    ("talking-points", include_str!("../templates/talking-points.hbs")),
    ("sources", include_str!("../templates/sources.hbs")),
    ("monthly", include_str!("../templates/monthly.hbs")),
    ("mail-subject", include_str!("../templates/mail-subject.hbs")),
    ("mail-body", include_str!("../templates/mail-body.hbs")),
    ("mail-attachment", include_str!("../templates/mail-attachment.hbs")),
];

pub struct Templates {
    hb: Mutex<Handlebars<'static>>,
    /// Where each template came from, for messages: (path shown, source).
    origin: BTreeMap<String, (PathBuf, String)>,
    /// The templates compiled so far.
    compiled: Mutex<BTreeSet<String>>,
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
        let mut sources: BTreeMap<String, (PathBuf, String)> = BUILTIN
            .iter()
            .map(|(n, s)| (n.to_string(), (PathBuf::from(format!("templates/{n}.hbs (built in)")), s.to_string())))
            .collect();
        if let Some(dir) = user_dir {
            let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, "read templates directory", e))?;
            let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            for p in paths.into_iter().filter(|p| p.extension().is_some_and(|e| e == "hbs")) {
                let name = p.file_stem().unwrap_or_default().to_string_lossy().to_string();
                let src = std::fs::read_to_string(&p).map_err(|e| Error::io(&p, "read template", e))?;
                sources.insert(name, (p, src));
            }
        }
        Ok(Templates { hb: Mutex::new(hb), origin: sources, compiled: Mutex::new(BTreeSet::new()) })
    }

    /// Render template `name` with `data` into markup.
    pub fn render(&self, name: &str, data: &Value) -> Result<String> {
        self.compile(name)?;
        lock(&self.hb).render(name, data).map_err(|e| self.error(name, e))
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
        let results: Vec<(&str, std::result::Result<Template, TemplateError>)> = {
            use rayon::prelude::*;
            let origin = &self.origin;
            needed.par_iter().map(|&name| (name, compile_one(name, &origin[name].1))).collect()
        };
        let mut hb = lock(&self.hb);
        let mut diags = Vec::new();
        for (name, result) in results {
            match result {
                Ok(template) => {
                    hb.register_template(name, template);
                    compiled.insert(name.to_string());
                }
                Err(e) => {
                    let (path, src) = &self.origin[name];
                    let (line, col) = e.pos().unwrap_or((1, 1));
                    diags.push(
                        Diagnostic::at_line_col(path, src, line, col, format!("template syntax: {}", e.reason()))
                            .with_help("see https://handlebarsjs.com/guide/ for the syntax"),
                    );
                }
            }
        }
        if diags.is_empty() { Ok(()) } else { Err(Error::Input(diags)) }
    }

    fn error(&self, top: &str, e: RenderError) -> Error {
        let name = e.template_name.clone().unwrap_or_else(|| top.to_string());
        let reason = e.reason().to_string();
        let help = match e.reason() {
            RenderErrorReason::MissingVariable(_) => {
                "templates run in strict mode: check the spelling against briefs/README.md, or guard optional values with {{#if}}"
            }
            RenderErrorReason::HelperNotFound(_) => "the helpers are listed in templates/README.md",
            _ => "see templates/README.md",
        };
        match (self.origin.get(&name), e.line_no) {
            (Some((path, src)), Some(line)) => {
                Diagnostic::at_line_col(path, src, line, e.column_no.unwrap_or(1), format!("template error: {reason}"))
                    .with_help(help)
                    .into()
            }
            _ => Error::with_help(format!("template `{name}`: {reason}"), help),
        }
    }
}

/// A lock whose holder never panics while holding it (and if one did, the
/// templates compiled so far are still good).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// One template compiled as the registry would (`prevent_indent` as set in
/// [`Templates::load`]); a registry of its own, so templates compile in
/// parallel.
fn compile_one(name: &str, src: &str) -> std::result::Result<Template, TemplateError> {
    let mut hb = Handlebars::new();
    hb.set_prevent_indent(true);
    hb.register_template_string(name, src)?;
    // Just registered, so it is there.
    hb.get_template(name)
        .cloned()
        .ok_or_else(|| TemplateError::of(TemplateErrorReason::InvalidSyntax(format!("template {name} was not kept"))))
}

/// The partials a template includes by name (`{{> name}}`, `{{#> name}}`,
/// with `~` or quotes); `None` when one is chosen at render time
/// (`{{> (expression)}}`). Names in comments count too: at worst a template
/// is compiled that was not needed.
fn partials_named(src: &str) -> Option<Vec<String>> {
    let mut names = Vec::new();
    let mut rest = src;
    while let Some(at) = rest.find("{{") {
        rest = &rest[at + 2..];
        let tag = rest.trim_start_matches('~').trim_start_matches('#');
        let Some(tag) = tag.strip_prefix('>') else { continue };
        let tag = tag.trim_start();
        let name: String = match tag.chars().next() {
            Some('(') => return None,
            Some(q @ ('"' | '\'')) => tag[1..].chars().take_while(|&c| c != q).collect(),
            _ => tag.chars().take_while(|&c| !c.is_whitespace() && c != '}' && c != '~').collect(),
        };
        if !name.is_empty() && !name.starts_with('@') {
            names.push(name);
        }
    }
    Some(names)
}

fn date_arg(v: &Value) -> Option<NaiveDate> {
    v.as_str().and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

fn need_date(h: &Helper, i: usize) -> std::result::Result<NaiveDate, RenderError> {
    let v = h.param(i).map(|p| p.value().clone()).unwrap_or(Value::Null);
    date_arg(&v).ok_or_else(|| {
        RenderErrorReason::Other(format!(
            "helper `{}`: argument {} should be a date (YYYY-MM-DD), got {v}",
            h.name(),
            i + 1
        ))
        .into()
    })
}

fn number_arg(h: &Helper, i: usize) -> std::result::Result<f64, RenderError> {
    let v = h.param(i).map(|p| p.value().clone()).unwrap_or(Value::Null);
    v.as_f64().or_else(|| v.as_str().and_then(|s| s.parse().ok())).ok_or_else(|| {
        RenderErrorReason::Other(format!("helper `{}`: argument {} should be a number, got {v}", h.name(), i + 1))
            .into()
    })
}

fn write(out: &mut dyn Output, s: &str) -> HelperResult {
    out.write(s)?;
    Ok(())
}

/// `{{date_long d}}` -> "7 กุมภาพันธ์ 2566"
fn date_long(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    write(out, &thai::date_long(need_date(h, 0)?))
}

/// `{{date_short d}}` -> "7 ก.พ. 66"
fn date_short(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    write(out, &thai::date_short(need_date(h, 0)?))
}

/// `{{month_year d}}` -> "กุมภาพันธ์ 2566"
fn month_year(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    write(out, &thai::month_year(need_date(h, 0)?))
}

/// `{{date_range start end}}` -> "7-12 กุมภาพันธ์ 2566"; `short=true` for abbreviations.
fn date_range(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let short = h.hash_get("short").is_some_and(|v| v.value().as_bool() == Some(true));
    write(out, &thai::date_range(need_date(h, 0)?, need_date(h, 1)?, short))
}

/// `{{when x}}` for anything with `start`/`end`, `date` or `year`: the Thai
/// date or range, or "พ.ศ. 2547" when only the year is known.
fn when(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let v = h.param(0).map(|p| p.value().clone()).unwrap_or(Value::Null);
    let short = h.hash_get("short").is_some_and(|v| v.value().as_bool() == Some(true));
    let start = date_arg(&v["start"]).or_else(|| date_arg(&v["date"]));
    let end = date_arg(&v["end"]).or(start);
    let text = match (start, end) {
        (Some(s), Some(e)) => thai::date_range(s, e, short),
        _ => match v["year"].as_i64() {
            Some(y) => format!("พ.ศ. {}", y + 543),
            None => {
                return Err(RenderErrorReason::Other(format!("helper `when`: {v} has no start, date or year")).into());
            }
        },
    };
    write(out, &text)
}

/// `{{be_year 2004}}` or `{{be_year "2004-06-11"}}` -> 2547
fn be_year(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let v = h.param(0).map(|p| p.value().clone()).unwrap_or(Value::Null);
    let year = match date_arg(&v) {
        Some(d) => d.year() as i64,
        None => number_arg(h, 0)? as i64,
    };
    write(out, &(year + 543).to_string())
}

/// `{{number 260000000}}` -> "260,000,000"; `decimals=1`.
fn number(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let decimals = h.hash_get("decimals").and_then(|v| v.value().as_u64()).unwrap_or(0) as usize;
    write(out, &thai::group_number(number_arg(h, 0)?, decimals))
}

/// `{{thai_digits "หน้า 12"}}` -> "หน้า ๑๒" (escaped like any value).
fn thai_digits(h: &Helper, r: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let v = h.param(0).map(|p| p.value().render()).unwrap_or_default();
    write(out, &r.get_escape_fn()(&thai::thai_digits(&v)))
}

/// `{{years_between from to}}` -> whole years, e.g. for "ความสัมพันธ์ 22 ปี".
fn years_between(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    write(out, &thai::whole_years(need_date(h, 0)?, need_date(h, 1)?).to_string())
}

handlebars_helper!(eq: |a: Value, b: Value| a == b);
handlebars_helper!(len: |a: Value| match a { Value::Array(v) => v.len(), Value::String(s) => s.chars().count(), Value::Object(m) => m.len(), _ => 0 });
handlebars_helper!(inc: |a: i64| a + 1);

/// The first day of anything dated, as a sortable string.
fn sort_key(v: &Value) -> String {
    for k in ["start", "date"] {
        if let Some(s) = v[k].as_str() {
            return s.to_string();
        }
    }
    v["year"].as_i64().map(|y| format!("{y:04}-00-00")).unwrap_or_default()
}

/// `(newest_first list)` / `(oldest_first list)`: sorted by start date.
fn sorted(list: &Value, newest: bool) -> Value {
    let mut items = list.as_array().cloned().unwrap_or_default();
    items.sort_by_key(sort_key);
    if newest {
        items.reverse();
    }
    Value::Array(items)
}
handlebars_helper!(newest_first: |list: Value| sorted(&list, true));
handlebars_helper!(oldest_first: |list: Value| sorted(&list, false));

/// `(within_months list 24 today)`: items whose first day is within the last
/// N months before `today`, newest first.
fn within_months(list: &Value, months: u32, today: &str) -> Value {
    let Some(today) = date_arg(&Value::String(today.to_string())) else { return Value::Array(Vec::new()) };
    let from = today.checked_sub_months(chrono::Months::new(months)).unwrap_or(today);
    let keep = |v: &Value| {
        let k = sort_key(v);
        k.as_str() >= from.format("%Y-%m-%d").to_string().as_str()
            && k.as_str() <= today.format("%Y-%m-%d").to_string().as_str()
    };
    let items: Vec<Value> = sorted(list, true).as_array().into_iter().flatten().filter(|v| keep(v)).cloned().collect();
    Value::Array(items)
}
handlebars_helper!(within_months_h: |list: Value, months: u64, today: str| within_months(&list, months as u32, today));

/// `(count_by_year interactions)`: [{x: Buddhist-Era year, y: count}] for
/// the years that have interactions, oldest first. With `kinds="a b"` only
/// those kinds are counted, with `except="a b"` all but those; the years are
/// still every year of the list (zero where none), so series side by side in
/// one chart share their x values.
fn count_by_year(list: &Value, kinds: Option<&str>, except: Option<&str>) -> Value {
    let year_of = |v: &Value| v["year"].as_i64().or_else(|| sort_key(v).get(..4).and_then(|y| y.parse().ok()));
    let items: Vec<&Value> = list.as_array().into_iter().flatten().collect();
    let counted = |v: &Value| {
        let kind = v["kind"].as_str().unwrap_or("");
        kinds.is_none_or(|k| k.split_whitespace().any(|k| k == kind))
            && except.is_none_or(|k| !k.split_whitespace().any(|k| k == kind))
    };
    let mut years: Vec<i64> = items.iter().filter_map(|v| year_of(v)).collect();
    years.sort_unstable();
    years.dedup();
    Value::Array(
        years
            .into_iter()
            .map(|y| {
                let n = items.iter().filter(|v| year_of(v) == Some(y) && counted(v)).count();
                serde_json::json!({"x": (y + 543).to_string(), "y": n})
            })
            .collect(),
    )
}

handlebars_helper!(count_by_year_h: |list: Value, {kinds: str = "", except: str = ""}|
    count_by_year(&list, Some(kinds).filter(|k| !k.is_empty()), Some(except).filter(|k| !k.is_empty())));

// `(first_n list 5)`
handlebars_helper!(first_n: |list: Value, n: u64| Value::Array(list.as_array().map(|a| a.iter().take(n as usize).cloned().collect()).unwrap_or_default()));

// `(where list "side" "partner")`: items whose field equals the value.
handlebars_helper!(where_eq: |list: Value, field: str, value: Value| Value::Array(list.as_array().map(|a| a.iter().filter(|v| v[field] == value).cloned().collect()).unwrap_or_default()));

/// `(person people "vibharat")`: the entry with that id, or an error naming it.
fn person(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let list = h.param(0).map(|p| p.value().clone()).unwrap_or(Value::Null);
    let id = h.param(1).map(|p| p.value().render()).unwrap_or_default();
    let found = list.as_array().and_then(|a| a.iter().find(|p| p["id"].as_str() == Some(id.as_str())));
    match found {
        Some(p) => write(out, &p["name_th"].render()),
        None => Err(RenderErrorReason::Other(format!("helper `person`: no person with id `{id}`")).into()),
    }
}

fn register_helpers(hb: &mut Handlebars) {
    hb.register_helper("date_long", Box::new(date_long));
    hb.register_helper("date_short", Box::new(date_short));
    hb.register_helper("month_year", Box::new(month_year));
    hb.register_helper("date_range", Box::new(date_range));
    hb.register_helper("when", Box::new(when));
    hb.register_helper("be_year", Box::new(be_year));
    hb.register_helper("number", Box::new(number));
    hb.register_helper("thai_digits", Box::new(thai_digits));
    hb.register_helper("years_between", Box::new(years_between));
    hb.register_helper("eq", Box::new(eq));
    hb.register_helper("len", Box::new(len));
    hb.register_helper("inc", Box::new(inc));
    hb.register_helper("newest_first", Box::new(newest_first));
    hb.register_helper("oldest_first", Box::new(oldest_first));
    hb.register_helper("within_months", Box::new(within_months_h));
    hb.register_helper("first_n", Box::new(first_n));
    hb.register_helper("where", Box::new(where_eq));
    hb.register_helper("person", Box::new(person));
    hb.register_helper("count_by_year", Box::new(count_by_year_h));
}

#[cfg(test)]
mod tests {
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
}
