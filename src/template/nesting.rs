//! Limits that keep templates from overflowing the stack: how deeply they
//! include one another (kept at render time by `__enter`/`__leave` helpers
//! every compiled template begins and ends with) and how deeply blocks nest
//! in one template (a scan before the parser runs).

use std::sync::{Arc, Mutex};

use handlebars::{Context, Handlebars, Helper, Output, RenderContext, RenderErrorReason, Template};
use serde_json::Value;

use super::lock;

/// How deeply templates may include one another. The pack nests three deep
/// (pack -> interactions -> people); handlebars recurses on the stack for
/// each level and has no limit of its own (it refuses only a template that
/// includes itself directly), so templates that include each other in a
/// cycle would overflow the stack.
pub const MAX_PARTIAL_DEPTH: usize = 32;

/// The templates being rendered, outermost first: kept by the `__enter` and
/// `__leave` helpers that every compiled template begins and ends with.
#[derive(Default)]
pub(super) struct Nesting {
    pub(super) stack: Vec<String>,
    /// The stack when it grew past [`MAX_PARTIAL_DEPTH`].
    pub(super) overflow: Option<Vec<String>>,
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
pub(super) fn too_deep(src: &str) -> Option<(usize, &'static str)> {
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
/// The partials a template includes by name (`{{> name}}`, `{{#> name}}`,
/// with `~` or quotes); `None` when one is chosen at render time
/// (`{{> (expression)}}`). Names in comments count too: at worst a template
/// is compiled that was not needed.
pub(super) fn partials_named(src: &str) -> Option<Vec<String>> {
    Some(partial_tags(src)?.into_iter().map(|(name, _)| name).collect())
}

/// [`partials_named`] with the byte offset of each tag's `{{`.
pub(super) fn partial_tags(src: &str) -> Option<Vec<(String, usize)>> {
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
pub(super) fn guard(template: &mut Template, name: &str) {
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
pub(super) fn register_nesting(hb: &mut Handlebars, nesting: &Arc<Mutex<Nesting>>) {
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
