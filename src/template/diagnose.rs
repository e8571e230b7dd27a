//! Template problems told like the data's: at the file, line and column of
//! the `.hbs` file with its source line and a caret, in words rather than
//! handlebars' (its strict-mode message prints `Some("trip.titel_th")`, its
//! parser lists grammar rules), with a did-you-mean where one can be found.

use std::ops::Range;
use std::path::Path;

use handlebars::{RenderErrorReason, TemplateError, TemplateErrorReason};
use serde_json::Value;

use super::trace::offset_of;
use crate::diag::{Diagnostic, closest};

/// A tag of a template: its span (`{{` to `}}`) and what is between the
/// braces, without `~` and blanks; `closed` is false for a `{{` never closed.
pub(super) struct Tag<'a> {
    pub(super) span: Range<usize>,
    pub(super) inner: &'a str,
    pub(super) closed: bool,
}

/// The tags of a template, in order. A scan, not a parse (handlebars' parser
/// stops at the first problem and says little about it): comments, raw
/// blocks and `\{{` hold no tags.
pub(super) fn tags(src: &str) -> Vec<Tag<'_>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = src[from..].find("{{") {
        let start = from + i;
        let rest = &src[start..];
        let (open, close) = match () {
            _ if start > 0 && src.as_bytes()[start - 1] == b'\\' => {
                from = start + 2;
                continue;
            }
            _ if rest.starts_with("{{!--") => ("{{!--", "--}}"),
            _ if rest.starts_with("{{!") => ("{{!", "}}"),
            _ if rest.starts_with("{{{{") => ("{{{{", "}}}}"),
            _ if rest.starts_with("{{{") => ("{{{", "}}}"),
            _ => ("{{", "}}"),
        };
        // A `{{` before the close: this tag was never closed (`{{#if x}text{{/if}}`).
        let unclosed = |j: usize| open.len() == 2 && rest[2..2 + j].contains("{{");
        let Some(j) = rest[open.len()..].find(close).filter(|&j| !unclosed(j)) else {
            out.push(Tag { span: start..src.len(), inner: "", closed: false });
            break;
        };
        let end = start + open.len() + j + close.len();
        from = end;
        match open {
            "{{!--" | "{{!" => continue,
            // A raw block: its text up to {{{{/name}}}} holds no tags.
            "{{{{" => {
                let close = src[end..].find("{{{{/").map_or(src.len(), |k| end + k);
                from = src[close..].find("}}}}").map_or(src.len(), |k| close + k + 4);
                continue;
            }
            _ => {}
        }
        let inner = src[start + open.len()..end - close.len()].trim_matches(|c: char| c == '~' || c.is_whitespace());
        out.push(Tag { span: start..end, inner, closed: true });
    }
    out
}

