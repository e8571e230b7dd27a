//! A paragraph: styled text -> shaped glyphs -> lines. Breaks only at word
//! boundaries (see `linebreak`), cuts a word wider than its box between
//! grapheme clusters, and justifies the Thai way: slack goes to spaces first,
//! then, within a limit, between grapheme clusters.

use std::ops::Range;

use crate::typeset::style::{Align, Color};
use crate::typeset::text::fonts::FaceId;
use crate::typeset::text::linebreak;
use crate::typeset::text::shape::{RunScript, char_script};

use super::optimum::{self, Candidate, Fit, Measure};
use super::{Context, LayoutError, PlacedGlyph};

/// The style of one run of text.
#[derive(Debug, Clone, PartialEq)]
pub struct RunStyle {
    pub face: FaceId,
    pub size: f32,
    pub color: Color,
    pub href: Option<String>,
    pub nobr: bool,
    /// Language, when the markup gives one.
    pub lang: Option<String>,
}

/// Text with style runs, ready to lay out. `'\n'` is a forced line break.
#[derive(Debug, Clone, Default)]
pub struct StyledText {
    pub text: String,
    pub runs: Vec<(Range<usize>, RunStyle)>,
}

impl StyledText {
    pub fn push(&mut self, text: &str, style: RunStyle) {
        let start = self.text.len();
        self.text.push_str(text);
        match self.runs.last_mut() {
            Some((r, s)) if *s == style && r.end == start => r.end = self.text.len(),
            _ => self.runs.push((start..self.text.len(), style)),
        }
    }
}

/// Paragraph-level settings.
#[derive(Debug, Clone, Copy)]
pub struct ParaStyle {
    pub align: Align,
    /// Ragged lines of even length (headings, titles, captions).
    pub balance: bool,
    pub line_height: f32,
    pub first_line_indent: f32,
}

/// A laid-out line. Coordinates: x from the line's left edge, y down from its top.
#[derive(Debug, Clone, Default)]
pub struct Line {
    pub height: f32,
    pub baseline: f32,
    pub width: f32,
    pub glyphs: Vec<PlacedGlyph>,
    /// The source text of the line, for the PDF text layer.
    pub text: String,
    /// A box per link and line.
    pub links: Vec<LinkBox>,
    /// When parts of the line are links or in another language: the line
    /// cut where that changes (empty otherwise).
    pub segments: Vec<Segment>,
}

/// A link's clickable area on one line, from `x0` to `x1`.
#[derive(Debug, Clone)]
pub struct LinkBox {
    pub x0: f32,
    pub x1: f32,
    pub href: String,
    /// Its segment's group.
    pub group: usize,
}

/// A piece of a line that is one link, or in one language.
#[derive(Debug, Clone)]
pub struct Segment {
    /// Bytes of the line's text.
    pub text: Range<usize>,
    /// Indices into the line's glyphs.
    pub glyphs: Range<usize>,
    /// Segments of the paragraph with the same group are one link or span
    /// (a link may go on over the next line).
    pub group: usize,
    pub href: Option<String>,
    pub lang: Option<String>,
}

/// Per style run of `st`, its group (see [`Segment::group`]): runs next to
/// each other with the same link, or outside links the same language, are
/// one group. None when no run has a link or a language.
fn run_groups(st: &StyledText) -> Option<Vec<usize>> {
    if st.runs.iter().all(|(_, s)| s.href.is_none() && s.lang.is_none()) {
        return None;
    }
    let key = |s: &RunStyle| (s.href.clone(), s.href.is_none().then(|| s.lang.clone()).flatten());
    let mut groups: Vec<usize> = Vec::with_capacity(st.runs.len());
    for (r, (_, style)) in st.runs.iter().enumerate() {
        let same = r > 0 && key(&st.runs[r - 1].1) == key(style);
        groups.push(if same { groups[r - 1] } else { r });
    }
    Some(groups)
}

