//! Charts drawn as vectors from `<chart>` markup: bar and line charts with
//! Thai labels, a y axis with round steps, grouped numbers on the values and
//! a legend. Series differ by shade and by pattern (dash, marker) as well as
//! colour, so the chart still reads in greyscale print.

use crate::error::Result;
use crate::thai;
use crate::typeset::markup::{Chart, ChartKind, Series};
use crate::typeset::style::{Align, Color, StyleRule};

use super::{Builder, Entry, Flow, Frame, Item, Role, Tag};

/// Series fills, dark to light: distinct in luminance, not only in hue.
const FILLS: [[f32; 3]; 4] = [[0.10, 0.23, 0.42], [0.55, 0.66, 0.80], [0.78, 0.55, 0.20], [0.35, 0.35, 0.35]];
/// Line dash lengths per series (None = solid).
const DASHES: [Option<f32>; 4] = [None, Some(5.0), Some(2.0), Some(8.0)];
const AXIS: Color = Color([0.25, 0.25, 0.25]);
const GRID: Color = Color([0.82, 0.82, 0.82]);

/// Round steps for an axis from 0 (or below) to `max`: 1, 2 or 5 times a
/// power of ten; whole steps when the values are whole (counts: no "1.5 ครั้ง").
pub fn nice_ticks(min: f64, max: f64, whole: bool) -> (f64, f64, f64) {
    let (lo, hi) = (min.min(0.0), max.max(0.0));
    let span = if hi - lo > 0.0 { hi - lo } else { 1.0 };
    let raw = span / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    let step = if whole && step.fract() != 0.0 { step.ceil() } else { step };
    let (lo, hi) = ((lo / step).floor() * step, (hi / step).ceil() * step);
    // All values zero: still an axis with one step.
    (lo, if hi > lo { hi } else { lo + step }, step)
}

fn label(v: f64) -> String {
    let decimals = if (v - v.round()).abs() > 1e-9 { 1 } else { 0 };
    thai::group_number(v, decimals)
}

/// Where the data goes: the plot area, the value range, the category slots.
struct Plot {
    left: f32,
    top: f32,
    bottom: f32,
    lo: f64,
    hi: f64,
    /// Width of one category's slot along x.
    slot: f32,
}

impl Plot {
    /// The y of a value.
    fn y_of(&self, v: f64) -> f32 {
        self.bottom - ((v - self.lo) / (self.hi - self.lo).max(1e-12)) as f32 * (self.bottom - self.top)
    }

    /// The y of the value axis' zero (or the range's end nearest it).
    fn zero(&self) -> f32 {
        self.y_of(0.0_f64.clamp(self.lo, self.hi))
    }
}

/// The text styles of a chart (its labels and its title), and the Figure
/// every item of it belongs to.
struct ChartStyles {
    base: StyleRule,
    small: StyleRule,
    title: StyleRule,
    tag: Tag,
}

/// A chart in words, for readers who cannot see it: its title and unit,
/// then each series with its values.
fn alt_text(chart: &Chart) -> String {
    let mut alt = chart.title.clone();
    if !chart.unit.is_empty() {
        alt.push_str(&format!(" (หน่วย: {})", chart.unit));
    }
    let mut series = Vec::new();
    for s in &chart.series {
        let values: Vec<String> = s.points.iter().map(|(x, y)| format!("{x} {}", label(*y))).collect();
        let values =
            if values.is_empty() { "ไม่มีข้อมูล".to_string() } else { values.join(", ") };
        series.push(if s.name.is_empty() { values } else { format!("{}: {values}", s.name) });
    }
    if series.is_empty() {
        series.push("ไม่มีข้อมูล".to_string());
    }
    format!("{alt}: {}", series.join("; ")).trim_start_matches(": ").to_string()
}

