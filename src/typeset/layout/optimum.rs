//! Total-fit line breaking (Knuth and Plass, "Breaking paragraphs into
//! lines", 1981): of all ways to break a paragraph at its opportunities,
//! the one with the least total demerits, where a line's demerits grow with
//! how far its spaces must stretch or shrink (badness), with the penalty of
//! the break that ends it, and when its tightness differs sharply from the
//! line before. A greedy first fit cannot see that an early, slightly looser
//! line saves a later one from gaping spaces.
//!
//! This is the classic dynamic programme over break opportunities with
//! fitness classes, written here because the crates that implement it
//! (e.g. `hyphenation`-based wrappers) work on strings with one width per
//! character, not on shaped glyphs with Thai inter-cluster stretch.

/// One place a line may end, in glyph indices of the paragraph.
#[derive(Debug, Clone, Copy)]
pub struct Candidate {
    /// A line ending here ends before this glyph (its trailing spaces are left out).
    pub end: usize,
    /// The next line starts at this glyph.
    pub next: usize,
    pub penalty: f32,
    /// The line must end here (`'\n'`, the paragraph's end).
    pub forced: bool,
}

/// What a line from glyph `a` to glyph `b` measures, from prefix sums.
pub struct Measure {
    /// Sum of advances before each glyph.
    pub width: Vec<f32>,
    /// Spaces before each glyph.
    pub spaces: Vec<u32>,
    /// Thai cluster gaps before each glyph (a gap counts at the glyph after it).
    pub gaps: Vec<u32>,
}

/// How lines are judged.
#[derive(Debug, Clone, Copy)]
pub struct Fit {
    /// Room on the first line and on every other line.
    pub first_width: f32,
    pub width: f32,
    /// The most each space may grow (pt), the most it may shrink, the most
    /// each Thai cluster gap may grow.
    pub space_stretch: f32,
    pub space_shrink: f32,
    pub gap_stretch: f32,
    /// Justified lines are judged by their spacing; ragged ones by how far
    /// they fall short of the measure, against this much room (pt).
    pub ragged: Option<f32>,
    /// The font size (pt), to judge a shortfall in ems.
    pub em: f32,
}

/// A line as the breaker sees it.
#[derive(Debug, Clone, Copy)]
pub struct LineFit {
    pub natural: f32,
    pub spaces: u32,
    pub gaps: u32,
}

impl Measure {
    pub fn line(&self, a: usize, b: usize) -> LineFit {
        if b <= a {
            return LineFit { natural: 0.0, spaces: 0, gaps: 0 };
        }
        LineFit {
            natural: self.width[b] - self.width[a],
            spaces: self.spaces[b] - self.spaces[a],
            // A gap before the line's first glyph is not on the line.
            gaps: self.gaps[b] - self.gaps[a + 1],
        }
    }
}

const LINE_PENALTY: f64 = 10.0;
/// Demerits when a line's tightness class differs by more than one from the line before.
const ADJACENT: f64 = 3000.0;
/// Badness added to a justified line that its limits cannot fill (it is left ragged).
const OVER_LIMIT: f64 = 2000.0;
/// Badness per em that a justified line beyond its limits leaves unfilled.
const UNFILLED_EM: f64 = 500.0;
/// Demerits of a line wider than its room: only when nothing else is possible.
const OVERFULL: f64 = 1e13;

/// How a line fits its room: its stretch ratio (0 at natural width, 1 with
/// all its stretch used, -1 with all its shrink) and its badness; `None`
/// when it is overfull.
pub fn judge(line: LineFit, room: f32, fit: &Fit, last: bool) -> Option<(f32, f64)> {
    let slack = room - line.natural;
    if slack >= 0.0 {
        if last || slack < 0.01 {
            return Some((0.0, 0.0));
        }
        if let Some(ragged) = fit.ragged {
            let r = slack / ragged.max(1.0);
            return Some((r, (100.0 * (r as f64).powi(3)).min(1e5)));
        }
        let stretch = line.spaces as f32 * fit.space_stretch + line.gaps as f32 * fit.gap_stretch;
        if slack <= stretch {
            let r = slack / stretch;
            return Some((r, 100.0 * (r as f64).powi(3)));
        }
        // Beyond its limits the line is left short: the cost grows with the
        // room left unfilled, so a line short by a word beats one short by three.
        let unfilled = ((slack - stretch) / fit.em.max(1.0)) as f64;
        let r = if stretch > 0.0 { slack / stretch } else { 10.0 };
        Some((r, 100.0 + OVER_LIMIT + UNFILLED_EM * unfilled))
    } else {
        if slack > -0.01 {
            return Some((0.0, 0.0));
        }
        let shrink = if fit.ragged.is_some() { 0.0 } else { line.spaces as f32 * fit.space_shrink };
        let r = slack / shrink.max(1e-6);
        (r >= -1.0).then(|| (r, 100.0 * (r.abs() as f64).powi(3)))
    }
}