/// A shaped glyph with its position in the paragraph text.
#[derive(Debug, Clone)]
struct Shaped {
    face: FaceId,
    gid: u16,
    /// Byte range of the glyph's cluster in the paragraph text.
    cluster: Range<usize>,
    advance: f32,
    x_offset: f32,
    y_offset: f32,
    run: usize,
    unicode: String,
}

/// Lay out `st` into lines no wider than `width`: break opportunities and
/// their penalties from `linebreak`, the breaks chosen over the whole
/// paragraph by `optimum`, then each line justified the Thai way.
pub fn layout(ctx: &mut Context, st: &StyledText, para: ParaStyle, width: f32) -> Result<Vec<Line>, LayoutError> {
    let glyphs = shape_all(ctx, st)?;
    let size = st.runs.first().map_or(ctx.default_size, |r| r.1.size);
    let para_text = Paragraph::new(ctx, st, &glyphs);
    let indent = para.first_line_indent;
    let ragged = (para.align != Align::Justify).then_some(3.0 * size);
    let fit = |width: f32| Fit {
        first_width: width - indent,
        width,
        space_stretch: ctx.max_space_stretch * size,
        space_shrink: ctx.max_space_shrink * size,
        gap_stretch: ctx.max_cluster_spacing * size,
        ragged,
        em: size,
    };
    let mut chosen = para_text.choose(&fit(width), false);
    if chosen.1 {
        // Some word is wider than the line: cut it between clusters, as a last resort.
        chosen = para_text.choose(&fit(width), true);
    }
    if para.balance && chosen.0.len() > 1 {
        // Headings and captions: the narrowest measure that needs no more
        // lines, so the lines come out of even length (no lone last word).
        let lines = chosen.0.len();
        let (mut lo, mut hi) = (width / 2.0, width);
        let mut best = chosen.clone();
        for _ in 0..10 {
            let mid = (lo + hi) / 2.0;
            let c = para_text.choose(&fit(mid), chosen.1);
            if c.0.len() <= lines && !c.1 {
                hi = mid;
                best = c;
            } else {
                lo = mid;
            }
        }
        chosen = best;
    }
    let (breaks, cands) = (&chosen.0, &chosen.2);
    let mut out = Vec::with_capacity(breaks.len());
    let mut from = Candidate { end: 0, next: 0, penalty: 0.0, forced: false };
    let mut from_byte = 0usize;
    for (k, &j) in breaks.iter().enumerate() {
        let c = cands[j];
        let end_byte = para_text.content_end(c.end);
        let line_indent = if k == 0 { indent } else { 0.0 };
        let span = LineSpan { glyphs: from.next..c.end, bytes: from_byte..end_byte.max(from_byte), last: c.forced };
        out.push(build_line(ctx, st, &glyphs, &para_text, span, para, width - line_indent, line_indent));
        from = c;
        from_byte = para_text.byte_of(c.next);
    }
    if out.iter().all(|l| l.glyphs.is_empty() && l.text.is_empty()) && out.len() <= 1 {
        // An empty paragraph still takes a line (e.g. an empty table cell keeps its height).
        let (h, b) = ctx.line_metrics(st.runs.first().map_or(0, |r| r.1.face), size, para.line_height);
        return Ok(vec![Line { height: h, baseline: b, ..Line::default() }]);
    }
    Ok(out)
}

/// The width of the widest piece of `st` between two break opportunities
/// (a word, or a name kept whole): the narrowest measure it can be set in
/// without cutting a word.
pub fn min_content_width(ctx: &mut Context, st: &StyledText) -> Result<f32, LayoutError> {
    let glyphs = shape_all(ctx, st)?;
    let p = Paragraph::new(ctx, st, &glyphs);
    let mut widest = 0.0f32;
    let mut start = 0usize;
    for o in &p.opportunities {
        let c = p.candidate(o.at, o.penalty, o.forced);
        widest = widest.max(p.measure.line(start, c.end).natural);
        start = c.next;
    }
    Ok(widest)
}

/// The glyphs and bytes of one line.
struct LineSpan {
    glyphs: Range<usize>,
    bytes: Range<usize>,
    /// The paragraph's last line, or one ended by `'\n'`: not justified.
    last: bool,
}

