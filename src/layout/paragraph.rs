//! A paragraph: styled text -> shaped glyphs -> lines. Breaks only at word
//! boundaries (see `linebreak`), cuts a word wider than its box between
//! grapheme clusters, and justifies the Thai way: slack goes to spaces first,
//! then, within a limit, between grapheme clusters.

use std::ops::Range;

use crate::fonts::FaceId;
use crate::linebreak;
use crate::shape::{RunScript, char_script};
use crate::theme::{Align, Color};

use super::{Context, LayoutError, PlacedGlyph};

/// The style of one run of text.
#[derive(Debug, Clone, PartialEq)]
pub struct RunStyle {
    pub face: FaceId,
    pub size: f32,
    pub color: Color,
    pub href: Option<String>,
    pub nobr: bool,
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
    pub links: Vec<(f32, f32, String)>,
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

/// Lay out `st` into lines no wider than `width`.
pub fn layout(ctx: &mut Context, st: &StyledText, para: ParaStyle, width: f32) -> Result<Vec<Line>, LayoutError> {
    let glyphs = shape_all(ctx, st)?;
    let text = &st.text;
    let mut keep: Vec<Range<usize>> = ctx.phrases.ranges(text);
    keep.extend(st.runs.iter().filter(|(_, s)| s.nobr).map(|(r, _)| r.clone()));
    let mut breaks = linebreak::opportunities(text, &keep);
    // A forced break right after every '\n'.
    for (i, _) in text.match_indices('\n') {
        if !breaks.contains(&(i + 1)) {
            breaks.push(i + 1);
        }
    }
    breaks.sort_unstable();

    // Words: glyph ranges between break opportunities.
    // First glyph at or after each byte offset (glyphs are in logical order).
    let mut first_glyph = vec![glyphs.len(); text.len() + 1];
    for (i, g) in glyphs.iter().enumerate().rev() {
        first_glyph[g.cluster.start] = first_glyph[g.cluster.start].min(i);
    }
    for b in (0..text.len()).rev() {
        first_glyph[b] = first_glyph[b].min(first_glyph[b + 1]);
    }
    let gstart = |byte: usize| first_glyph[byte];
    let mut words: Vec<Word> = Vec::new();
    let mut prev = 0usize;
    for &b in &breaks {
        let (g0, g1) = (gstart(prev), gstart(b));
        let src = &text[prev..b];
        let forced = src.ends_with('\n');
        let content = src.trim_end_matches([' ', '\n']);
        let content_end = prev + content.len();
        let gc = gstart(content_end);
        let width: f32 = glyphs[g0..gc].iter().map(|g| g.advance).sum();
        let space: f32 =
            glyphs[gc..g1].iter().filter(|g| !text[g.cluster.clone()].starts_with('\n')).map(|g| g.advance).sum();
        words.push(Word { bytes: prev..b, glyphs: g0..g1, content_glyphs: g0..gc, width, space, forced });
        prev = b;
    }

    // Greedy fill, first line narrower by the indent.
    let mut lines: Vec<Vec<Word>> = Vec::new();
    let mut cur: Vec<Word> = Vec::new();
    let mut cur_w = 0.0f32; // width including the trailing space of all but the last word
    let avail = |n: usize| {
        if n == 0 { width - para.first_line_indent } else { width }
    };
    let mut queue: std::collections::VecDeque<Word> = words.into();
    while let Some(w) = queue.pop_front() {
        let room = avail(lines.len());
        if cur_w + w.width <= room + 0.01 {
            cur_w += w.width + w.space;
            let forced = w.forced;
            cur.push(w);
            if forced {
                lines.push(std::mem::take(&mut cur));
                cur_w = 0.0;
            }
        } else if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
            cur_w = 0.0;
            queue.push_front(w);
        } else {
            // A single word wider than the box: cut between grapheme clusters.
            let (head, tail) = split_word(&w, &glyphs, text, room);
            lines.push(vec![head]);
            if let Some(t) = tail {
                queue.push_front(t);
            }
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }

    let n = lines.len();
    let mut out = Vec::with_capacity(n);
    for (i, words) in lines.into_iter().enumerate() {
        let last = i + 1 == n || words.last().is_some_and(|w| w.forced);
        let indent = if i == 0 { para.first_line_indent } else { 0.0 };
        out.push(build_line(ctx, st, &glyphs, &words, para, width - indent, indent, last));
    }
    if out.is_empty() {
        // An empty paragraph still takes a line (e.g. an empty table cell keeps its height).
        let size = st.runs.first().map_or(ctx.default_size, |r| r.1.size);
        let (h, b) = ctx.line_metrics(st.runs.first().map_or(0, |r| r.1.face), size, para.line_height);
        out.push(Line { height: h, baseline: b, ..Line::default() });
    }
    Ok(out)
}

#[derive(Debug, Clone)]
struct Word {
    bytes: Range<usize>,
    glyphs: Range<usize>,
    /// Glyphs without trailing spaces.
    content_glyphs: Range<usize>,
    width: f32,
    space: f32,
    forced: bool,
}

/// Cut a word so the head fits `room`, at a grapheme-cluster boundary; at
/// least one cluster goes on the line even if it alone is too wide.
fn split_word(w: &Word, glyphs: &[Shaped], text: &str, room: f32) -> (Word, Option<Word>) {
    let src = &text[w.bytes.clone()];
    let content_len = src.trim_end_matches([' ', '\n']).len();
    let glyph_at = |at: usize| {
        glyphs[w.glyphs.clone()].iter().position(|g| g.cluster.start >= at).map_or(w.glyphs.end, |p| w.glyphs.start + p)
    };
    // Width of the head if cut at `b`, without the spaces it would end with.
    let head_width = |b: usize| -> f32 {
        let end = glyph_at(w.bytes.start + src[..b].trim_end().len());
        glyphs[w.glyphs.start..end].iter().map(|g| g.advance).sum()
    };
    let fit = |cands: Vec<usize>| {
        cands.into_iter().filter(|&b| b > 0 && b < content_len).take_while(|&b| head_width(b) <= room).last()
    };
    // A protected phrase too long for its box first gives up its protection
    // (cut between its words); only a single word is cut between clusters,
    // and then only where Thai spelling allows.
    let clusters: Vec<usize> =
        linebreak::cluster_boundaries(src).into_iter().filter(|&b| linebreak::thai_allows(src, b)).collect();
    let Some(b) = fit(linebreak::opportunities(src, &[]))
        .or_else(|| fit(clusters.clone()))
        .or_else(|| clusters.iter().copied().find(|&b| b > 0 && b < content_len))
    else {
        return (w.clone(), None);
    };
    let at = w.bytes.start + b;
    let gi = glyph_at(at);
    let content_end = glyph_at(w.bytes.start + src[..b].trim_end().len());
    let head_w = head_width(b);
    let all_w: f32 = glyphs[w.glyphs.start..gi].iter().map(|g| g.advance).sum();
    let head = Word {
        bytes: w.bytes.start..at,
        glyphs: w.glyphs.start..gi,
        content_glyphs: w.glyphs.start..content_end,
        width: head_w,
        space: all_w - head_w,
        forced: false,
    };
    let tail = Word {
        bytes: at..w.bytes.end,
        glyphs: gi..w.glyphs.end,
        content_glyphs: gi..w.content_glyphs.end.max(gi),
        width: w.width - all_w,
        space: w.space,
        forced: w.forced,
    };
    (head, Some(tail))
}

#[allow(clippy::too_many_arguments)]
fn build_line(
    ctx: &mut Context,
    st: &StyledText,
    glyphs: &[Shaped],
    words: &[Word],
    para: ParaStyle,
    width: f32,
    indent: f32,
    last: bool,
) -> Line {
    let text = &st.text;
    let first = words.first().map_or(0, |w| w.glyphs.start);
    let end = words.last().map_or(0, |w| w.content_glyphs.end);
    let line_glyphs = &glyphs[first..end];
    let natural: f32 = line_glyphs.iter().map(|g| g.advance).sum();
    let start_byte = words.first().map_or(0, |w| w.bytes.start);
    let end_byte =
        words.last().map_or(0, |w| w.bytes.start + text[w.bytes.clone()].trim_end_matches([' ', '\n']).len());
    let line_text = text[start_byte..end_byte].to_string();

    // Where the slack goes.
    let is_space = |g: &Shaped| text[g.cluster.clone()].starts_with(' ');
    // Cluster boundaries matter only to a justified line (not its last).
    let justify = para.align == Align::Justify && !last;
    let boundaries: Vec<usize> = if justify {
        linebreak::cluster_boundaries(&line_text).into_iter().map(|b| b + start_byte).collect()
    } else {
        Vec::new()
    };
    // Extra room goes between Thai clusters only: Latin words and numbers
    // letter-spaced ("S i s t e r") read badly, while Thai set this way is
    // what readers know from Word's "Thai distributed".
    let thai = |c: Option<char>| c.and_then(char_script) == Some(RunScript::Thai);
    let is_gap = |at: usize| {
        boundaries.binary_search(&at).is_ok() && thai(text[..at].chars().next_back()) && thai(text[at..].chars().next())
    };
    let slack = (width - natural).max(0.0);
    let (mut per_space, mut per_gap, mut x0) = (0.0, 0.0, 0.0);
    match para.align {
        Align::Justify if justify && slack > 0.0 => {
            let size = line_glyphs.first().map_or(ctx.default_size, |g| st.runs[g.run].1.size);
            let spaces = line_glyphs.iter().filter(|g| is_space(g)).count();
            let gaps = line_glyphs
                .windows(2)
                .filter(|p| p[1].cluster.start != p[0].cluster.start && is_gap(p[1].cluster.start))
                .count();
            let mut rest = slack;
            if spaces > 0 {
                per_space = (rest / spaces as f32).min(ctx.max_space_stretch * size);
                rest -= per_space * spaces as f32;
            }
            if rest > 0.0 && gaps > 0 {
                per_gap = (rest / gaps as f32).min(ctx.max_cluster_spacing * size);
                rest -= per_gap * gaps as f32;
            }
            if rest > 0.0 && spaces > 0 {
                // Beyond the limits: a full measure matters more than even spacing.
                per_space += rest / spaces as f32;
            }
        }
        Align::Center => x0 = slack / 2.0,
        Align::Right => x0 = slack,
        _ => {}
    }

    let mut line = Line { text: line_text, ..Line::default() };
    let (mut height, mut baseline) = (0.0f32, 0.0f32);
    for (_, s) in st.runs.iter().filter(|(r, _)| r.start < end_byte.max(start_byte + 1) && r.end > start_byte) {
        let (h, b) = ctx.line_metrics(s.face, s.size, para.line_height);
        height = height.max(h);
        baseline = baseline.max(b);
    }
    let mut x = indent + x0;
    let mut link: Option<(f32, String)> = None;
    let mut prev_cluster = usize::MAX;
    for g in line_glyphs {
        if per_gap != 0.0 && prev_cluster != usize::MAX && g.cluster.start != prev_cluster && is_gap(g.cluster.start) {
            x += per_gap;
        }
        prev_cluster = g.cluster.start;
        let style = &st.runs[g.run].1;
        // Links: one rectangle per line and href.
        match (&mut link, &style.href) {
            (Some((_, h)), Some(href)) if h == href => {}
            (l, href) => {
                if let Some((lx, h)) = l.take() {
                    line.links.push((lx, x, h));
                }
                *l = href.clone().map(|h| (x, h));
            }
        }
        if !is_space(g) {
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
        if is_space(g) {
            x += per_space;
        }
    }
    if let Some((lx, h)) = link.take() {
        line.links.push((lx, x, h));
    }
    line.width = x;
    line.height = height;
    line.baseline = baseline;
    line
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
/// ignore ActualText): a glyph the cmap maps from a character of its cluster
/// gets that character; the cluster's remaining characters go to its first
/// substituted glyph (ligatures, .small tone marks). Sara am (ำ) counts as its
/// decomposition ํ + า, which is how fonts draw it.
fn assign_unicode(ctx: &Context, text: &str, glyphs: &mut [Shaped]) {
    let mut i = 0;
    while i < glyphs.len() {
        let cl = glyphs[i].cluster.clone();
        let j = glyphs[i..].iter().position(|g| g.cluster != cl).map_or(glyphs.len(), |p| i + p);
        let mut chars: Vec<(char, bool)> = Vec::new();
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
        let rest: String = chars.iter().filter(|(_, used)| !used).map(|(c, _)| *c).collect();
        if let Some(first) = glyphs[i..j].iter_mut().find(|g| g.unicode.is_empty()) {
            first.unicode = rest;
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontBook;
    use crate::shape::Shaper;
    use crate::theme::Theme;

    fn lines(text: &str, align: Align, width: f32) -> Vec<Line> {
        let theme = Theme::load(None).unwrap();
        let book = FontBook::from_theme(&theme).unwrap();
        let mut ctx = Context {
            book: &book,
            shaper: Shaper::new(&book),
            phrases: crate::linebreak::Phrases::new(&[]),
            default_size: 16.0,
            max_space_stretch: theme.max_space_stretch,
            max_cluster_spacing: theme.max_cluster_spacing,
        };
        let mut st = StyledText::default();
        let style =
            RunStyle { face: book.styled(false, false), size: 16.0, color: Color([0.0; 3]), href: None, nobr: false };
        st.push(text, style);
        let para = ParaStyle { align, line_height: 1.5, first_line_indent: 0.0 };
        layout(&mut ctx, &st, para, width).unwrap()
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
        for width in (200..=420).step_by(7).map(|w| w as f32) {
            let justified = lines(text, Align::Justify, width);
            let left = lines(text, Align::Left, width);
            assert_eq!(justified.len(), left.len());
            let right_edge = |l: &Line| l.glyphs.iter().map(|g| g.x).fold(0.0f32, f32::max);
            assert!(right_edge(&justified[0]) > width - 20.0, "first line not filled at {width}");
            for (j, l) in justified.iter().zip(&left) {
                for word in ["Sister", "Cities", "MCMAG", "2019"] {
                    if l.text.contains(word) {
                        let (a, b) = (word_shape(j, word), word_shape(l, word));
                        assert!(
                            a.iter().zip(&b).all(|(x, y)| (x - y).abs() < 0.01),
                            "{word} letter-spaced in `{}` at {width}: {a:?}",
                            j.text
                        );
                    }
                }
            }
        }
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