/// The block a tag opens (`#each`, `#> layout`, `#*inline`, `^name`), if any.
fn opens(inner: &str) -> Option<&str> {
    let rest = inner.strip_prefix('#').or_else(|| inner.strip_prefix('^'))?;
    let rest = rest.trim_start_matches(['>', '*']).trim_start();
    let name = rest.split(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    (!name.is_empty()).then_some(name)
}

/// The block a tag closes (`/each`), if any.
fn closes(inner: &str) -> Option<&str> {
    inner.strip_prefix('/').map(|r| r.split_whitespace().next().unwrap_or(""))
}

/// What is wrong with the blocks of a template: a `{{` never closed, a
/// block never closed (at its opening tag), a close that matches no open.
pub(super) fn block_problems(file: &Path, src: &str) -> Vec<Diagnostic> {
    let mut open: Vec<(&str, Range<usize>)> = Vec::new();
    let mut diags = Vec::new();
    let line_of = |at: usize| src[..at].matches('\n').count() + 1;
    for tag in tags(src) {
        if !tag.closed {
            let d = Diagnostic::at(
                file,
                src,
                tag.span.start..tag.span.start + 2,
                "template syntax: this tag is never closed",
            )
            .with_help("end it with `}}`");
            return vec![d];
        }
        if let Some(name) = opens(tag.inner) {
            open.push((name, tag.span));
        } else if let Some(name) = closes(tag.inner) {
            match open.iter().rposition(|(n, _)| *n == name) {
                // Every block opened inside this one was left open.
                Some(k) => {
                    for (inner, span) in open.drain(k..).skip(1).rev() {
                        diags.push(never_closed(file, src, inner, span, Some((name, line_of(tag.span.start)))));
                    }
                }
                // Taken as the close of the block open here, misspelt: one problem, not two.
                None => {
                    let help = match open.pop() {
                        Some((n, s)) => format!(
                            "the block open here is `{{{{#{n}}}}}` (line {}): close it with {{{{/{n}}}}}",
                            line_of(s.start)
                        ),
                        None => {
                            format!("no block is open here: remove it, or open one with {{{{#{name} ...}}}} before it")
                        }
                    };
                    diags.push(
                        Diagnostic::at(
                            file,
                            src,
                            tag.span.clone(),
                            format!("template syntax: `{{{{/{name}}}}}` closes no open block"),
                        )
                        .with_help(help),
                    );
                }
            }
        }
    }
    for (name, span) in open.into_iter().rev() {
        diags.push(never_closed(file, src, name, span, None));
    }
    diags
}

fn never_closed(file: &Path, src: &str, name: &str, span: Range<usize>, before: Option<(&str, usize)>) -> Diagnostic {
    let help = match before {
        Some((outer, line)) => format!("close it with {{{{/{name}}}}} before the {{{{/{outer}}}}} of line {line}"),
        None => format!("close it with {{{{/{name}}}}} where the block ends"),
    };
    Diagnostic::at(file, src, span, format!("template syntax: this `{{{{#{name}}}}}` block is never closed"))
        .with_help(help)
}

/// A template handlebars could not compile: the problems with its blocks
/// when there are any (handlebars reports those at the end of the file),
/// else its own finding in words.
pub(super) fn syntax(file: &Path, src: &str, e: &TemplateError) -> Vec<Diagnostic> {
    let blocks = block_problems(file, src);
    if !blocks.is_empty() {
        return blocks;
    }
    let (line, col) = e.pos().unwrap_or((1, 1));
    let at = offset_of(src, line, col).unwrap_or(0);
    // The tag the position is in, for the caret.
    let span = tags(src).into_iter().map(|t| t.span).find(|s| s.contains(&at)).unwrap_or(at..at + 1);
    let guide = "see https://handlebarsjs.com/guide/ for the syntax";
    let (message, help) = match e.reason() {
        TemplateErrorReason::MismatchingClosedHelper(open, close)
        | TemplateErrorReason::MismatchingClosedDecorator(open, close) => {
            (format!("`{{{{/{close}}}}}` closes the block `{{{{#{open}}}}}`"), format!("close it with {{{{/{open}}}}}"))
        }
        TemplateErrorReason::InvalidParam(p) => (format!("`{p}` cannot be a parameter here"), guide.to_string()),
        TemplateErrorReason::NestedSubexpression => ("a subexpression cannot be nested here".into(), guide.into()),
        _ => (
            "handlebars cannot read this tag".to_string(),
            format!(
                "a tag is {{{{name}}}}, {{{{helper arg key=value}}}}, {{{{#block arg}}}}...{{{{/block}}}}, \
                 {{{{> partial}}}} or {{{{! comment}}}}; {guide}"
            ),
        ),
    };
    vec![Diagnostic::at(file, src, span, format!("template syntax: {message}")).with_help(help)]
}

/// The names every template may call, for did-you-mean: briefpack's helpers
/// and handlebars' own.
pub(super) const HELPERS: &[&str] = &[
    "date_long",
    "date_short",
    "month_year",
    "date_range",
    "when",
    "be_year",
    "number",
    "thai_digits",
    "years_between",
    "eq",
    "len",
    "inc",
    "newest_first",
    "oldest_first",
    "within_months",
    "first_n",
    "where",
    "person",
    "count_by_year",
    "if",
    "unless",
    "each",
    "with",
    "lookup",
    "log",
    "ne",
    "gt",
    "gte",
    "lt",
    "lte",
    "and",
    "or",
    "not",
];

/// A render error at `line`:`col` of a template, told in words: what is
/// missing and, where a name is close to one the data or the templates
/// have, which. `data` is what the template was rendered with.
pub(super) fn render_problem(
    (file, src): (&Path, &str),
    (line, col): (usize, usize),
    reason: &RenderErrorReason,
    data: &Value,
    templates: &[&str],
) -> Diagnostic {
    let at = offset_of(src, line, col).unwrap_or(0);
    let tag = tags(src).into_iter().map(|t| t.span).find(|s| s.start >= at).unwrap_or(at..at + 2);
    // The caret goes under `name` in the tag when it is written there.
    let under = |name: &str| {
        src.get(tag.clone())
            .and_then(|t| t.find(name))
            .map_or(tag.clone(), |i| tag.start + i..tag.start + i + name.len())
    };
    let did_you_mean = |word: &str, names: &[&str], what: &str| match closest(word, names.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? {what}"),
        None => what.to_string(),
    };
    let (span, message, help) = match reason {
        RenderErrorReason::MissingVariable(Some(path)) => {
            let help = match suggest(path, &scopes(src, at, data), data) {
                Some(Suggestion::Path(p)) => {
                    format!("did you mean `{p}`? (templates run in strict mode: a name not in the data is an error)")
                }
                Some(Suggestion::List(list)) => {
                    format!("`{list}` is a list: go through it with {{{{#each {list}}}}}...{{{{/each}}}}")
                }
                None => "templates run in strict mode: check the spelling against briefs/README.md, \
                         or guard a value that may be absent with {{#if}}"
                    .to_string(),
            };
            (under(path), format!("`{path}` is not in the data"), help)
        }
        RenderErrorReason::InvalidJsonIndex(seg) => {
            // The path in the tag that reaches into the list: `city.people.name_th`.
            let text = src.get(tag.clone()).unwrap_or("");
            let suffix = format!(".{seg}");
            let path = text
                .split(|c: char| c.is_whitespace() || "{}()~#/>".contains(c))
                .find(|w| w.ends_with(&suffix))
                .unwrap_or(seg);
            let list = path.strip_suffix(&suffix).unwrap_or(path);
            (
                under(path),
                format!("`{list}` is a list: `{seg}` is a field of each of its items"),
                format!(
                    "go through it with {{{{#each {list}}}}}...{{{{{seg}}}}}...{{{{/each}}}}, or pick one item: {list}.0.{seg}"
                ),
            )
        }
        RenderErrorReason::MissingVariable(None) => (
            tag.clone(),
            "a value this tag uses is not in the data".to_string(),
            "templates run in strict mode: check the spelling against briefs/README.md, or guard it with {{#if}}"
                .to_string(),
        ),
        RenderErrorReason::HelperNotFound(name) => (
            under(name),
            format!("there is no helper `{name}`"),
            did_you_mean(name, HELPERS, "the helpers are listed in templates/README.md"),
        ),
        RenderErrorReason::PartialNotFound(name) => (
            under(name),
            format!("there is no template `{name}` to include"),
            did_you_mean(name, templates, "include a built-in template by its name, or add NAME.hbs to your templates"),
        ),
        RenderErrorReason::CannotIncludeSelf => (
            tag.clone(),
            "a template cannot include itself".to_string(),
            "remove this include, or move what repeats into a partial of its own".to_string(),
        ),
        other => (tag.clone(), reason_text(other), "see templates/README.md".to_string()),
    };
    Diagnostic::at(file, src, span, message).with_help(help)
}

/// A render error's reason in words, without handlebars' debug formatting.
pub(super) fn reason_text(reason: &RenderErrorReason) -> String {
    match reason {
        RenderErrorReason::MissingVariable(Some(p)) => format!("`{p}` is not in the data"),
        RenderErrorReason::MissingVariable(None) => "a value is not in the data".to_string(),
        RenderErrorReason::ParamNotFoundForIndex(helper, i) => {
            format!("`{helper}` needs a parameter {} and none was given", i + 1)
        }
        RenderErrorReason::ParamNotFoundForName(helper, name) => format!("`{helper}` needs the parameter `{name}`"),
        RenderErrorReason::ParamTypeMismatchForName(helper, name, ty)
        | RenderErrorReason::HashTypeMismatchForName(helper, name, ty) => {
            format!("`{helper}`: `{name}` should be {ty}")
        }
        RenderErrorReason::TemplateError(e) => format!("template syntax: {}", e.reason()),
        other => other.to_string(),
    }
}

/// What a misspelt path was probably meant to be.
#[derive(Debug, PartialEq)]
enum Suggestion {
    Path(String),
    /// The path reaches into a list (`city.people.name_th`).
    List(String),
}

/// The values a tag at `at` sees as `this`, innermost first: from the
/// `{{#each}}` and `{{#with}}` blocks open around it in this template (the
/// first item of a list stands for all). A partial does not know what its
/// includer loops over; the whole data is searched after these.
fn scopes<'d>(src: &str, at: usize, data: &'d Value) -> Vec<&'d Value> {
    let mut stack: Vec<&Value> = vec![data];
    for tag in tags(src).into_iter().take_while(|t| t.span.start < at) {
        if let Some(name) = opens(tag.inner) {
            let arg = tag.inner[1..].trim_start().strip_prefix(name).unwrap_or("").trim();
            let arg = arg.split_whitespace().next().unwrap_or("");
            let top = stack.last().copied().unwrap_or(data);
            let inner = match name {
                "each" => resolve(arg, &stack, data).and_then(|v| match v {
                    Value::Array(a) => a.first(),
                    Value::Object(m) => m.values().next(),
                    _ => None,
                }),
                "with" => resolve(arg, &stack, data),
                _ => Some(top),
            };
            stack.push(inner.unwrap_or(&Value::Null));
        } else if closes(tag.inner).is_some() && stack.len() > 1 {
            stack.pop();
        }
    }
    stack.reverse();
    stack
}