/// A shaped paragraph seen by the line breaker: where its glyphs start in
/// the text, its spaces and Thai cluster gaps, and its break opportunities.
struct Paragraph<'p> {
    text: &'p str,
    glyphs: &'p [Shaped],
    /// First glyph at or after each byte offset (glyphs are in logical order).
    first_glyph: Vec<usize>,
    measure: Measure,
    opportunities: Vec<linebreak::Opportunity>,
}

impl<'p> Paragraph<'p> {
    fn new(ctx: &mut Context, st: &'p StyledText, glyphs: &'p [Shaped]) -> Paragraph<'p> {
        let text = st.text.as_str();
        let mut first_glyph = vec![glyphs.len(); text.len() + 1];
        for (i, g) in glyphs.iter().enumerate().rev() {
            first_glyph[g.cluster.start] = first_glyph[g.cluster.start].min(i);
        }
        for b in (0..text.len()).rev() {
            first_glyph[b] = first_glyph[b].min(first_glyph[b + 1]);
        }
        let clusters = linebreak::cluster_boundaries(text);
        let mut measure = Measure {
            width: Vec::with_capacity(glyphs.len() + 1),
            spaces: Vec::with_capacity(glyphs.len() + 1),
            gaps: Vec::with_capacity(glyphs.len() + 1),
        };
        let (mut w, mut s, mut g) = (0.0f32, 0u32, 0u32);
        for (i, gl) in glyphs.iter().enumerate() {
            measure.width.push(w);
            measure.spaces.push(s);
            if i > 0 && gl.cluster.start != glyphs[i - 1].cluster.start && is_gap(text, &clusters, gl.cluster.start) {
                g += 1;
            }
            measure.gaps.push(g);
            w += gl.advance;
            if is_space(text, gl) {
                s += 1;
            }
        }
        measure.width.push(w);
        measure.spaces.push(s);
        measure.gaps.push(g);
        let nobr: Vec<Range<usize>> = st.runs.iter().filter(|(_, s)| s.nobr).map(|(r, _)| r.clone()).collect();
        // Table cells are measured before they are laid out, and running
        // heads repeat on every page: their opportunities are worked out once.
        let key = (text.to_string(), nobr);
        let opportunities = match ctx.breaks.get(&key) {
            Some(o) => o.clone(),
            None => {
                let names = ctx.phrases.ranges(text);
                let o = linebreak::opportunities(text, &names, &key.1);
                ctx.breaks.insert(key, o.clone());
                o
            }
        };
        Paragraph { text, glyphs, first_glyph, measure, opportunities }
    }

    /// The candidate for a break before byte `b`.
    fn candidate(&self, b: usize, penalty: f32, forced: bool) -> Candidate {
        let content = self.text[..b].trim_end_matches([' ', '\n']).len();
        Candidate { end: self.first_glyph[content], next: self.first_glyph[b], penalty, forced }
    }

    /// The best breaks (indices into the candidates, which come third), and
    /// whether a line is overfull. `emergency` adds cuts between clusters.
    fn choose(&self, fit: &Fit, emergency: bool) -> (Vec<usize>, bool, Vec<Candidate>) {
        let mut cands: Vec<(usize, Candidate)> =
            self.opportunities.iter().map(|o| (o.at, self.candidate(o.at, o.penalty, o.forced))).collect();
        if emergency {
            // Cuts between clusters, only inside the pieces too wide for any line.
            let mut extra = Vec::new();
            let (mut from_byte, mut from_glyph) = (0usize, 0usize);
            for (at, c) in &cands {
                if self.measure.line(from_glyph, c.end).natural > fit.width.min(fit.first_width) {
                    let piece = &self.text[from_byte..*at];
                    for b in linebreak::emergency(piece).into_iter().map(|b| from_byte + b) {
                        if !self.text[..b].ends_with([' ', '\n']) {
                            extra.push((b, self.candidate(b, linebreak::rules::penalty::EMERGENCY, false)));
                        }
                    }
                }
                (from_byte, from_glyph) = (*at, c.next);
            }
            cands.extend(extra);
            cands.sort_by_key(|c| c.0);
        }
        let cands: Vec<Candidate> = cands.into_iter().map(|c| c.1).collect();
        let (breaks, overfull) = optimum::breaks(&cands, &self.measure, fit);
        (breaks, overfull, cands)
    }

    /// Byte offset where glyph `g` starts (the text's end past the last glyph).
    fn byte_of(&self, g: usize) -> usize {
        self.glyphs.get(g).map_or(self.text.len(), |g| g.cluster.start)
    }

    /// End of a line's text that ends before glyph `g`, without trailing spaces.
    fn content_end(&self, g: usize) -> usize {
        let b = self.byte_of(g);
        self.text[..b].trim_end_matches([' ', '\n']).len()
    }
}