impl Builder<'_> {
    /// A bar or line chart: title, unit, value axis with round ticks, the
    /// series, a legend when the series have names. An empty chart is a
    /// frame that says so, not a blank.
    pub(super) fn chart(&mut self, chart: &Chart, frame: &Frame, out: &mut Flow) -> Result<()> {
        let mut classes = vec!["chart".to_string()];
        classes.extend(chart.classes.iter().cloned());
        let base = self.theme.style("p", &classes);
        let figure = self.tree.add(Role::Figure, frame.parent);
        self.tree.node_mut(figure).alt = Some(alt_text(chart));
        let styles = ChartStyles {
            tag: Tag::Node(figure),
            small: StyleRule { size: Some(10.0), bold: Some(false), align: Some(Align::Left), ..base.clone() },
            title: StyleRule { size: Some(13.0), bold: Some(true), ..base.clone() },
            base,
        };
        let height = chart.height.unwrap_or(6.5 * 72.0 / 2.54);
        let mut items = Vec::new();
        let top = self.chart_heading(chart, &styles, frame, &mut items)?;
        let values: Vec<f64> = chart.series.iter().flat_map(|s| s.points.iter().map(|p| p.1)).collect();
        // A legend names the series (with its source or unit) whenever they have names.
        let legend = chart.series.iter().any(|s| !s.name.is_empty());
        let plot_bottom = height - 18.0 - if legend { 18.0 } else { 0.0 }; // room for x labels
        if values.is_empty() {
            let (x, width, tag) = (frame.x, frame.width, styles.tag);
            let h = plot_bottom - top;
            items.push(Item::Rect { x, y: top, w: width, h, fill: None, stroke: Some((GRID, 0.8)), tag });
            let mid = top + (plot_bottom - top) / 2.0;
            let grey = StyleRule { color: Some(AXIS), ..styles.small.clone() };
            items.push(self.single_line("ไม่มีข้อมูล", &grey, x, width, mid, Align::Center, tag)?);
            out.push(Entry::content(height, items));
            return Ok(());
        }
        // Categories in order of first appearance.
        let mut cats: Vec<String> = Vec::new();
        for (c, _) in chart.series.iter().flat_map(|s| &s.points) {
            if !cats.contains(c) {
                cats.push(c.clone());
            }
        }
        let plot = self.chart_axes(&values, &cats, &styles, frame, (top, plot_bottom), &mut items)?;
        for (si, s) in chart.series.iter().enumerate() {
            self.chart_series(chart, si, s, &cats, &plot, &styles, &mut items)?;
        }
        if legend {
            self.chart_legend(chart, plot.left, height - 6.0, &styles, &mut items)?;
        }
        if let Some(b) = styles.base.space_before {
            out.push(Entry::space(b.0));
        }
        out.push(Entry::content(height, items));
        if let Some(a) = styles.base.space_after {
            out.push(Entry::space(a.0.max(6.0)));
        }
        Ok(())
    }

    /// Title and unit above the plot; returns the y below them.
    fn chart_heading(
        &mut self,
        chart: &Chart,
        styles: &ChartStyles,
        frame: &Frame,
        items: &mut Vec<Item>,
    ) -> Result<f32> {
        let (x, width, tag) = (frame.x, frame.width, styles.tag);
        let mut top = 0.0;
        if !chart.title.is_empty() {
            items.push(self.single_line(&chart.title, &styles.title, x, width, 13.0, Align::Center, tag)?);
            top += 20.0;
        }
        if !chart.unit.is_empty() {
            let unit = format!("หน่วย: {}", chart.unit);
            items.push(self.single_line(&unit, &styles.small, x, width, top + 10.0, Align::Left, tag)?);
            top += 16.0;
        }
        Ok(top)
    }

    /// The value axis (round ticks, labelled, with grid lines; its labels
    /// decide the plot's left edge), the zero line and the category labels.
    fn chart_axes(
        &mut self,
        values: &[f64],
        cats: &[String],
        styles: &ChartStyles,
        frame: &Frame,
        (top, bottom): (f32, f32),
        items: &mut Vec<Item>,
    ) -> Result<Plot> {
        let (x, width, small, tag) = (frame.x, frame.width, &styles.small, styles.tag);
        let (lo, hi, step) = nice_ticks(
            values.iter().copied().fold(f64::INFINITY, f64::min),
            values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            values.iter().all(|v| v.fract() == 0.0),
        );
        let ticks: Vec<f64> = (0..).map(|i| lo + step * i as f64).take_while(|t| *t <= hi + step * 1e-6).collect();
        let mut label_w: f32 = 0.0;
        for t in &ticks {
            if let Item::Text { glyphs, .. } = self.single_line(&label(*t), small, 0.0, 0.0, 0.0, Align::Left, tag)? {
                label_w = label_w.max(glyphs.last().map_or(0.0, |g| g.x + g.size * 0.6));
            }
        }
        let left = x + label_w + 6.0;
        let plot_width = x + width - left;
        let plot = Plot {
            left,
            top: top + 14.0, // room for value labels above the highest bar
            bottom,
            lo,
            hi,
            slot: plot_width / cats.len().max(1) as f32,
        };
        for t in &ticks {
            let y = plot.y_of(*t);
            items.push(Item::Rule { x1: left, y1: y, x2: left + plot_width, y2: y, color: GRID, width: 0.5, tag });
            items.push(self.single_line(&label(*t), small, x, label_w, y + 3.5, Align::Right, tag)?);
        }
        items.push(Item::Rule { x1: left, y1: plot.top, x2: left, y2: bottom, color: AXIS, width: 0.8, tag });
        let zero = plot.zero();
        items.push(Item::Rule { x1: left, y1: zero, x2: left + plot_width, y2: zero, color: AXIS, width: 0.8, tag });
        for (i, c) in cats.iter().enumerate() {
            let cx = left + plot.slot * i as f32;
            items.push(self.single_line(c, small, cx, plot.slot, bottom + 12.0, Align::Center, tag)?);
        }
        Ok(plot)
    }

    /// Series `si`: its bars, or its line with markers, each value labelled.
    #[allow(clippy::too_many_arguments)] // each is one piece of the chart being drawn
    fn chart_series(
        &mut self,
        chart: &Chart,
        si: usize,
        s: &Series,
        cats: &[String],
        plot: &Plot,
        styles: &ChartStyles,
        items: &mut Vec<Item>,
    ) -> Result<()> {
        let (small, tag) = (&styles.small, styles.tag);
        let n = chart.series.len().max(1);
        let fill = Color(FILLS[si % FILLS.len()]);
        let zero = plot.zero();
        let mut line_pts = Vec::new();
        for (c, v) in &s.points {
            let ci = cats.iter().position(|k| k == c).unwrap_or(0);
            let center = plot.left + plot.slot * (ci as f32 + 0.5);
            match chart.kind {
                ChartKind::Bar => {
                    let group = plot.slot * 0.7;
                    let bw = (group / n as f32).min(60.0);
                    let bx = center - bw * n as f32 / 2.0 + bw * si as f32;
                    let (y0, y1) = (zero.min(plot.y_of(*v)), zero.max(plot.y_of(*v)));
                    let h = (y1 - y0).max(0.5);
                    let stroke = Some((AXIS, 0.4));
                    items.push(Item::Rect { x: bx, y: y0, w: bw, h, fill: Some(fill), stroke, tag });
                    let ly = if *v >= 0.0 { y0 - 3.0 } else { y1 + 10.0 };
                    items.push(self.single_line(&label(*v), small, bx - 20.0, bw + 40.0, ly, Align::Center, tag)?);
                }
                ChartKind::Line => {
                    let p = (center, plot.y_of(*v));
                    line_pts.push(p);
                    // Odd series label below their points, so two lines' labels do not collide.
                    let ly = if si.is_multiple_of(2) { p.1 - 6.0 } else { p.1 + 13.0 };
                    items.push(self.single_line(&label(*v), small, p.0 - 30.0, 60.0, ly, Align::Center, tag)?);
                }
            }
        }
        if chart.kind == ChartKind::Line {
            if line_pts.len() > 1 {
                let dash = DASHES[si % DASHES.len()];
                let stroke = Some((fill, 1.6));
                items.push(Item::Path { points: line_pts.clone(), closed: false, fill: None, stroke, dash, tag });
            }
            items.extend(line_pts.iter().map(|p| marker(si, *p, fill, tag)));
        }
        Ok(())
    }

    /// The legend on baseline `y` from `x`: per series a swatch (or a line
    /// and its marker) and its name.
    fn chart_legend(
        &mut self,
        chart: &Chart,
        x: f32,
        y: f32,
        styles: &ChartStyles,
        items: &mut Vec<Item>,
    ) -> Result<()> {
        let (small, tag) = (&styles.small, styles.tag);
        let mut lx = x;
        for (si, s) in chart.series.iter().enumerate() {
            let fill = Color(FILLS[si % FILLS.len()]);
            match chart.kind {
                ChartKind::Bar => items.push(Item::Rect {
                    x: lx,
                    y: y - 8.0,
                    w: 10.0,
                    h: 8.0,
                    fill: Some(fill),
                    stroke: Some((AXIS, 0.4)),
                    tag,
                }),
                ChartKind::Line => {
                    items.push(Item::Path {
                        points: vec![(lx - 4.0, y - 4.0), (lx + 14.0, y - 4.0)],
                        closed: false,
                        fill: None,
                        stroke: Some((fill, 1.6)),
                        dash: DASHES[si % DASHES.len()],
                        tag,
                    });
                    items.push(marker(si, (lx + 5.0, y - 4.0), fill, tag));
                }
            }
            let name = self.single_line(&s.name, small, lx + 16.0, 0.0, y, Align::Left, tag)?;
            let w = match &name {
                Item::Text { glyphs, .. } => glyphs.last().map_or(0.0, |g| g.x + g.size * 0.6),
                _ => 0.0,
            };
            items.push(name);
            lx += 16.0 + w + 18.0;
        }
        Ok(())
    }
}

