//! Handlebars templates (mdBook-style themes): the built-in ones in
//! `templates/` are compiled in; a user's `--templates DIR` overrides any of
//! them by file name. Strict mode makes a misspelt variable an error with the
//! template's name and line; values are escaped for the markup.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

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

/// How deeply templates may include one another. The pack nests three deep
/// (pack -> interactions -> people); handlebars recurses on the stack for
/// each level and has no limit of its own (it refuses only a template that
/// includes itself directly), so templates that include each other in a
/// cycle would overflow the stack.
pub const MAX_PARTIAL_DEPTH: usize = 32;

/// The templates being rendered, outermost first: kept by the `__enter` and
/// `__leave` helpers that every compiled template begins and ends with.
#[derive(Default)]
struct Nesting {
    stack: Vec<String>,
    /// The stack when it grew past [`MAX_PARTIAL_DEPTH`].
    overflow: Option<Vec<String>>,
}

pub struct Templates {
    hb: Mutex<Handlebars<'static>>,
    nesting: Arc<Mutex<Nesting>>,
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
        let nesting = Arc::new(Mutex::new(Nesting::default()));
        register_nesting(&mut hb, &nesting);
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
                let src = crate::data::read_text(&p, "read template")?;
                sources.insert(name, (p, src));
            }
        }
        Ok(Templates { hb: Mutex::new(hb), nesting, origin: sources, compiled: Mutex::new(BTreeSet::new()) })
    }

    /// Render template `name` with `data` into markup.
    pub fn render(&self, name: &str, data: &Value) -> Result<String> {
        self.compile(name)?;
        let hb = lock(&self.hb);
        *lock(&self.nesting) = Nesting::default();
        hb.render(name, data).map_err(|e| match lock(&self.nesting).overflow.take() {
            Some(chain) => self.cycle_error(&chain),
            None => self.error(name, e),
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
        let results: Vec<(&str, std::result::Result<Template, Diagnostic>)> =
            {
                use rayon::prelude::*;
                let origin = &self.origin;
                needed
                    .par_iter()
                    .map(|&name| {
                        let (path, src) = &origin[name];
                        // The nesting is checked first: handlebars' parser and
                        // renderer recurse once per level, on rayon's threads too.
                        let result = match too_deep(src) {
                        Some((at, what)) => Err(Diagnostic::at(path, src, at..at + 2, format!(
                            "{what} nest more than {MAX_TEMPLATE_NESTING} deep here"
                        ))
                        .with_help(format!(
                            "a template nests at most {MAX_TEMPLATE_NESTING} blocks ({{{{#if}}}}, {{{{#each}}}}, ...) \
                             and {MAX_TEMPLATE_NESTING} parentheses in a tag; move what is inside into a partial"
                        ))),
                        None => compile_one(name, src).map_err(|e| {
                            let (line, col) = e.pos().unwrap_or((1, 1));
                            Diagnostic::at_line_col(path, src, line, col, format!("template syntax: {}", e.reason()))
                                .with_help("see https://handlebarsjs.com/guide/ for the syntax")
                        }),
                    };
                        (name, result)
                    })
                    .collect()
            };
        let mut hb = lock(&self.hb);
        let mut diags = Vec::new();
        for (name, result) in results {
            match result {
                Ok(mut template) => {
                    guard(&mut template, name);
                    hb.register_template(name, template);
                    compiled.insert(name.to_string());
                }
                Err(d) => diags.push(d),
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
            RenderErrorReason::CannotIncludeSelf => {
                "a template cannot include itself: remove this include, or move what repeats into a partial of its own"
            }
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

/// How deeply blocks may nest in one template, and parentheses in one tag.
/// Handlebars' parser (pest) and its renderer recurse once per level; pest
/// stops itself only far past what a 2 MiB thread stack holds (a template
/// of 1,000 nested {{#if}} overflowed it). The built-in templates nest 4.
pub const MAX_TEMPLATE_NESTING: usize = 100;

/// The first tag (byte offset) where blocks or a tag's parentheses nest
/// past [`MAX_TEMPLATE_NESTING`], and which of the two. A scan of the tags,
/// not a parse: comments and raw blocks are skipped, quoted text in a tag
/// is not counted; a template it lets through is still checked by the
/// parser, and one it stops would have been too deep for it.
fn too_deep(src: &str) -> Option<(usize, &'static str)> {
    let mut depth = 0usize;
    let mut from = 0;
    while let Some(i) = src[from..].find("{{") {
        let start = from + i;
        if start > 0 && src.as_bytes()[start - 1] == b'\\' {
            from = start + 2;
            continue; // \{{ is literal text
        }
        let rest = &src[start..];
        // Comments and raw blocks hold no tags.
        let skip_to = |end: &str, min: usize| rest[min..].find(end).map_or(src.len(), |j| start + min + j + end.len());
        if rest.starts_with("{{!--") {
            from = skip_to("--}}", 5);
            continue;
        }
        if rest.starts_with("{{!") {
            from = skip_to("}}", 3);
            continue;
        }
        if rest.starts_with("{{{{") {
            let after = skip_to("}}}}", 4);
            from = if rest.starts_with("{{{{/") {
                after
            } else {
                src[after..].find("{{{{/").map_or(src.len(), |j| after + j)
            };
            continue;
        }
        let end = rest.find("}}").map_or(src.len(), |j| start + j + 2);
        let tag = src[start + 2..end.saturating_sub(2).max(start + 2)].trim_start_matches(['{', '~']).trim_start();
        if tag.starts_with('#') || (tag.starts_with('^') && tag.len() > 1 && !tag[1..].trim_start().starts_with('~')) {
            depth += 1;
            if depth > MAX_TEMPLATE_NESTING {
                return Some((start, "blocks"));
            }
        } else if tag.starts_with('/') {
            depth = depth.saturating_sub(1);
        }
        let (mut parens, mut quote) = (0usize, None);
        for c in tag.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '(') => {
                    parens += 1;
                    if parens > MAX_TEMPLATE_NESTING {
                        return Some((start, "parentheses"));
                    }
                }
                (None, ')') => parens = parens.saturating_sub(1),
                _ => {}
            }
        }
        from = end.max(start + 2);
    }
    None
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
    Some(partial_tags(src)?.into_iter().map(|(name, _)| name).collect())
}

/// [`partials_named`] with the byte offset of each tag's `{{`.
fn partial_tags(src: &str) -> Option<Vec<(String, usize)>> {
    let mut names = Vec::new();
    let mut from = 0;
    while let Some(at) = src[from..].find("{{") {
        let start = from + at;
        from = start + 2;
        let rest = &src[from..];
        let tag = rest.trim_start_matches('~').trim_start_matches('#');
        let Some(tag) = tag.strip_prefix('>') else { continue };
        let tag = tag.trim_start();
        let name: String = match tag.chars().next() {
            Some('(') => return None,
            Some(q @ ('"' | '\'')) => tag[1..].chars().take_while(|&c| c != q).collect(),
            _ => tag.chars().take_while(|&c| !c.is_whitespace() && c != '}' && c != '~').collect(),
        };
        if !name.is_empty() && !name.starts_with('@') {
            names.push((name, start));
        }
    }
    Some(names)
}

/// Makes a compiled template begin with `{{__enter "name"}}` and end with
/// `{{__leave}}`, and so every inline partial (`{{#*inline "x"}}`) in it:
/// handlebars offers no hook when it enters a partial, and these two
/// helpers keep the depth. Neither writes anything.
fn guard(template: &mut Template, name: &str) {
    use handlebars::template::{Parameter, TemplateElement};
    // Compiled from source, so the elements are whatever handlebars makes of a helper call.
    let element = |src: &str| {
        let t = Template::compile(src).ok()?;
        Some((t.elements.into_iter().next()?, t.mapping.into_iter().next()?))
    };
    let (Some((mut enter, at_start)), Some((leave, at_leave))) = (element("{{__enter \"x\"}}"), element("{{__leave}}"))
    else {
        return;
    };
    if let TemplateElement::Expression(h) = &mut enter
        && let Some(p) = h.params.first_mut()
    {
        *p = Parameter::Literal(Value::String(name.to_string()));
    }
    for e in &mut template.elements {
        let inline = match e {
            TemplateElement::DecoratorBlock(d) if matches!(&d.name, Parameter::Name(n) if n == "inline") => Some(d),
            _ => None,
        };
        if let Some(d) = inline {
            let inner = match d.params.first() {
                Some(Parameter::Literal(Value::String(n))) => n.clone(),
                _ => "inline partial".to_string(),
            };
            if let Some(t) = d.template.as_mut() {
                guard(t, &inner);
            }
        }
    }
    let at_end = template.mapping.last().cloned().unwrap_or(at_leave);
    template.elements.insert(0, enter);
    template.mapping.insert(0, at_start);
    template.elements.push(leave);
    template.mapping.push(at_end);
}

/// The helpers [`guard`] calls, keeping `nesting`.
fn register_nesting(hb: &mut Handlebars, nesting: &Arc<Mutex<Nesting>>) {
    let state = Arc::clone(nesting);
    let enter = move |h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, _: &mut dyn Output| {
        let name = h.param(0).and_then(|p| p.value().as_str()).unwrap_or("?").to_string();
        let mut n = lock(&state);
        n.stack.push(name);
        if n.stack.len() > MAX_PARTIAL_DEPTH {
            n.overflow = Some(n.stack.clone());
            return Err(RenderErrorReason::Other("templates nest too deeply".into()).into());
        }
        Ok(())
    };
    let state = Arc::clone(nesting);
    let leave = move |_: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, _: &mut dyn Output| {
        lock(&state).stack.pop();
        Ok(())
    };
    hb.register_helper("__enter", Box::new(enter));
    hb.register_helper("__leave", Box::new(leave));
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