fn is_space(text: &str, g: &Shaped) -> bool {
    text[g.cluster.clone()].starts_with(' ')
}

/// Is `at` a boundary between two Thai grapheme clusters, where Thai
/// justification may add room? Latin words and numbers letter-spaced
/// ("S i s t e r") read badly, while Thai set this way is what readers know
/// from Word's "Thai distributed".
fn is_gap(text: &str, clusters: &[usize], at: usize) -> bool {
    let thai = |c: Option<char>| c.and_then(char_script) == Some(RunScript::Thai);
    clusters.binary_search(&at).is_ok() && thai(text[..at].chars().next_back()) && thai(text[at..].chars().next())
}

/// How a line's slack is spent: added to each space, to each gap between
/// Thai clusters, and before the line's start.
struct Spacing {
    per_space: f32,
    per_gap: f32,
    x0: f32,
}

/// Where the slack goes: to spaces first, up to a comfortable width; then
/// to an even, small spacing between Thai clusters, up to its limit; then
/// to spaces again, up to theirs. Beyond that the line stays short: a
/// ragged line reads better than gaping spaces. A justified line too long
/// by a little shrinks its spaces, within their limit.
fn spacing(ctx: &Context, align: Align, last: bool, slack: f32, size: f32, (spaces, gaps): (f32, f32)) -> Spacing {
    let (mut per_space, mut per_gap, mut x0) = (0.0f32, 0.0f32, 0.0f32);
    match align {
        Align::Justify if !last && slack > 0.0 => {
            let (cap_space, cap_gap) = (ctx.max_space_stretch * size, ctx.max_cluster_spacing * size);
            let mut rest = slack;
            if spaces > 0.0 {
                per_space = (rest / spaces).min(0.6 * cap_space);
                rest -= per_space * spaces;
            }
            if rest > 0.0 && gaps > 0.0 {
                per_gap = (rest / gaps).min(cap_gap);
                rest -= per_gap * gaps;
            }
            if rest > 0.0 && spaces > 0.0 {
                per_space += (rest / spaces).min(cap_space - per_space);
            }
        }
        Align::Justify if slack < 0.0 && spaces > 0.0 => {
            per_space = (slack / spaces).max(-ctx.max_space_shrink * size);
        }
        Align::Center => x0 = slack.max(0.0) / 2.0,
        Align::Right => x0 = slack.max(0.0),
        _ => {}
    }
    Spacing { per_space, per_gap, x0 }
}