fn fitness(r: f32) -> usize {
    match r {
        r if r < -0.5 => 0,
        r if r <= 0.5 => 1,
        r if r <= 1.0 => 2,
        _ => 3,
    }
}

#[derive(Clone, Copy)]
struct Node {
    demerits: f64,
    /// (candidate index or usize::MAX for the start, fitness class) of the line before.
    from: (usize, usize),
}

/// The best breaks: indices into `cands`, ascending, ending with the last
/// candidate (which must be forced), and whether a line had to be overfull
/// (some piece between two candidates is wider than the room).
pub fn breaks(cands: &[Candidate], measure: &Measure, fit: &Fit) -> (Vec<usize>, bool) {
    const NONE: Node = Node { demerits: f64::INFINITY, from: (START, 0) };
    const START: usize = usize::MAX;
    let n = cands.len();
    // best[k][c]: least demerits of the paragraph up to a line of fitness
    // class c ending at candidate k, and where that line started.
    let mut best: Vec<[Node; 4]> = vec![[NONE; 4]; n];
    let start = [Node { demerits: 0.0, from: (START, 1) }, NONE, NONE, NONE];
    // Lines start after the last forced break (`floor`) or later; candidates
    // before `lo` make every later line overfull and are not looked at again.
    let mut floor: Option<usize> = None;
    let mut lo = 0usize;
    let mut start_alive = true;
    let mut overfull = false;
    for j in 0..n {
        let c = cands[j];
        let mut here = [NONE; 4];
        let relax = |from: usize, prev: &[Node; 4], a: usize, first: bool, here: &mut [Node; 4]| -> bool {
            let room = if first { fit.first_width } else { fit.width };
            let Some((r, badness)) = judge(measure.line(a, c.end), room, fit, c.forced) else { return false };
            let fc = if c.forced { 1 } else { fitness(r) };
            let p = c.penalty as f64;
            let base = (LINE_PENALTY + badness).powi(2) + p * p;
            for (pc, node) in prev.iter().enumerate().filter(|(_, n)| n.demerits.is_finite()) {
                let adj = if fc.abs_diff(pc) > 1 && from != START { ADJACENT } else { 0.0 };
                let d = node.demerits + base + adj;
                if d < here[fc].demerits {
                    here[fc] = Node { demerits: d, from: (from, pc) };
                }
            }
            true
        };
        if floor.is_none() && start_alive {
            start_alive = relax(START, &start, 0, true, &mut here);
        }
        for i in lo.max(floor.unwrap_or(0))..j {
            let ok = relax(i, &best[i], cands[i].next, false, &mut here);
            if !ok && i == lo {
                lo += 1;
            }
        }
        if !here.iter().any(|h| h.demerits.is_finite()) {
            // Nothing fits: one overfull line from the latest place reached.
            overfull = true;
            let from = (floor.unwrap_or(0)..j).rev().find(|&i| best[i].iter().any(|n| n.demerits.is_finite()));
            let (id, prev) = match from {
                Some(i) => (i, best[i]),
                None => (START, start),
            };
            let (pc, node) = prev
                .iter()
                .enumerate()
                .min_by(|x, y| x.1.demerits.total_cmp(&y.1.demerits))
                .map_or((1, start[0]), |(k, n)| (k, *n));
            here[1] = Node { demerits: node.demerits + OVERFULL, from: (id, pc) };
        }
        best[j] = here;
        if c.forced {
            floor = Some(j);
            lo = lo.max(j);
        }
    }
    let mut out = Vec::new();
    let Some(end) = n.checked_sub(1) else { return (out, overfull) };
    let class = (0..4).min_by(|&a, &b| best[end][a].demerits.total_cmp(&best[end][b].demerits)).unwrap_or(1);
    let mut at = (end, class);
    loop {
        out.push(at.0);
        let node = best[at.0][at.1];
        if node.from.0 == START {
            break;
        }
        at = node.from;
    }
    out.reverse();
    (out, overfull)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words of the given widths with one space (width 1) between them;
    /// a candidate after each word.
    fn words(widths: &[f32]) -> (Vec<Candidate>, Measure) {
        let mut m = Measure { width: vec![0.0], spaces: vec![0], gaps: vec![0] };
        let mut cands = Vec::new();
        let mut g = 0usize;
        for (k, &w) in widths.iter().enumerate() {
            // One glyph for the word, one for the space after it.
            let (lw, ls) = (*m.width.last().unwrap(), *m.spaces.last().unwrap());
            m.width.push(lw + w);
            m.spaces.push(ls);
            m.gaps.push(0);
            g += 1;
            let last = k + 1 == widths.len();
            cands.push(Candidate { end: g, next: if last { g } else { g + 1 }, penalty: 0.0, forced: last });
            if !last {
                m.width.push(lw + w + 1.0);
                m.spaces.push(ls + 1);
                m.gaps.push(0);
                g += 1;
            }
        }
        (cands, m)
    }

    fn fit(width: f32) -> Fit {
        Fit {
            first_width: width,
            width,
            space_stretch: 2.0,
            space_shrink: 0.3,
            gap_stretch: 0.0,
            ragged: None,
            em: 10.0,
        }
    }

    /// Demerits of a set of breaks, computed directly.
    fn total(chosen: &[usize], cands: &[Candidate], m: &Measure, fit: &Fit) -> f64 {
        let (mut a, mut prev_fc, mut d) = (0usize, None, 0.0);
        for &j in chosen {
            let c = cands[j];
            let Some((r, b)) = judge(m.line(a, c.end), fit.width, fit, c.forced) else { return OVERFULL };
            let fc = if c.forced { 1 } else { fitness(r) };
            d += (LINE_PENALTY + b).powi(2) + (c.penalty as f64).powi(2);
            if let Some(p) = prev_fc
                && fc.abs_diff(p) > 1
            {
                d += ADJACENT;
            }
            prev_fc = Some(fc);
            a = c.next;
        }
        d
    }

    /// Greedy first fit, as briefpack did before.
    fn greedy(cands: &[Candidate], m: &Measure, width: f32) -> Vec<usize> {
        let (mut out, mut a) = (Vec::new(), 0usize);
        for j in 0..cands.len() {
            let fits_next = cands.get(j + 1).is_some_and(|n| m.line(a, n.end).natural <= width);
            if cands[j].forced || !fits_next {
                out.push(j);
                a = cands[j].next;
            }
        }
        out
    }

    #[test]
    fn the_breaks_are_the_optimum_of_every_way_to_break() {
        // Pseudo-random paragraphs, small enough to try every subset of breaks.
        let mut seed = 7u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (seed >> 16) % 9 + 2
        };
        for _ in 0..200 {
            let widths: Vec<f32> = (0..10).map(|_| next() as f32).collect();
            let (cands, m) = words(&widths);
            let f = fit(20.0);
            let (chosen, overfull) = breaks(&cands, &m, &f);
            assert!(!overfull);
            let best = (0..1u32 << (cands.len() - 1))
                .map(|mask| {
                    let mut set: Vec<usize> = (0..cands.len() - 1).filter(|k| mask & (1 << k) != 0).collect();
                    set.push(cands.len() - 1);
                    total(&set, &cands, &m, &f)
                })
                .fold(f64::INFINITY, f64::min);
            let got = total(&chosen, &cands, &m, &f);
            assert!((got - best).abs() < 1e-6 * best.max(1.0), "{widths:?}: {chosen:?} {got} vs best {best}");
        }
    }

    #[test]
    fn a_short_word_pulled_down_saves_a_gaping_line() {
        // Greedy fills the first line (6 6 6) and leaves "12" alone on the
        // second, with no space to take the slack; the optimum moves a 6 down.
        let widths = [6.0, 6.0, 6.0, 12.0, 8.0];
        let (cands, m) = words(&widths);
        let f = fit(20.0);
        let g = greedy(&cands, &m, 20.0);
        assert_eq!(g, vec![2, 3, 4]);
        let (chosen, _) = breaks(&cands, &m, &f);
        assert_eq!(chosen, vec![1, 3, 4]);
        assert!(total(&chosen, &cands, &m, &f) < total(&g, &cands, &m, &f));
    }

    #[test]
    fn forced_breaks_end_lines_and_no_line_crosses_them() {
        let (mut cands, m) = words(&[3.0, 3.0, 3.0, 3.0]);
        cands[1].forced = true;
        let (chosen, _) = breaks(&cands, &m, &fit(40.0));
        assert_eq!(chosen, vec![1, 3]);
    }

    #[test]
    fn a_word_wider_than_the_line_is_reported_overfull() {
        let (cands, m) = words(&[3.0, 30.0, 3.0]);
        let (chosen, overfull) = breaks(&cands, &m, &fit(20.0));
        assert!(overfull);
        assert_eq!(chosen.last(), Some(&2));
    }
}
