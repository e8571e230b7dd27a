//! Photos: a single image with its caption, and albums (a grid of photos,
//! one unbreakable row at a time so albums break across pages cleanly).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::error::Result;
use crate::typeset::image::{self, Prepared};
use crate::typeset::markup::{Extent, Image, Inline, InlineStyle, Pos};
use crate::typeset::style::Align;

use super::{Artifact, Builder, Entry, Flow, Frame, Item, NodeId, Role, Tag, Tagger};

/// Images met so far. Layout needs only their sizes, read from the file
/// headers; each photo is prepared (scaled, encoded, or taken from the
/// cache) in the background from the moment it is placed, once per printed
/// size, while layout goes on.
#[derive(Default)]
pub(super) struct Images {
    /// Per file: upright size.
    sizes: HashMap<PathBuf, (u32, u32)>,
    /// (file, printed size) -> index into the prepared images.
    index: HashMap<(PathBuf, u32, u32), usize>,
    /// Per prepared image: where the markup first placed it.
    placed_at: Vec<Pos>,
    preparing: image::Background,
}

const GAP: f32 = 8.0;

impl Builder<'_> {
    fn image_path(&self, src: &str) -> PathBuf {
        let p = Path::new(src);
        if p.is_absolute() { p.to_path_buf() } else { self.origin.file.parent().unwrap_or(Path::new("")).join(p) }
    }

    /// The image's upright size in pixels (header read once per file).
    fn image_size(&mut self, img: &Image) -> Result<(PathBuf, (u32, u32))> {
        let path = self.image_path(&img.src);
        if let Some(&size) = self.images.sizes.get(&path) {
            return Ok((path, size));
        }
        let size = image::probe(&path).map_err(|e| self.image_error(img.pos, e))?;
        self.images.sizes.insert(path.clone(), size);
        Ok((path, size))
    }

    fn image_error(&self, pos: Pos, message: String) -> crate::Error {
        Diagnostic::at_line_col(self.origin.file, self.origin.source, pos.line as usize, pos.column as usize, message)
            .with_help("give a PNG or JPEG file that exists; paths are relative to the markup file")
            .into()
    }

    /// The photo to be prepared for `w` × `h` points; returns its index.
    fn placed(&mut self, path: &Path, w: f32, h: f32, pos: Pos) -> usize {
        let key = (path.to_path_buf(), w.round() as u32, h.round() as u32);
        if let Some(&i) = self.images.index.get(&key) {
            return i;
        }
        let i = self.images.preparing.submit(path, w, h);
        self.images.placed_at.push(pos);
        self.images.index.insert(key, i);
        i
    }

    /// Collect the prepared photos; a file that fails to decode is reported
    /// at the markup that first placed it, and the cache's warnings (once
    /// each) join the document's.
    pub(super) fn prepare_images(&mut self, warnings: &mut Vec<String>) -> Result<Vec<Prepared>> {
        let images = std::mem::take(&mut self.images);
        let mut prepared = Vec::new();
        for (i, result) in images.preparing.finish().into_iter().enumerate() {
            let (photo, warning) = result.map_err(|e| self.image_error(images.placed_at[i], e))?;
            if let Some(w) = warning.filter(|w| !warnings.contains(w)) {
                warnings.push(w);
            }
            prepared.push(photo);
        }
        Ok(prepared)
    }

    /// The structure of a photo: a Figure (under `parent`) whose
    /// alternative text is the markup's alt or else the caption, with a
    /// Caption node when there is a caption. A photo with neither (or
    /// `alt=""`) is decoration, an artifact; its caption, a paragraph.
    fn figure(&mut self, img: &Image, parent: NodeId) -> (Tag, Option<NodeId>) {
        let alt = match (&img.alt, &img.caption) {
            (Some(alt), _) if alt.is_empty() => None,
            (Some(alt), _) => Some(alt.clone()),
            (None, caption) => caption.clone(),
        };
        let Some(alt) = alt else {
            let caption = img.caption.is_some().then(|| self.tree.add(Role::Paragraph, parent));
            return (Tag::Artifact(Artifact::Decoration), caption);
        };
        let figure = self.tree.add(Role::Figure, parent);
        self.tree.node_mut(figure).alt = Some(alt);
        let caption = img.caption.is_some().then(|| self.tree.add(Role::Caption, figure));
        (Tag::Node(figure), caption)
    }

    fn caption_lines(&mut self, text: &str, width: f32, pos: Pos) -> Result<Vec<super::Line>> {
        let rule = self.theme.style("p", &["caption".to_string()]);
        let content = vec![Inline::Text { text: text.to_string(), style: InlineStyle::default() }];
        self.lines(&content, &rule, width, pos)
    }

    pub(super) fn image(&mut self, img: &Image, frame: &Frame, out: &mut Flow) -> Result<()> {
        let (x, width) = (frame.x, frame.width);
        let (path, (pw, ph)) = self.image_size(img)?;
        let aspect = ph as f32 / pw as f32;
        // Default: as wide as it is at 150 dpi, never wider than the column.
        let mut w = match img.width {
            Some(Extent::Fraction(f)) => f * width,
            Some(Extent::Points(p)) => p.min(width),
            None => (pw as f32 / 150.0 * 72.0).min(width),
        };
        let page_body = self.theme.page_height - self.theme.margin_top - self.theme.margin_bottom;
        let max_h = img.height.unwrap_or(f32::INFINITY).min(page_body * 0.7);
        if w * aspect > max_h {
            w = max_h / aspect;
        }
        let h = w * aspect;
        let left = match img.align.unwrap_or(Align::Center) {
            Align::Left | Align::Justify => x,
            Align::Center => x + (width - w) / 2.0,
            Align::Right => x + width - w,
        };
        let index = self.placed(&path, w, h, img.pos);
        let rule = self.theme.style("p", &img.classes);
        if let Some(b) = rule.space_before {
            out.push(Entry::space(b.0));
        }
        let (tag, caption_node) = self.figure(img, frame.parent);
        out.push(Entry::content(h, vec![Item::Image { x: left, y: 0.0, w, h, image: index, tag }]));
        if let Some(caption) = &img.caption {
            out.push(Entry::space(3.0));
            let mut tagger = Tagger::flat(caption_node.unwrap_or(frame.parent));
            for line in self.caption_lines(caption, width, img.pos)? {
                let mut items = Vec::new();
                tagger.line_items(&line, x, 0.0, &mut items, &mut self.tree);
                let mut e = Entry::content(line.height, items);
                e.break_before = false; // a caption stays with its photo
                out.push(e);
            }
        }
        if let Some(a) = rule.space_after {
            out.push(Entry::space(a.0));
        }
        Ok(())
    }

    /// A grid of photos: each fitted into a 4:3 box of its column, caption below.
    pub(super) fn album(&mut self, columns: usize, images: &[Image], frame: &Frame, out: &mut Flow) -> Result<()> {
        let (x, width) = (frame.x, frame.width);
        let cw = (width - GAP * (columns as f32 - 1.0)) / columns as f32;
        let box_h = cw * 0.75;
        for row in images.chunks(columns) {
            let mut items = Vec::new();
            let mut row_h = box_h;
            for (i, img) in row.iter().enumerate() {
                let cx = x + i as f32 * (cw + GAP);
                let (path, (pw, ph)) = self.image_size(img)?;
                let aspect = ph as f32 / pw as f32;
                let (w, h) = if aspect > 0.75 { (box_h / aspect, box_h) } else { (cw, cw * aspect) };
                let index = self.placed(&path, w, h, img.pos);
                let (tag, caption_node) = self.figure(img, frame.parent);
                items.push(Item::Image { x: cx + (cw - w) / 2.0, y: box_h - h, w, h, image: index, tag });
                if let Some(caption) = &img.caption {
                    let mut y = box_h + 3.0;
                    let mut tagger = Tagger::flat(caption_node.unwrap_or(frame.parent));
                    for line in self.caption_lines(caption, cw, img.pos)? {
                        tagger.line_items(&line, cx, y, &mut items, &mut self.tree);
                        y += line.height;
                    }
                    row_h = row_h.max(y);
                }
            }
            out.push(Entry::content(row_h + GAP, items));
        }
        Ok(())
    }
}