/// One line of a paragraph: its glyphs placed, its slack spent, a box per link.
#[allow(clippy::too_many_arguments)] // the paragraph's pieces, each read here
fn build_line(
    ctx: &mut Context,
    st: &StyledText,
    glyphs: &[Shaped],
    para_text: &Paragraph,
    span: LineSpan,
    para: ParaStyle,
    width: f32,
    indent: f32,
) -> Line {
    let text = &st.text;
    let line_glyphs = &glyphs[span.glyphs.clone()];
    let natural: f32 = line_glyphs.iter().map(|g| g.advance).sum();
    let (start_byte, end_byte) = (span.bytes.start, span.bytes.end);
    let line_text = text[start_byte..end_byte].to_string();
    let measure = &para_text.measure;
    let fit = measure.line(span.glyphs.start, span.glyphs.end);
    let gap_at = |i: usize| i > 0 && measure.gaps[span.glyphs.start + i] != measure.gaps[span.glyphs.start + i - 1];

    let size = line_glyphs.first().map_or(ctx.default_size, |g| st.runs[g.run].1.size);
    let Spacing { per_space, per_gap, x0 } =
        spacing(ctx, para.align, span.last, width - natural, size, (fit.spaces as f32, fit.gaps as f32));

    let mut line = Line { text: line_text, ..Line::default() };
    // The line is as tall as its tallest run.
    let (mut height, mut baseline) = (0.0f32, 0.0f32);
    for (_, s) in st.runs.iter().filter(|(r, _)| r.start < end_byte.max(start_byte + 1) && r.end > start_byte) {
        let (h, b) = ctx.line_metrics(s.face, s.size, para.line_height);
        height = height.max(h);
        baseline = baseline.max(b);
    }
    let mut x = indent + x0;
    let mut pieces = Pieces { link: None, groups: run_groups(st), start_byte };
    for (i, g) in line_glyphs.iter().enumerate() {
        if per_gap != 0.0 && gap_at(i) {
            x += per_gap;
        }
        let style = &st.runs[g.run].1;
        let space = is_space(text, g);
        pieces.at_glyph(&mut line, g, style, x, space);
        if !space {
            line.glyphs.push(PlacedGlyph {
                face: g.face,
                size: style.size,
                gid: g.gid,
                x: x + g.x_offset,
                y_offset: g.y_offset,
                color: style.color,
                unicode: g.unicode.clone(),
            });
        }
        x += g.advance;
        if space {
            x += per_space;
        }
    }
    pieces.end(&mut line, x);
    line.width = x;
    line.height = height;
    line.baseline = baseline;
    line
}

/// A line's links and segments, as its glyphs are placed.
struct Pieces {
    /// The open link: where it starts, its href, its group.
    link: Option<(f32, String, usize)>,
    /// Each style run's group (see `run_groups`); None: no segments.
    groups: Option<Vec<usize>>,
    /// Where the line starts in the paragraph's text.
    start_byte: usize,
}

impl Pieces {
    fn group_of(&self, run: usize) -> usize {
        self.groups.as_ref().map_or(0, |g| g[run])
    }

    /// Glyph `g` (in `style`, a space or not) at `x`, before it is placed on `line`.
    fn at_glyph(&mut self, line: &mut Line, g: &Shaped, style: &RunStyle, x: f32, space: bool) {
        let group = self.group_of(g.run);
        // Links: one rectangle per line and href.
        match (&mut self.link, &style.href) {
            (Some((_, h, _)), Some(href)) if h == href => {}
            (l, href) => {
                if let Some((x0, href, group)) = l.take() {
                    line.links.push(LinkBox { x0, x1: x, href, group });
                }
                *l = href.clone().map(|h| (x, h, group));
            }
        }
        // A new segment starts at the first glyph drawn in another group.
        // The spaces before it belong to neither: the gap is the space
        // (for pdftotext, which adds one there).
        if self.groups.is_some() && !space && line.segments.last().is_none_or(|s| s.group != group) {
            let at = (g.cluster.start.max(self.start_byte) - self.start_byte).min(line.text.len());
            if let Some(last) = line.segments.last_mut() {
                last.text.end = line.text[..at].trim_end_matches(' ').len().max(last.text.start);
                last.glyphs.end = line.glyphs.len();
            }
            let from = if line.segments.is_empty() { 0 } else { at };
            line.segments.push(Segment {
                text: from..line.text.len(),
                glyphs: line.glyphs.len()..line.glyphs.len(),
                group,
                href: style.href.clone(),
                lang: style.lang.clone(),
            });
        }
    }

