//! Photos: a single image with its caption, and albums (a grid of photos,
//! one unbreakable row at a time so albums break across pages cleanly).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Result};
use crate::image::{self, Prepared};
use crate::markup::{Extent, Image, Inline, InlineStyle, Pos};
use crate::theme::Align;

use super::{Builder, Entry, Item, line_items};

/// Images met so far. Layout needs only their sizes, read from the file
/// headers; each file is decoded in the background from its first
/// placement on, and prepared (scaled, encoded) once per printed size when
/// layout is done.
#[derive(Default)]
pub(super) struct Images {
    /// Per file: upright size; index of its background decode once placed.
    files: HashMap<PathBuf, ((u32, u32), Option<usize>)>,
    /// Per background decode: the file, where the markup first placed it.
    decodes: Vec<(PathBuf, Pos)>,
    /// (file, printed size) -> index into the prepared images.
    index: HashMap<(PathBuf, u32, u32), usize>,
    /// Per prepared image: background decode index and printed size.
    placements: Vec<(usize, f32, f32)>,
    decoding: image::Background,
}

const GAP: f32 = 8.0;

impl Builder<'_> {
    fn image_path(&self, src: &str) -> PathBuf {
        let p = Path::new(src);
        if p.is_absolute() { p.to_path_buf() } else { self.file.parent().unwrap_or(Path::new("")).join(p) }
    }

    /// The image's upright size in pixels (header read once per file).
    fn image_size(&mut self, img: &Image) -> Result<(PathBuf, (u32, u32))> {
        let path = self.image_path(&img.src);
        if let Some(&(size, _)) = self.images.files.get(&path) {
            return Ok((path, size));
        }
        let size = image::probe(&path).map_err(|e| self.image_error(img.pos, e))?;
        self.images.files.insert(path.clone(), (size, None));
        Ok((path, size))
    }

    fn image_error(&self, pos: Pos, message: String) -> crate::Error {
        Diagnostic::at_line_col(self.file, self.source, pos.line as usize, pos.column as usize, message)
            .with_help("give a PNG or JPEG file that exists; paths are relative to the markup file")
            .into()
    }

    /// The photo to be prepared for `w` × `h` points; returns its index.
    fn placed(&mut self, path: &Path, w: f32, h: f32, pos: Pos) -> usize {
        let key = (path.to_path_buf(), w.round() as u32, h.round() as u32);
        if let Some(&i) = self.images.index.get(&key) {
            return i;
        }
        let images = &mut self.images;
        let decode = match images.files.get(path) {
            Some(&(_, Some(d))) => d,
            _ => {
                let d = images.decoding.submit(path, image::pixels_for(w, h));
                images.decodes.push((path.to_path_buf(), pos));
                if let Some(file) = images.files.get_mut(path) {
                    file.1 = Some(d);
                }
                d
            }
        };
        images.placements.push((decode, w, h));
        let i = images.placements.len() - 1;
        images.index.insert(key, i);
        i
    }

    /// Collect the decoded photos and prepare every placement; a file that
    /// fails to decode is reported at the markup that first placed it.
    pub(super) fn prepare_images(&mut self) -> Result<Vec<Prepared>> {
        let images = std::mem::take(&mut self.images);
        let mut decoded = Vec::new();
        for (i, result) in images.decoding.finish().into_iter().enumerate() {
            let (path, pos) = &images.decodes[i];
            let mut d = result.map_err(|e| self.image_error(*pos, e))?;
            // Decoded reduced for its first placement, too small for a later, larger one.
            let (full, got) = (images.files[path].0, d.size());
            let short = images.placements.iter().filter(|p| p.0 == i).any(|&(_, w, h)| {
                let (nw, nh) = image::pixels_for(w, h);
                got.0 < nw.min(full.0) || got.1 < nh.min(full.1)
            });
            if short {
                d = image::decode(path).map_err(|e| self.image_error(*pos, e))?;
            }
            decoded.push(d);
        }
        let work: Vec<_> = images.placements.iter().map(|&(d, w, h)| (&decoded[d], w, h)).collect();
        Ok(image::prepare_all(&work))
    }

    fn caption_lines(&mut self, text: &str, width: f32, pos: Pos) -> Result<Vec<super::Line>> {
        let rule = self.theme.style("p", &["caption".to_string()]);
        let content = vec![Inline::Text { text: text.to_string(), style: InlineStyle::default() }];
        self.lines(&content, &rule, width, pos)
    }

    pub(super) fn image(&mut self, img: &Image, x: f32, width: f32, out: &mut Vec<Entry>) -> Result<()> {
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
            self.push(out, Entry::space(b.0));
        }
        self.push(out, Entry::content(h, vec![Item::Image { x: left, y: 0.0, w, h, image: index }]));
        if let Some(caption) = &img.caption {
            self.push(out, Entry::space(3.0));
            for line in self.caption_lines(caption, width, img.pos)? {
                let mut items = Vec::new();
                line_items(&line, x, 0.0, &mut items);
                let mut e = Entry::content(line.height, items);
                e.break_before = false; // a caption stays with its photo
                self.push(out, e);
            }
        }
        if let Some(a) = rule.space_after {
            self.push(out, Entry::space(a.0));
        }
        Ok(())
    }

    /// A grid of photos: each fitted into a 4:3 box of its column, caption below.
    pub(super) fn album(
        &mut self,
        columns: usize,
        images: &[Image],
        x: f32,
        width: f32,
        out: &mut Vec<Entry>,
    ) -> Result<()> {
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
                items.push(Item::Image { x: cx + (cw - w) / 2.0, y: box_h - h, w, h, image: index });
                if let Some(caption) = &img.caption {
                    let mut y = box_h + 3.0;
                    for line in self.caption_lines(caption, cw, img.pos)? {
                        line_items(&line, cx, y, &mut items);
                        y += line.height;
                    }
                    row_h = row_h.max(y);
                }
            }
            self.push(out, Entry::content(row_h + GAP, items));
        }
        Ok(())
    }
}
