//! What every page carries besides its flow: the running header and footer
//! (with the page number), the classification stamped at top and bottom,
//! and the draft watermark under everything else.

use crate::error::Result;
use crate::typeset::markup::Document;
use crate::typeset::style::{Align, Color, RunningFile, StyleRule};

use super::{Artifact, Builder, Item, Page, Tag};

impl Builder<'_> {
    /// Running header and footer, classification stamps, watermark.
    pub(super) fn running(&mut self, pages: &mut [Page], doc: &Document) -> Result<()> {
        let theme = self.theme;
        let total = pages.len();
        // The same on every page: set once.
        let stamps = match &doc.meta.classification {
            Some(c) => self.stamps(c)?,
            None => Vec::new(),
        };
        let watermark = match &doc.meta.watermark {
            Some(wm) => Some(self.watermark(wm)?),
            None => None,
        };
        for (i, page) in pages.iter_mut().enumerate() {
            let fill = |t: &str| {
                t.replace("{title}", &doc.meta.title)
                    .replace("{subject}", &doc.meta.subject)
                    .replace("{page}", &theme.numeral(&(i + 1).to_string()))
                    .replace("{pages}", &theme.numeral(&total.to_string()))
            };
            self.running_text(&theme.header, theme.header_offset, Artifact::Header, &fill, page)?;
            let footer = theme.page_height - theme.footer_offset;
            self.running_text(&theme.footer, footer, Artifact::Footer, &fill, page)?;
            page.items.extend(stamps.iter().cloned());
            if let Some(w) = &watermark {
                page.items.insert(0, w.clone());
            }
        }
        Ok(())
    }

    /// A header or footer (`which`) on `page` at `baseline`: its left,
    /// centre and right texts (placeholders filled by `fill`) and its rule, if any.
    fn running_text(
        &mut self,
        run: &RunningFile,
        baseline: f32,
        which: Artifact,
        fill: &dyn Fn(&str) -> String,
        page: &mut Page,
    ) -> Result<()> {
        let (is_header, tag) = (which == Artifact::Header, Tag::Artifact(which));
        let (x, w) = (self.theme.margin_left, self.theme.content_width());
        let rule = StyleRule { size: run.size.or(Some(10.0)), color: run.color, ..Default::default() };
        for (t, align) in [(&run.left, Align::Left), (&run.center, Align::Center), (&run.right, Align::Right)] {
            if let Some(t) = t.as_deref().map(fill).filter(|t| !t.trim().is_empty()) {
                page.items.push(self.single_line(&t, &rule, x, w, baseline, align, tag)?);
            }
        }
        if run.rule == Some(true) {
            let y = if is_header { baseline + 4.0 } else { baseline - (run.size.unwrap_or(10.0)) - 2.0 };
            let color = run.color.unwrap_or(Color([0.5; 3]));
            page.items.push(Item::Rule { x1: x, y1: y, x2: x + w, y2: y, color, width: 0.4, tag });
        }
        Ok(())
    }

    /// The classification, centred at the top and the bottom of the page.
    fn stamps(&mut self, classification: &str) -> Result<Vec<Item>> {
        let theme = self.theme;
        let rule = theme.rule("classification");
        let top = theme.header_offset * 0.55;
        let bottom = theme.page_height - theme.footer_offset * 0.45;
        let (header, footer) = (Tag::Artifact(Artifact::Header), Tag::Artifact(Artifact::Footer));
        Ok(vec![
            self.single_line(classification, &rule, 0.0, theme.page_width, top, Align::Center, header)?,
            self.single_line(classification, &rule, 0.0, theme.page_width, bottom, Align::Center, footer)?,
        ])
    }

    /// The watermark, centred on the page along the diagonal, rising to the
    /// right (layout y grows downwards, so the angle turns the baseline up).
    fn watermark(&mut self, text: &str) -> Result<Item> {
        let theme = self.theme;
        let rule = theme.rule("watermark");
        let line = self.one_line(text, &rule)?;
        let angle = (theme.page_height / theme.page_width).atan();
        let size = rule.size.unwrap_or(100.0);
        let (cx, cy) = (theme.page_width / 2.0, theme.page_height / 2.0);
        let (s, c) = angle.sin_cos();
        let lift = size * 0.35; // baseline to the middle of Thai letters
        let bx = cx - c * line.width / 2.0 + s * lift;
        let by = cy + s * line.width / 2.0 + c * lift;
        let tag = Tag::Artifact(Artifact::Watermark);
        Ok(Item::Text { x: bx, baseline: by, text: line.text, glyphs: line.glyphs, angle, tag })
    }
}