    /// The line ends at `x`.
    fn end(&mut self, line: &mut Line, x: f32) {
        if let Some((x0, href, group)) = self.link.take() {
            line.links.push(LinkBox { x0, x1: x, href, group });
        }
        if let Some(last) = line.segments.last_mut() {
            last.glyphs.end = line.glyphs.len();
        }
    }
}

/// Shape the whole paragraph: split each style run by face (fallback) and
/// script, shape each piece, and give every glyph its text for ToUnicode.
fn shape_all(ctx: &mut Context, st: &StyledText) -> Result<Vec<Shaped>, LayoutError> {
    let text = &st.text;
    let mut out: Vec<Shaped> = Vec::new();
    for (run_index, (range, style)) in st.runs.iter().enumerate() {
        // Itemize: (face, script) for each char; common chars join the item before them.
        let mut items: Vec<(Range<usize>, FaceId, Option<RunScript>)> = Vec::new();
        for (i, c) in text[range.clone()].char_indices() {
            let at = range.start + i;
            if c == '\n' {
                items.push((at..at + 1, style.face, None));
                continue;
            }
            let face = ctx.book.face_for(c, style.face).ok_or_else(|| LayoutError::MissingGlyph {
                ch: c,
                at,
                text: text.clone(),
            })?;
            let script = char_script(c);
            match items.last_mut() {
                Some((r, f, s))
                    if r.end == at
                        && !text[r.clone()].ends_with('\n')
                        && (*f == face || (script.is_none() && ctx.book.face(*f).has_char(c)))
                        && (script.is_none() || s.is_none() || *s == script) =>
                {
                    r.end = at + c.len_utf8();
                    if s.is_none() {
                        *s = script;
                    }
                }
                _ => items.push((at..at + c.len_utf8(), face, script)),
            }
        }
        for (r, face, script) in items {
            let piece = &text[r.clone()];
            if piece == "\n" {
                // A forced break: a zero-width placeholder glyph keeps byte bookkeeping simple.
                out.push(Shaped {
                    face,
                    gid: 0,
                    cluster: r.clone(),
                    advance: 0.0,
                    x_offset: 0.0,
                    y_offset: 0.0,
                    run: run_index,
                    unicode: String::new(),
                });
                continue;
            }
            let f = ctx.book.face(face);
            let scale = style.size / f.units_per_em;
            let shaped = ctx.shaper.shape(face, script.unwrap_or(RunScript::Latin), piece);
            // Cluster end = next different cluster start (glyphs are in logical order for LTR).
            let mut starts: Vec<usize> = shaped.iter().map(|g| g.cluster).collect();
            starts.dedup();
            let end_of = |c: usize| starts.get(starts.partition_point(|&s| s <= c)).copied().unwrap_or(piece.len());
            let first_new = out.len();
            for g in &shaped {
                let cl = r.start + g.cluster..r.start + end_of(g.cluster);
                out.push(Shaped {
                    face,
                    gid: g.gid,
                    cluster: cl,
                    advance: g.advance as f32 * scale,
                    x_offset: g.x_offset as f32 * scale,
                    y_offset: g.y_offset as f32 * scale,
                    run: run_index,
                    unicode: String::new(),
                });
            }
            assign_unicode(ctx, text, &mut out[first_new..]);
        }
    }
    Ok(out)
}