/// A path as a template writes it (`city.people`, `this.x`, `../x`,
/// `@root.trip`), from the innermost scope `stack.last()`.
fn resolve<'d>(path: &str, stack: &[&'d Value], root: &'d Value) -> Option<&'d Value> {
    let (mut v, rest) = match path.strip_prefix("@root") {
        Some(rest) => (root, rest.trim_start_matches(['.', '/'])),
        None => {
            let ups = path.matches("../").count();
            (*stack.get(stack.len().checked_sub(1 + ups)?)?, path.trim_start_matches("../"))
        }
    };
    for seg in segments(rest) {
        v = match v {
            Value::Object(m) => m.get(seg)?,
            Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split(['.', '/']).filter(|s| !s.is_empty() && *s != "this")
}

/// The closest path to `path` that exists: walked from each scope, then
/// from every object in the data (breadth first, so the nearest first).
fn suggest(path: &str, scopes: &[&Value], data: &Value) -> Option<Suggestion> {
    // What the path starts with and keeps as written: `@root.`, `../`, `this.`.
    let lead_len = path.len()
        - path
            .trim_start_matches("@root")
            .trim_start_matches(['.', '/'])
            .trim_start_matches("../")
            .trim_start_matches("this.")
            .len();
    let (lead, rest) = path.split_at(lead_len);
    let segs: Vec<&str> = segments(rest).collect();
    let mut everywhere = Vec::new();
    let mut queue = std::collections::VecDeque::from([data]);
    // A bound on the search: a city of thousands of interactions is searched only so far.
    while let Some(v) = queue.pop_front().filter(|_| everywhere.len() < 20_000) {
        match v {
            Value::Object(m) => {
                everywhere.push(v);
                queue.extend(m.values());
            }
            Value::Array(a) => queue.extend(a.iter()),
            _ => {}
        }
    }
    scopes.iter().chain(everywhere.iter()).find_map(|ctx| walk(ctx, &segs, lead))
}

/// The suggestion for `segs` from `ctx`: the first segment that is not
/// there, replaced by the closest key there is.
fn walk(ctx: &Value, segs: &[&str], lead: &str) -> Option<Suggestion> {
    let mut v = ctx;
    for (i, seg) in segs.iter().enumerate() {
        let shown = |k: &str| {
            let mut all: Vec<&str> = segs.to_vec();
            all[i] = k;
            format!("{lead}{}", all.join("."))
        };
        v = match v {
            Value::Object(m) => match m.get(*seg) {
                Some(next) => next,
                None => return closest(seg, m.keys().map(String::as_str)).map(|k| Suggestion::Path(shown(k))),
            },
            Value::Array(a) if seg.parse::<usize>().is_err() => {
                let in_items = a.first().and_then(Value::as_object).is_some_and(|o| o.contains_key(*seg));
                return in_items.then(|| Suggestion::List(format!("{lead}{}", segs[..i].join("."))));
            }
            Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    None
}

/// The files of a user's templates folder that change nothing: named after
/// no built-in template and included by no template. Each is a warning with
/// the built-in name it was probably meant to have.
pub(super) fn unused_overrides<'a>(
    user: &[(String, &Path)],
    sources: impl Iterator<Item = &'a str> + Clone,
    builtin: &[&str],
) -> Vec<String> {
    let included = |name: &str| {
        sources
            .clone()
            .any(|src| super::nesting::partials_named(src).is_none_or(|names| names.iter().any(|n| n == name)))
    };
    let list = builtin.iter().map(|n| format!("{n}.hbs")).collect::<Vec<_>>().join(", ");
    user.iter()
        .filter(|(name, _)| !builtin.contains(&name.as_str()) && !included(name))
        .map(|(name, path)| {
            let help = match closest(name, builtin.iter().copied()) {
                Some(best) => format!("did you mean `{best}.hbs`? a file of that name replaces the built-in one"),
                None => format!("a file replaces the built-in template of its name ({list}); a new one is used once a template includes it with {{{{> {name}}}}}"),
            };
            format!(
                "warning: {}: no built-in template is called `{name}.hbs` and no template includes it: it is not used\n  = help: {help}",
                path.display()
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_misspelt_path_is_matched_against_the_data_where_the_tag_is() {
        let data = json!({"trip": {"title_th": "t", "agenda": [{"date": "d", "items": [{"time": "9"}]}]}, "city": {"people": [{"name_th": "n"}]}});
        let none: Vec<&Value> = vec![];
        assert_eq!(suggest("trip.titel_th", &none, &data), Some(Suggestion::Path("trip.title_th".into())));
        assert_eq!(suggest("@root.trip.titel_th", &none, &data), Some(Suggestion::Path("@root.trip.title_th".into())));
        assert_eq!(suggest("city.people.name_th", &none, &data), Some(Suggestion::List("city.people".into())));
        // Inside {{#each}} over the agenda's items, `tme` is an item's key.
        let src = "{{#each trip.agenda}}{{#each items}}{{tme}}{{/each}}{{/each}}";
        let at = src.find("{{tme").unwrap();
        let s = scopes(src, at, &data);
        assert_eq!(s[0], &json!({"time": "9"}));
        assert_eq!(suggest("tme", &s, &data), Some(Suggestion::Path("time".into())));
        assert_eq!(suggest("../dte", &s, &data), Some(Suggestion::Path("../date".into())));
        assert_eq!(suggest("zzzzzz", &s, &data), None);
    }

    #[test]
    fn an_unclosed_block_is_reported_at_its_opening_tag() {
        let f = Path::new("t.hbs");
        let d = block_problems(f, "<p>\n{{#if a}}\n{{#each b}}x{{/each}}\n");
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].line, d[0].column, d[0].message.as_str()),
            (2, 1, "template syntax: this `{{#if}}` block is never closed")
        );
        let d = block_problems(f, "{{#if a}}\n  {{#each b}}x\n{{/if}}");
        assert_eq!((d[0].line, d[0].column), (2, 3));
        assert_eq!(d[0].help.as_deref(), Some("close it with {{/each}} before the {{/if}} of line 3"));
        let d = block_problems(f, "{{! {{#if}} }}{{{{raw}}}}{{#x}}{{{{/raw}}}}\\{{#y}}{{/if}}");
        assert_eq!(d[0].message, "template syntax: `{{/if}}` closes no open block");
        let d = block_problems(f, "<p>\n{{#if x}ก{{/if}}</p>");
        assert_eq!((d.len(), d[0].line, d[0].column, d[0].width), (1, 2, 1, 2));
        assert_eq!(d[0].message, "template syntax: this tag is never closed");
        assert!(
            block_problems(f, "{{#*inline \"a\"}}{{#> b}}{{^c}}{{/c}}{{/b}}{{/inline}}{{#if x}}{{else}}{{/if}}")
                .is_empty()
        );
    }
}