/// Series markers differ in shape: square, triangle, diamond, circle-ish octagon.
fn marker(series: usize, (x, y): (f32, f32), fill: Color, tag: Tag) -> Item {
    let r = 3.2;
    let points = match series % 4 {
        0 => vec![(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)],
        1 => vec![(x, y - r * 1.2), (x + r * 1.1, y + r), (x - r * 1.1, y + r)],
        2 => vec![(x, y - r * 1.3), (x + r * 1.3, y), (x, y + r * 1.3), (x - r * 1.3, y)],
        _ => (0..8)
            .map(|i| {
                let a = std::f32::consts::PI / 4.0 * i as f32;
                (x + r * a.cos(), y + r * a.sin())
            })
            .collect(),
    };
    Item::Path { points, closed: true, fill: Some(fill), stroke: Some((AXIS, 0.5)), dash: None, tag }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_data() {
        assert_eq!(nice_ticks(260.0, 260.0, true), (0.0, 300.0, 100.0));
        assert_eq!(nice_ticks(0.0, 50_000.0, true), (0.0, 60_000.0, 20_000.0));
        assert_eq!(nice_ticks(3.0, 7.0, true), (0.0, 8.0, 2.0));
        assert_eq!(nice_ticks(-20.0, 35.0, true), (-20.0, 40.0, 20.0));
        // Counts up to 2: steps of 1, not 0.5; measurements keep their halves.
        assert_eq!(nice_ticks(0.0, 2.0, true), (0.0, 2.0, 1.0));
        assert_eq!(nice_ticks(0.0, 2.0, false), (0.0, 2.0, 0.5));
        let (lo, hi, step) = nice_ticks(0.0, 0.0, true);
        assert!(lo <= 0.0 && hi > 0.0 && step > 0.0);
    }
}