/// Give each glyph the text it stands for (for ToUnicode, used by tools that
/// ignore ActualText, and by the PDF's structure readers): a glyph the cmap
/// maps from a character of its cluster gets that character; the cluster's
/// remaining characters go to its other glyphs one each, in order, when
/// there are as many (.small and .narrow marks), else all to the first of
/// them (ligatures). Sara am (ำ) counts as its decomposition ํ + า, which is
/// how fonts draw it.
fn assign_unicode(ctx: &Context, text: &str, glyphs: &mut [Shaped]) {
    // One buffer for every cluster: this runs for each glyph of the document.
    let mut chars: Vec<(char, bool)> = Vec::new();
    let mut i = 0;
    while i < glyphs.len() {
        let cl = glyphs[i].cluster.clone();
        let j = glyphs[i..].iter().position(|g| g.cluster != cl).map_or(glyphs.len(), |p| i + p);
        chars.clear();
        for c in text[cl.clone()].chars() {
            if c == '\u{0E33}' {
                chars.push(('\u{0E4D}', false));
                chars.push(('\u{0E32}', false));
            } else {
                chars.push((c, false));
            }
        }
        let face = ctx.book.face(glyphs[i].face);
        for g in glyphs[i..j].iter_mut() {
            if let Some((c, used)) = chars.iter_mut().find(|(c, used)| !*used && face.nominal_glyph(*c) == Some(g.gid))
            {
                *used = true;
                g.unicode = c.to_string();
            }
        }
        let mut rest = chars.iter().filter(|(_, used)| !used).map(|(c, _)| *c);
        let open = glyphs[i..j].iter().filter(|g| g.unicode.is_empty()).count();
        let each = open == chars.iter().filter(|(_, used)| !used).count();
        for (k, g) in glyphs[i..j].iter_mut().filter(|g| g.unicode.is_empty()).enumerate() {
            match (each, k) {
                (true, _) => g.unicode = rest.next().map(String::from).unwrap_or_default(),
                (false, 0) => g.unicode = rest.by_ref().collect(),
                (false, _) => break,
            }
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::style::Theme;
    use crate::typeset::text::fonts::FontBook;
    use crate::typeset::text::shape::Shaper;

    fn lines(text: &str, align: Align, width: f32) -> Vec<Line> {
        styled_lines(&[(text, None, None)], align, width)
    }

    /// Lines of text in pieces, each with its link and language.
    fn styled_lines(pieces: &[(&str, Option<&str>, Option<&str>)], align: Align, width: f32) -> Vec<Line> {
        let theme = Theme::load(None).unwrap();
        let book = FontBook::from_theme(&theme).unwrap();
        let mut ctx = Context {
            book: &book,
            shaper: Shaper::new(&book),
            phrases: crate::typeset::text::linebreak::Phrases::new(&[]),
            default_size: 16.0,
            max_space_stretch: theme.max_space_stretch,
            max_cluster_spacing: theme.max_cluster_spacing,
            max_space_shrink: theme.max_space_shrink,
            breaks: Default::default(),
        };
        let mut st = StyledText::default();
        for (text, href, lang) in pieces {
            let style = RunStyle {
                face: book.styled(false, false),
                size: 16.0,
                color: Color([0.0; 3]),
                href: href.map(str::to_string),
                nobr: false,
                lang: lang.map(str::to_string),
            };
            st.push(text, style);
        }
        let para = ParaStyle { align, balance: false, line_height: 1.5, first_line_indent: 0.0 };
        layout(&mut ctx, &st, para, width).unwrap()
    }

    #[test]
    fn links_and_words_in_another_language_are_segments_of_their_line() {
        let pieces = [
            ("ดูที่ ", None, None),
            ("เว็บไซต์", Some("https://bangkok.go.th"), None),
            (" และ ", None, None),
            ("Seoul", None, Some("en")),
        ];
        let line = &styled_lines(&pieces, Align::Left, 1e6)[0];
        let texts: Vec<&str> = line.segments.iter().map(|s| &line.text[s.text.clone()]).collect();
        // The spaces between are the gaps between the pieces, in none of them.
        assert_eq!(texts, ["ดูที่", "เว็บไซต์", "และ", "Seoul"]);
        let drawn: Vec<String> = line
            .segments
            .iter()
            .map(|s| line.glyphs[s.glyphs.clone()].iter().map(|g| g.unicode.as_str()).collect())
            .collect();
        assert_eq!(drawn, texts, "each segment's glyphs are its text");
        assert_eq!(line.segments.last().unwrap().lang.as_deref(), Some("en"));
        assert_eq!(line.links.len(), 1);
        assert_eq!(line.links[0].group, line.segments[1].group);
        assert!(line.segments[1].href.is_some() && line.segments[2].href.is_none());
        // Text without links or languages is not cut.
        assert!(lines("ดูที่เว็บไซต์และ Seoul", Align::Left, 1e6)[0].segments.is_empty());
    }

    #[test]
    fn a_link_over_two_lines_is_one_group() {
        let pieces =
            [("ข้อมูลเพิ่มเติม ", None, None), ("กรุงเทพมหานครและกรุงโซลลงนามบันทึกความเข้าใจ", Some("https://x.th"), None)];
        let lines = styled_lines(&pieces, Align::Left, 150.0);
        assert!(lines.len() > 1);
        let groups: Vec<usize> =
            lines.iter().flat_map(|l| l.segments.iter().filter(|s| s.href.is_some()).map(|s| s.group)).collect();
        assert!(groups.len() > 1 && groups.iter().all(|g| *g == groups[0]), "{groups:?}");
    }

    /// x of each glyph of the first occurrence of `word` (one glyph per
    /// character: Latin and digits) in `line`, from its first glyph.
    fn word_shape(line: &Line, word: &str) -> Vec<f32> {
        let n = word.chars().count();
        let g = &line.glyphs;
        let at = (0..g.len().saturating_sub(n - 1))
            .find(|&i| g[i..i + n].iter().map(|g| g.unicode.as_str()).collect::<String>() == word)
            .unwrap();
        g[at..at + n].iter().map(|x| x.x - g[at].x).collect()
    }

    #[test]
    fn justified_lines_fill_the_measure_without_letter_spacing_latin() {
        let text = "ขอบคุณกรุงโซลที่ส่งคณะผู้แทนร่วมงาน Sister Cities Week 2019 และการประชุม MCMAG ณ กรุงเทพมหานคร และขอบคุณที่เชิญกรุงเทพมหานครเข้าร่วมการประชุม";
        // Many measures, so that some line holding Latin has more slack than its spaces take.
        // Natural spacing: the whole text on one line.
        let natural = lines(text, Align::Left, 1e6).remove(0);
        let (mut filled, mut total) = (0, 0);
        for width in (200..=460).step_by(7).map(|w| w as f32) {
            let justified = lines(text, Align::Justify, width);
            let right_edge = |l: &Line| l.width;
            if width >= 300.0 {
                total += justified.len() - 1;
                filled += justified[..justified.len() - 1].iter().filter(|l| right_edge(l) > width - 0.5).count();
            }
            for j in &justified {
                for word in ["Sister", "Cities", "MCMAG", "2019"] {
                    if j.text.contains(word) {
                        let (a, b) = (word_shape(j, word), word_shape(&natural, word));
                        assert!(
                            a.iter().zip(&b).all(|(x, y)| (x - y).abs() < 0.01),
                            "{word} letter-spaced in `{}` at {width}: {a:?}",
                            j.text
                        );
                    }
                }
            }
        }
        // Lines reach the right edge. This paragraph is a hard one (Latin
        // words, which take no cluster spacing, and "ณ กรุงเทพมหานคร", which
        // never breaks), so at measures of 19 to 29 em many lines cannot be
        // filled within the spacing limits and are left short; narrower
        // measures are checked for letter spacing only. The example
        // documents are measured in tests/composition.rs.
        assert!(filled * 2 >= total, "{filled} of {total} lines filled");
    }

    #[test]
    fn a_thai_line_without_spaces_is_spread_between_clusters() {
        let text = "กรุงเทพมหานครและกรุงโซลลงนามบันทึกความเข้าใจว่าด้วยการกระชับความร่วมมือเนื่องในโอกาสครบรอบสิบปี";
        let justified = lines(text, Align::Justify, 250.0);
        let left = lines(text, Align::Left, 250.0);
        assert!(justified.len() > 1);
        let right_edge = |l: &Line| l.glyphs.iter().map(|g| g.x).fold(0.0f32, f32::max);
        // Extra room between clusters moves the last glyph right, never a mark off its base.
        assert!(right_edge(&justified[0]) > right_edge(&left[0]));
    }
}
