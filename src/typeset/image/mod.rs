//! Photos for the PDF: PNG and JPEG decoded with the `image` crate (alpha,
//! greyscale, CMYK JPEG, EXIF orientation), scaled down to about 200 dpi at
//! the size they are printed, and re-encoded the way PDF carries them: JPEG
//! (DCTDecode) for opaque pictures, Flate with a soft mask for transparent ones.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};

use image::metadata::Orientation;
use image::{DynamicImage, GenericImageView, ImageDecoder, ImageReader};

mod cache;
pub use cache::Cache;

/// Print resolution photos are reduced to: sharp on paper, small enough to email.
pub const TARGET_DPI: f32 = 200.0;

/// The most pixels a photo may have. Decoding takes up to 8 bytes a pixel
/// (16-bit RGBA), converting and resampling as much again, and two photos are
/// prepared at once: 50 megapixels (a 48-megapixel phone photo, 8000 x 6000)
/// stays under a gigabyte. A printed photo needs far fewer: a whole A4 page
/// at 200 dpi is 1654 x 2339.
pub const MAX_PIXELS: u64 = 50_000_000;

/// The most pixels a side may have (JPEG's own limit, and far more than any
/// camera makes).
pub const MAX_SIDE: u32 = 65_535;

/// What is wrong with a photo file, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub help: String,
}

impl Problem {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Problem {
        Problem { message: message.into(), help: help.into() }
    }
}

/// The size limits, for the decoders: checked from the header before any
/// pixel memory is taken, and held while decoding (with 512 MiB for what a
/// decoder allocates: 50 megapixels of 16-bit RGBA is 400 MB).
fn limits() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES as u64);
    limits
}

/// The most a decoder may allocate for one photo (the image crate's default).
const MAX_DECODE_BYTES: usize = 512 * 1024 * 1024;

/// Refuses a size over the limits; `shown` names the photo.
fn check_size(shown: &str, (w, h): (u32, u32)) -> Result<(), Problem> {
    let pixels = u64::from(w) * u64::from(h);
    if pixels > MAX_PIXELS || w > MAX_SIDE || h > MAX_SIDE {
        return Err(Problem::new(
            format!(
                "{shown} is {w} x {h} pixels ({}); briefpack takes photos of at most {} megapixels",
                megapixels(pixels),
                MAX_PIXELS / 1_000_000
            ),
            format!(
                "reduce it to at most {} megapixels, e.g. 8000 x 6000 (printed, a photo needs about 2000 pixels a side)",
                MAX_PIXELS / 1_000_000
            ),
        ));
    }
    Ok(())
}

fn megapixels(pixels: u64) -> String {
    if pixels >= 10_000_000 {
        format!("{} megapixels", pixels / 1_000_000)
    } else {
        format!("{:.1} megapixels", pixels as f64 / 1e6)
    }
}

/// What a path that is not a regular file is, in words.
fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() { "a folder" } else { "not a regular file" }
}

/// Checks that `path` is a regular file without opening it (opening a FIFO
/// would wait for a writer, reading a device might never end). `shown`
/// names it in messages.
pub fn check_regular(path: &Path, shown: &str) -> Result<(), Problem> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(()),
        Ok(m) => Err(Problem::new(
            format!("{shown} is {}, not an image file", kind_of(m.file_type())),
            "name a regular PNG or JPEG file; briefpack does not read photos from folders, pipes or devices",
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let help = format!(
                "looked for {}; paths are relative to the folder of this file — fix the path or add the image there",
                path.display()
            );
            match std::fs::read_link(path) {
                Ok(target) => Err(Problem::new(
                    format!("{shown} is a symbolic link to {}, which does not exist", target.display()),
                    help,
                )),
                Err(_) => Err(Problem::new(format!("{shown} does not exist"), help)),
            }
        }
        Err(e) => {
            Err(Problem::new(format!("cannot read {shown}: {e}"), "check the file's permissions, or fix the path"))
        }
    }
}

/// Refuses a path that exists but is no regular file, before it is opened
/// (a missing file is left to the reader's own message).
fn refuse_special(path: &Path) -> Result<(), String> {
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => Err(format!(
            "{} is {}, not an image file: name a regular PNG or JPEG file",
            path.display(),
            kind_of(m.file_type())
        )),
        _ => Ok(()),
    }
}

/// Everything `build` needs of a photo, checked without keeping its pixels:
/// a regular file, complete, a PNG or JPEG whose header the decoder reads,
/// within the size limits (from the header, before any pixel memory); for a
/// PNG every chunk's checksum and its image data unpacked (and dropped) row
/// by row, for a JPEG its segments from start to end marker. Decoders fill
/// in damaged JPEG scan data rather than fail, so that is left alone.
/// Returns the upright size. `shown` names the photo in messages (as the
/// data writes it).
pub fn check_file(path: &Path, shown: &str) -> Result<(u32, u32), Problem> {
    check_regular(path, shown)?;
    let damaged = |e: String| Problem::new(e, "replace it with a complete copy of the image, or fix the path");
    check_complete(path).map_err(damaged)?;
    let reader = ImageReader::open(path).map_err(|e| Problem::new(format!("cannot read {shown}: {e}"), ""))?;
    let (decoder, orientation) = open(path, shown, reader)?;
    let size = decoder.dimensions();
    drop(decoder);
    check_png_chunks(path, shown)?;
    check_jpeg_segments(path, shown)?;
    Ok(if quarter_turn(orientation) { (size.1, size.0) } else { size })
}

/// A JPEG's segments walked from SOI to EOI: each marker and length, a
/// frame header before the first scan, the entropy-coded data of each scan
/// ending at a marker. Reads the file, decodes no pixel. Not a JPEG: nothing
/// to do.
fn check_jpeg_segments(path: &Path, shown: &str) -> Result<(), Problem> {
    let bytes = std::fs::read(path).map_err(|e| Problem::new(format!("cannot read {shown}: {e}"), ""))?;
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Ok(());
    }
    jpeg_segments(&bytes).map_err(|what| {
        Problem::new(
            format!("{shown} is damaged: {what}"),
            "replace it with a good copy of the image (save it again from the original)",
        )
    })
}

/// [`check_jpeg_segments`] on the file's bytes; the error says where it breaks.
fn jpeg_segments(b: &[u8]) -> Result<(), String> {
    let mut at = 2;
    let mut frame = false;
    loop {
        // A marker: 0xFF, any fill bytes 0xFF, then its code.
        if b.get(at) != Some(&0xFF) {
            return Err(match b.get(at) {
                None => format!("the JPEG is cut off at byte {at} (it has no end-of-image marker)"),
                Some(_) => format!("the JPEG has no segment marker at byte {at}"),
            });
        }
        while b.get(at) == Some(&0xFF) {
            at += 1;
        }
        let Some(&code) = b.get(at) else {
            return Err(format!("the JPEG is cut off at byte {at} (it has no end-of-image marker)"));
        };
        let marker_at = at - 1;
        at += 1;
        match code {
            0xD9 => return if frame { Ok(()) } else { Err("the JPEG ends before any frame header".into()) },
            0xD0..=0xD7 | 0x01 => continue,
            0x00 => return Err(format!("the JPEG has no segment marker at byte {marker_at}")),
            _ => {}
        }
        let len = match (b.get(at), b.get(at + 1)) {
            (Some(&hi), Some(&lo)) => usize::from(u16::from_be_bytes([hi, lo])),
            _ => return Err(format!("the JPEG is cut off in the segment at byte {marker_at}")),
        };
        if len < 2 || at + len > b.len() {
            return Err(format!("the segment at byte {marker_at} runs past the end of the file (the JPEG is cut off)"));
        }
        at += len;
        if matches!(code, 0xC0..=0xCF) && !matches!(code, 0xC4 | 0xC8 | 0xCC) {
            frame = true;
        }
        if code == 0xDA {
            if !frame {
                return Err(format!("the scan at byte {marker_at} comes before any frame header"));
            }
            // Entropy-coded data: up to the next marker other than a
            // stuffed 0xFF00 or a restart marker.
            loop {
                let Some(i) = b[at..].iter().position(|&x| x == 0xFF) else {
                    return Err(format!(
                        "the JPEG is cut off in the scan at byte {marker_at} (it has no end-of-image marker)"
                    ));
                };
                at += i;
                match b.get(at + 1) {
                    Some(0x00 | 0xD0..=0xD7 | 0xFF) => at += if b.get(at + 1) == Some(&0xFF) { 1 } else { 2 },
                    Some(_) => break,
                    None => {
                        return Err(format!(
                            "the JPEG is cut off in the scan at byte {marker_at} (it has no end-of-image marker)"
                        ));
                    }
                }
            }
        }
    }
}

/// A PNG's chunks, each length, type and CRC-32 read and compared, up to
/// IEND, and its image data inflated (to nowhere: only counted) and held to
/// the size its header gives. Reads the file once, 64 KiB at a time, and
/// keeps no pixel: memory stays the same for any size. Not a PNG: nothing
/// to do.
fn check_png_chunks(path: &Path, shown: &str) -> Result<(), Problem> {
    use std::io::Read;
    const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let io = |e: std::io::Error| Problem::new(format!("cannot read {shown}: {e}"), "");
    let damaged = |what: String| {
        Problem::new(
            format!("{shown} is damaged: {what}"),
            "replace it with a good copy of the image (save it again from the original)",
        )
    };
    let mut f = std::io::BufReader::with_capacity(1 << 16, std::fs::File::open(path).map_err(io)?);
    let mut sig = [0u8; 8];
    if f.read_exact(&mut sig).is_err() || sig != SIGNATURE {
        return Ok(());
    }
    let mut offset = 8u64;
    let mut buf = vec![0u8; 1 << 16];
    let mut inflate = Inflate::new();
    let mut rows: Option<Rows> = None;
    loop {
        let mut head = [0u8; 8];
        if f.read_exact(&mut head).is_err() {
            return Err(damaged(format!("the PNG is cut off after byte {offset} (it has no IEND chunk)")));
        }
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]);
        let kind = &head[4..8];
        let name = String::from_utf8_lossy(kind).into_owned();
        if len > 0x7FFF_FFFF || !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(damaged(format!("no valid PNG chunk at byte {offset}")));
        }
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        let mut left = len as usize;
        while left > 0 {
            let n = left.min(buf.len());
            if f.read_exact(&mut buf[..n]).is_err() {
                return Err(damaged(format!("the PNG is cut off inside its {name} chunk at byte {offset}")));
            }
            crc.update(&buf[..n]);
            if kind == b"IHDR" && n == 13 {
                rows = png_rows(&buf[..13]).map(Rows::new);
            }
            if kind == b"IDAT" {
                inflate.feed(&buf[..n], &mut rows);
            }
            left -= n;
        }
        let mut stored = [0u8; 4];
        if f.read_exact(&mut stored).is_err() {
            return Err(damaged(format!("the PNG is cut off inside its {name} chunk at byte {offset}")));
        }
        // A wrong checksum is the first thing to say; a broken stream in a
        // chunk whose checksum is right, the next.
        if u32::from_be_bytes(stored) != crc.sum() {
            return Err(damaged(format!("the checksum (CRC) of its {name} chunk at byte {offset} is wrong")));
        }
        if unpacked(kind, offset, &mut inflate, rows.as_ref()).map_err(damaged)? {
            return Ok(());
        }
        offset += 12 + u64::from(len);
    }
}

/// After chunk `kind` at `offset`: what its image data says so far. True
/// when the PNG ended (IEND) whole; the damage found, if any.
fn unpacked(kind: &[u8], offset: u64, inflate: &mut Inflate, rows: Option<&Rows>) -> Result<bool, String> {
    if let Some(e) = inflate.error.take() {
        return Err(format!("its image data (the IDAT chunk at byte {offset}) cannot be unpacked ({e})"));
    }
    if let Some((at, filter)) = rows.and_then(|r| r.bad_filter) {
        return Err(format!(
            "a row of its image data (byte {at} unpacked, in the IDAT chunk at byte {offset}) has filter type \
             {filter}; PNG has 0 to 4"
        ));
    }
    if kind != b"IEND" {
        return Ok(false);
    }
    if !inflate.done {
        return Err("its image data ends before it is complete".to_string());
    }
    match rows {
        Some(r) if !r.done => {
            let want: u64 = r.segments.iter().map(|(n, len)| n * len).sum();
            Err(format!("its image data holds {} bytes of rows where its header needs {want}", inflate.total))
        }
        _ => Ok(true),
    }
}

/// The rows a PNG's image data holds, from its IHDR (width, height, bit
/// depth, colour type, interlace): (number of rows, bytes in each with its
/// filter byte), one entry per image, seven for Adam7. `None` if the header
/// makes no sense (the decoder has said so already).
fn png_rows(ihdr: &[u8]) -> Option<Vec<(u64, u64)>> {
    let w = u64::from(u32::from_be_bytes(ihdr[0..4].try_into().ok()?));
    let h = u64::from(u32::from_be_bytes(ihdr[4..8].try_into().ok()?));
    let bits = u64::from(ihdr[8]);
    let channels = match ihdr[9] {
        0 | 3 => 1,
        2 => 3,
        4 => 2,
        6 => 4,
        _ => return None,
    };
    let rows = |w: u64, h: u64| if w == 0 || h == 0 { (0, 0) } else { (h, 1 + (w * channels * bits).div_ceil(8)) };
    Some(match ihdr[12] {
        0 => vec![rows(w, h)],
        // Adam7: seven passes, each a smaller image of its own.
        1 => [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            .iter()
            .map(|&(x0, y0, dx, dy)| rows(w.saturating_sub(x0).div_ceil(dx), h.saturating_sub(y0).div_ceil(dy)))
            .collect(),
        _ => return None,
    })
}

/// The size of the image data [`png_rows`] describes.
#[cfg(test)]
fn png_data_size(ihdr: &[u8]) -> Option<u64> {
    Some(png_rows(ihdr)?.iter().map(|(n, len)| n * len).sum())
}

/// Where the inflated image data is in its rows: each row must begin with
/// one of PNG's five filter types.
struct Rows {
    segments: Vec<(u64, u64)>,
    /// Index into `segments`, rows left in it, bytes left in the current row.
    segment: usize,
    rows_left: u64,
    in_row: u64,
    /// Byte offset (in the inflated data) and value of the first bad filter type.
    bad_filter: Option<(u64, u8)>,
    /// Data past the last row (decoders ignore it).
    done: bool,
}

impl Rows {
    fn new(mut segments: Vec<(u64, u64)>) -> Rows {
        segments.retain(|&(n, _)| n > 0);
        let rows_left = segments.first().map_or(0, |s| s.0);
        Rows { done: segments.is_empty(), segments, segment: 0, rows_left, in_row: 0, bad_filter: None }
    }

    /// The next `bytes` of inflated data, which starts at `offset`.
    fn take(&mut self, mut bytes: &[u8], mut offset: u64) {
        while !bytes.is_empty() && !self.done && self.bad_filter.is_none() {
            if self.in_row == 0 {
                if bytes[0] > 4 {
                    self.bad_filter = Some((offset, bytes[0]));
                    return;
                }
                self.in_row = self.segments[self.segment].1;
            }
            let n = self.in_row.min(bytes.len() as u64);
            self.in_row -= n;
            bytes = &bytes[n as usize..];
            offset += n;
            if self.in_row == 0 {
                self.rows_left -= 1;
                if self.rows_left == 0 {
                    self.segment += 1;
                    match self.segments.get(self.segment) {
                        Some(s) => self.rows_left = s.0,
                        None => self.done = true,
                    }
                }
            }
        }
    }
}

/// A zlib stream inflated into a scratch buffer, only counting what comes out.
struct Inflate {
    z: flate2::Decompress,
    scratch: Vec<u8>,
    total: u64,
    done: bool,
    error: Option<String>,
}

impl Inflate {
    fn new() -> Inflate {
        Inflate { z: flate2::Decompress::new(true), scratch: vec![0; 1 << 16], total: 0, done: false, error: None }
    }

    /// Inflates `input`, handing what comes out to `rows`.
    fn feed(&mut self, mut input: &[u8], rows: &mut Option<Rows>) {
        while !input.is_empty() && !self.done && self.error.is_none() {
            let (before_in, before_out) = (self.z.total_in(), self.z.total_out());
            match self.z.decompress(input, &mut self.scratch, flate2::FlushDecompress::None) {
                Ok(status) => {
                    let used = (self.z.total_in() - before_in) as usize;
                    let made = self.z.total_out() - before_out;
                    input = &input[used..];
                    if let Some(rows) = rows.as_mut() {
                        rows.take(&self.scratch[..made as usize], self.total);
                    }
                    self.total += made;
                    self.done = status == flate2::Status::StreamEnd;
                    if used == 0 && made == 0 {
                        break; // needs more input than this chunk has
                    }
                }
                Err(e) => self.error = Some(e.to_string()),
            }
        }
    }
}

/// A decoded image, already turned upright.
pub struct Decoded {
    pub image: DynamicImage,
}

impl Decoded {
    /// Width and height in pixels, after EXIF orientation.
    #[cfg(test)]
    pub fn size(&self) -> (u32, u32) {
        self.image.dimensions()
    }
}

/// A JPEG ends with an end-of-image marker (FF D9). The decoder fills a
/// file cut off in transfer with grey instead of failing, so briefpack checks
/// the marker itself: a photo damaged that way must not print silently.
pub fn check_complete(path: &Path) -> Result<(), String> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = std::fs::File::open(path).map_err(|e| format!("cannot read image {}: {e}", path.display()))?;
    let mut head = [0u8; 2];
    if f.read_exact(&mut head).is_err() || head != [0xFF, 0xD8] {
        return Ok(()); // not a JPEG: PNG's own checksums catch damage
    }
    let len = f.seek(SeekFrom::End(0)).map_err(|e| e.to_string())?;
    let back = len.min(256);
    f.seek(SeekFrom::End(-(back as i64))).map_err(|e| e.to_string())?;
    let mut tail = Vec::with_capacity(back as usize);
    f.read_to_end(&mut tail).map_err(|e| e.to_string())?;
    check_tail(path, &head, &tail)
}

/// `check_complete` for a file already read.
fn check_bytes_complete(path: &Path, bytes: &[u8]) -> Result<(), String> {
    check_tail(path, &bytes[..bytes.len().min(2)], &bytes[bytes.len().saturating_sub(256)..])
}

fn check_tail(path: &Path, head: &[u8], tail: &[u8]) -> Result<(), String> {
    if head != [0xFF, 0xD8] || tail.windows(2).any(|w| w == [0xFF, 0xD9]) {
        Ok(())
    } else {
        Err(format!("{} is cut off: the JPEG has no end-of-image marker", path.display()))
    }
}

/// Read an image's header: the decoder, ready to decode, and the EXIF
/// orientation to apply afterwards. `path` names it in messages.
fn open<'a, R: std::io::BufRead + std::io::Seek + 'a>(
    path: &Path,
    shown: &str,
    reader: ImageReader<R>,
) -> Result<(Box<dyn ImageDecoder + 'a>, Orientation), Problem> {
    let mut reader = reader
        .with_guessed_format()
        .map_err(|e| Problem::new(format!("cannot read image {}: {e}", path.display()), ""))?;
    // The header is read without limits, so that a size over them gets the
    // message below; the limits then hold for decoding.
    reader.no_limits();
    let mut decoder = reader.into_decoder().map_err(|e| {
        Problem::new(
            format!("{shown} is not a PNG or JPEG image briefpack can read ({})", one_line(&e)),
            "replace it with a PNG or JPEG file, or fix the path",
        )
    })?;
    check_size(shown, decoder.dimensions())?;
    decoder
        .set_limits(limits())
        .map_err(|e| Problem::new(format!("{shown} cannot be decoded within the limits ({})", one_line(&e)), ""))?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    Ok((Box::new(decoder), orientation))
}

/// A problem's message, for callers whose messages are strings (and who
/// give their own help).
fn one_message(p: Problem) -> String {
    p.message
}

/// The upright size in pixels, from the header alone: layout needs only
/// this, and the pixels are prepared in the background (`Background`).
pub fn probe(path: &Path) -> Result<(u32, u32), String> {
    let shown = path.display().to_string();
    refuse_special(path)?;
    check_complete(path)?;
    let reader = ImageReader::open(path).map_err(|e| format!("cannot read image {}: {e}", path.display()))?;
    let (decoder, orientation) = open(path, &shown, reader).map_err(one_message)?;
    let (w, h) = decoder.dimensions();
    Ok(if quarter_turn(orientation) { (h, w) } else { (w, h) })
}

fn quarter_turn(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    )
}

/// The pixels (width, height) a photo printed at `width_pt` × `height_pt` needs.
pub fn pixels_for(width_pt: f32, height_pt: f32) -> (u32, u32) {
    let px = |pt: f32| ((pt / 72.0) * TARGET_DPI).ceil().max(1.0) as u32;
    (px(width_pt), px(height_pt))
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    refuse_special(path)?;
    std::fs::read(path).map_err(|e| format!("cannot read image {}: {e}", path.display()))
}

/// Read and decode an image file; the error says what is wrong with it.
/// (Builds go through [`prepare_file`]; tests look at decoding alone.)
#[cfg(test)]
pub fn decode(path: &Path) -> Result<Decoded, String> {
    decode_for(path, (u32::MAX, u32::MAX))
}

/// Decode an image of which `need` (upright) pixels are enough: a JPEG with
/// at least twice that is reduced while decoding.
#[cfg(test)]
pub fn decode_for(path: &Path, need: (u32, u32)) -> Result<Decoded, String> {
    decode_bytes(path, &read(path)?, need)
}

/// `decode_for` on the file's bytes; `path` names it in messages.
fn decode_bytes(path: &Path, bytes: &[u8], need: (u32, u32)) -> Result<Decoded, String> {
    check_bytes_complete(path, bytes)?;
    let (decoder, orientation) =
        open(path, &path.display().to_string(), ImageReader::new(std::io::Cursor::new(bytes))).map_err(one_message)?;
    if let Some(mut image) = reduced_jpeg(bytes, decoder.dimensions(), orientation, need) {
        image.apply_orientation(orientation);
        return Ok(Decoded { image });
    }
    let mut image = DynamicImage::from_decoder(decoder)
        .map_err(|e| format!("{} is damaged or incomplete ({})", path.display(), one_line(&e)))?;
    image.apply_orientation(orientation);
    Ok(Decoded { image })
}

/// An image file prepared for printing at `width_pt` × `height_pt`: from
/// the cache when an earlier run prepared the same bytes for the same
/// pixels, else decoded, scaled and encoded, and stored there. The second
/// value is a warning when the cache could not take the result.
pub fn prepare_file(
    path: &Path,
    width_pt: f32,
    height_pt: f32,
    cache: &Cache,
) -> Result<(Prepared, Option<String>), String> {
    let bytes = read(path)?;
    let need = pixels_for(width_pt, height_pt);
    let key = Cache::key(&bytes, need);
    if let Some(prepared) = cache.get(&key) {
        return Ok((prepared, None));
    }
    let prepared = prepare(&decode_bytes(path, &bytes, need)?, width_pt, height_pt);
    let warning = cache.put(&key, &prepared).err();
    Ok((prepared, warning))
}

/// Phone photos are ten times the pixels a printed photo needs. A JPEG can
/// be decoded at 1/2, 1/4 or 1/8 size straight from its DCT blocks
/// (jpeg-decoder's scaled IDCT), several times faster than decoding it whole
/// and resampling (the `image` crate's decoder cannot). Only for greyscale and
/// RGB JPEGs: zune-jpeg reads the header first, because jpeg-decoder stops
/// the program on component counts it does not know. `None`: decode it whole.
fn reduced_jpeg(bytes: &[u8], stored: (u32, u32), orientation: Orientation, need: (u32, u32)) -> Option<DynamicImage> {
    let (sw, sh) = stored;
    let (nw, nh) = if quarter_turn(orientation) { (need.1, need.0) } else { need };
    let k = [8u32, 4, 2].into_iter().find(|&k| sw.div_ceil(k) >= nw && sh.div_ceil(k) >= nh)?;
    let mut header = zune_jpeg::JpegDecoder::new(std::io::Cursor::new(bytes));
    header.decode_headers().ok()?;
    use zune_core::colorspace::ColorSpace as Z;
    if !matches!(header.input_colorspace()?, Z::YCbCr | Z::RGB | Z::Luma) {
        return None;
    }
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    // The size was checked against MAX_PIXELS from the header; this holds
    // jpeg-decoder to the same bound as the image crate's decoders.
    decoder.set_max_decoding_buffer_size(MAX_DECODE_BYTES);
    let (w, h) = decoder.scale(u16::try_from(sw.div_ceil(k)).ok()?, u16::try_from(sh.div_ceil(k)).ok()?).ok()?;
    let pixels = decoder.decode().ok()?;
    let (w, h) = (u32::from(w), u32::from(h));
    match pixels.len().checked_div(w as usize * h as usize)? {
        1 => image::GrayImage::from_raw(w, h, pixels).map(DynamicImage::ImageLuma8),
        3 => image::RgbImage::from_raw(w, h, pixels).map(DynamicImage::ImageRgb8),
        _ => None,
    }
}

fn one_line(e: &dyn std::fmt::Display) -> String {
    e.to_string().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorSpace {
    Gray,
    Rgb,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// JPEG data.
    Dct,
    /// zlib-compressed samples.
    Flate,
}

/// An image ready to be written as a PDF image XObject.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub width: u32,
    pub height: u32,
    pub color: ColorSpace,
    pub filter: Filter,
    pub data: Vec<u8>,
    /// Flate-compressed 8-bit alpha, when the image has transparency.
    pub smask: Option<Vec<u8>>,
}

/// Scale `decoded` so it has about 200 dpi at `width_pt` × `height_pt`
/// (never enlarged), and encode it for the PDF.
pub fn prepare(decoded: &Decoded, width_pt: f32, height_pt: f32) -> Prepared {
    let src = &decoded.image;
    let (w, h) = src.dimensions();
    let (want_w, want_h) = pixels_for(width_pt, height_pt);
    let has_alpha = match src {
        DynamicImage::ImageLumaA8(i) => i.pixels().any(|p| p.0[1] < 255),
        DynamicImage::ImageRgba8(i) => i.pixels().any(|p| p.0[3] < 255),
        other => other.color().has_alpha() && other.to_rgba8().pixels().any(|p| p.0[3] < 255),
    };
    let gray = !src.color().has_color();
    // Down to 8 bits and the fewest channels first (less to resample); a
    // photo already in that form is resampled straight from the decoded one.
    let converted = match (gray, has_alpha, src) {
        (true, false, DynamicImage::ImageLuma8(_))
        | (false, false, DynamicImage::ImageRgb8(_))
        | (_, true, DynamicImage::ImageRgba8(_)) => None,
        (true, false, _) => Some(DynamicImage::ImageLuma8(src.to_luma8())),
        (false, false, _) => Some(DynamicImage::ImageRgb8(src.to_rgb8())),
        (_, true, _) => Some(DynamicImage::ImageRgba8(src.to_rgba8())),
    };
    let small = converted.as_ref().unwrap_or(src);
    let resized = if w > want_w || h > want_h { Some(resize(small, want_w.min(w), want_h.min(h))) } else { None };
    let img = resized.as_ref().unwrap_or(small);
    let (width, height) = img.dimensions();
    if has_alpha {
        let rgba = img.to_rgba8();
        let (color, samples): (ColorSpace, Vec<u8>) = if gray {
            (ColorSpace::Gray, rgba.pixels().map(|p| p.0[0]).collect())
        } else {
            (ColorSpace::Rgb, rgba.pixels().flat_map(|p| [p.0[0], p.0[1], p.0[2]]).collect())
        };
        let alpha: Vec<u8> = rgba.pixels().map(|p| p.0[3]).collect();
        return Prepared {
            width,
            height,
            color,
            filter: Filter::Flate,
            data: zlib(&samples),
            smask: Some(zlib(&alpha)),
        };
    }
    let (color, jpeg_color) = if gray {
        (ColorSpace::Gray, jpeg_encoder::ColorType::Luma)
    } else {
        (ColorSpace::Rgb, jpeg_encoder::ColorType::Rgb)
    };
    let mut data = Vec::new();
    if let (Ok(w16), Ok(h16)) = (u16::try_from(width), u16::try_from(height)) {
        let encoder = jpeg_encoder::Encoder::new(&mut data, 85);
        if encoder.encode(img.as_bytes(), w16, h16, jpeg_color).is_ok() {
            return Prepared { width, height, color, filter: Filter::Dct, data, smask: None };
        }
    }
    // JPEG holds at most 65535 pixels a side; keep the pixels lossless then.
    Prepared { width, height, color, filter: Filter::Flate, data: zlib(img.as_bytes()), smask: None }
}

/// Catmull-Rom resampling with `fast_image_resize` (SIMD; the `image` crate's
/// own resize took 40% of a whole pack build). Alpha is premultiplied while
/// resampling so transparent edges do not darken.
fn resize(src: &DynamicImage, w: u32, h: u32) -> DynamicImage {
    use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
    let mut dst = match src {
        DynamicImage::ImageLuma8(_) => DynamicImage::ImageLuma8(image::GrayImage::new(w, h)),
        DynamicImage::ImageRgb8(_) => DynamicImage::ImageRgb8(image::RgbImage::new(w, h)),
        _ => DynamicImage::ImageRgba8(image::RgbaImage::new(w, h)),
    };
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom));
    match Resizer::new().resize(src, &mut dst, &options) {
        Ok(()) => dst,
        // Only mismatched pixel types fail, and `prepare` never passes those.
        Err(_) => src.resize_exact(w, h, image::imageops::FilterType::CatmullRom),
    }
}

/// Prepares photos on rayon's threads while the caller goes on (layout
/// submits each photo and printed size when it places it, then keeps
/// setting text).
pub struct Background {
    cache: Arc<Cache>,
    sender: Sender<(usize, JobResult)>,
    receiver: Receiver<(usize, JobResult)>,
    submitted: usize,
}

/// What a background job gives back: the photo or why it failed, and a
/// warning from the cache.
type JobResult = Result<(Prepared, Option<String>), String>;

impl Default for Background {
    fn default() -> Self {
        Background::new(Cache::from_env())
    }
}

impl Background {
    pub fn new(cache: Cache) -> Self {
        let (sender, receiver) = std::sync::mpsc::channel();
        Background { cache: Arc::new(cache), sender, receiver, submitted: 0 }
    }

    /// Start preparing `path` for printing at `width_pt` × `height_pt`; its
    /// result has the index returned.
    pub fn submit(&mut self, path: &Path, width_pt: f32, height_pt: f32) -> usize {
        let index = self.submitted;
        self.submitted += 1;
        let (tx, path, cache) = (self.sender.clone(), path.to_path_buf(), Arc::clone(&self.cache));
        rayon::spawn(move || {
            // The receiver lives until `finish` has collected every index.
            let _ = tx.send((index, prepare_file(&path, width_pt, height_pt, &cache)));
        });
        index
    }

    /// Wait for every submitted photo; results in submission order, so the
    /// PDF stays byte-identical whatever the threads do.
    pub fn finish(self) -> Vec<JobResult> {
        let Background { sender, receiver, submitted, .. } = self;
        drop(sender); // the loop below ends once every task has sent
        let mut out: Vec<Option<JobResult>> = (0..submitted).map(|_| None).collect();
        for (i, result) in receiver {
            out[i] = Some(result);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err("the thread preparing it stopped".to_string()))).collect()
    }
}

fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images").join(name)
    }

    #[test]
    fn png_with_alpha_keeps_a_soft_mask() {
        let d = decode(&fixture("rgba.png")).unwrap();
        let p = prepare(&d, 72.0, 72.0);
        assert_eq!((p.color, p.filter), (ColorSpace::Rgb, Filter::Flate));
        assert!(p.smask.is_some());
        assert_eq!((p.width, p.height), (200, 200)); // 300 px reduced to 200 dpi at 1 inch
    }

    #[test]
    fn greyscale_stays_grey() {
        let p = prepare(&decode(&fixture("grey.png")).unwrap(), 216.0, 144.0);
        assert_eq!((p.color, p.filter, p.smask.is_none()), (ColorSpace::Gray, Filter::Dct, true));
        assert_eq!((p.width, p.height), (600, 400)); // never enlarged
    }

    #[test]
    fn cmyk_jpeg_becomes_rgb() {
        let d = decode(&fixture("cmyk.jpg")).unwrap();
        assert_eq!(d.size(), (600, 400));
        let p = prepare(&d, 300.0, 200.0);
        assert_eq!((p.color, p.filter), (ColorSpace::Rgb, Filter::Dct));
        // The hall scene is light: CMYK read as RGB would come out dark.
        let mean: f32 = d.image.to_rgb8().pixels().map(|p| p.0[0] as f32).sum::<f32>() / (600.0 * 400.0);
        assert!(mean > 120.0, "mean red {mean}");
    }

    #[test]
    fn exif_orientation_is_applied() {
        assert_eq!(decode(&fixture("exif-rotated.jpg")).unwrap().size(), (400, 600));
    }

    #[test]
    fn large_photos_are_downsampled_to_200_dpi() {
        let d = decode(&fixture("large.jpg")).unwrap();
        assert_eq!(d.size(), (4000, 3000));
        // Printed 12 cm wide: 12 / 2.54 * 200 = 945 px.
        let w = 12.0 / 2.54 * 72.0;
        let p = prepare(&d, w, w * 0.75);
        assert_eq!(p.width, 945);
        assert!(p.data.len() < 400_000, "{} bytes", p.data.len());
    }

    #[test]
    fn big_jpegs_are_reduced_while_decoding() {
        // 4000x3000 printed 12 cm wide needs 945x709: decoded at 1/4.
        let w = 12.0 / 2.54 * 72.0;
        let d = decode_for(&fixture("large.jpg"), pixels_for(w, w * 0.75)).unwrap();
        assert_eq!(d.size(), (1000, 750));
        assert_eq!(prepare(&d, w, w * 0.75).width, 945);
        // The same picture decoded whole and reduced looks the same.
        let whole =
            decode(&fixture("large.jpg")).unwrap().image.resize_exact(1000, 750, image::imageops::FilterType::Triangle);
        let diff: f64 = whole
            .to_rgb8()
            .pixels()
            .zip(d.image.to_rgb8().pixels())
            .map(|(a, b)| (a.0[0] as f64 - b.0[0] as f64).abs())
            .sum::<f64>()
            / (1000.0 * 750.0);
        assert!(diff < 4.0, "mean difference {diff}");
        // EXIF-rotated: still upright when reduced (stored 600x400, shown 400x600).
        assert_eq!(decode_for(&fixture("exif-rotated.jpg"), (120, 180)).unwrap().size(), (200, 300));
        // CMYK is never reduced this way (jpeg-decoder does not convert it).
        assert_eq!(decode_for(&fixture("cmyk.jpg"), (10, 10)).unwrap().size(), (600, 400));
    }

    #[test]
    fn missing_and_corrupt_files_say_so() {
        let e = decode(&fixture("nothing.jpg")).err().unwrap();
        assert!(e.contains("cannot read image") && e.contains("nothing.jpg"), "{e}");
        let e = decode(&fixture("corrupt.jpg")).err().unwrap();
        assert!(e.contains("corrupt.jpg") && e.contains("cut off"), "{e}");
        assert!(!e.contains('\n'));
        // Header fine, data cut off: the decoder would fill it with grey.
        let dir = tempfile::tempdir().unwrap();
        let cut = dir.path().join("cut.jpg");
        let good = std::fs::read(fixture("large.jpg")).unwrap();
        std::fs::write(&cut, &good[..good.len() / 2]).unwrap();
        let e = decode(&cut).err().unwrap();
        assert!(e.contains("cut off"), "{e}");
    }

    #[test]
    fn good_photos_pass_the_full_check() {
        let briefs = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs/cities/astana/photos");
        let mut files: Vec<_> = std::fs::read_dir(&briefs).unwrap().flatten().map(|e| e.path()).collect();
        files.extend(["cmyk.jpg", "exif-rotated.jpg", "large.jpg", "grey.png", "rgba.png"].map(fixture));
        for f in files {
            let size = check_file(&f, "x").unwrap_or_else(|p| panic!("{}: {p:?}", f.display()));
            assert_eq!(size, probe(&f).unwrap(), "{}", f.display());
        }
    }

    #[test]
    fn damage_inside_the_data_is_found_without_decoding() {
        let dir = tempfile::tempdir().unwrap();
        // A PNG chunk byte changed: its CRC no longer matches.
        let mut png = std::fs::read(fixture("grey.png")).unwrap();
        let idat = png.windows(4).position(|w| w == b"IDAT").unwrap();
        png[idat + 20] ^= 1;
        let bad = dir.path().join("bad.png");
        std::fs::write(&bad, &png).unwrap();
        let p = check_file(&bad, "`bad.png`").unwrap_err();
        assert_eq!(
            p.message,
            format!("`bad.png` is damaged: the checksum (CRC) of its IDAT chunk at byte {} is wrong", idat - 4)
        );
        // A JPEG segment length past the end, the end-of-image marker kept.
        let jpg = std::fs::read(fixture("exif-rotated.jpg")).unwrap();
        assert_eq!(jpeg_segments(&jpg), Ok(()));
        let mut cut = jpg[..8].to_vec();
        cut.extend([0xFF, 0xD9]);
        assert!(jpeg_segments(&cut).unwrap_err().contains("cut off"), "{:?}", jpeg_segments(&cut));
        let mut no_frame = vec![0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x11, 0xFF, 0xD9];
        assert!(jpeg_segments(&no_frame).unwrap_err().contains("before any frame header"));
        no_frame[2] = 0x12;
        assert!(jpeg_segments(&no_frame).unwrap_err().contains("no segment marker at byte 2"));
    }

    #[test]
    fn sizes_over_the_limits_are_refused() {
        assert!(check_size("p", (8000, 6000)).is_ok());
        let p = check_size("`p.png`", (100_000, 100_000)).unwrap_err();
        assert_eq!(
            p.message,
            "`p.png` is 100000 x 100000 pixels (10000 megapixels); briefpack takes photos of at most 50 megapixels"
        );
        assert!(check_size("p", (70_000, 10)).is_err());
        assert!(check_size("p", (10_000, 5_001)).is_err());
    }

    #[test]
    fn pipes_and_folders_are_named_for_what_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let p = check_regular(dir.path(), "`photos`").unwrap_err();
        assert_eq!(p.message, "`photos` is a folder, not an image file");
        assert!(probe(dir.path()).unwrap_err().contains("is a folder"));
        assert!(check_regular(Path::new("/dev/zero"), "n").unwrap_err().message.contains("a character device"));
    }

    #[test]
    fn png_data_sizes_follow_the_header() {
        let ihdr = |w: u32, h: u32, bits: u8, color: u8, interlace: u8| {
            let mut v = w.to_be_bytes().to_vec();
            v.extend(h.to_be_bytes());
            v.extend([bits, color, 0, 0, interlace]);
            png_data_size(&v)
        };
        assert_eq!(ihdr(10, 3, 8, 6, 0), Some(3 * (1 + 40)));
        assert_eq!(ihdr(9, 2, 1, 0, 0), Some(2 * (1 + 2)));
        // Adam7 on 8 x 8 grey: passes of 1, 1, 2, 4, 8, 16 and 32 pixels.
        assert_eq!(ihdr(8, 8, 8, 0, 1), Some(2 + 2 + 3 + 6 + 10 + 20 + 36));
        assert_eq!(ihdr(1, 1, 8, 0, 1), Some(2));
        assert_eq!(ihdr(1, 1, 8, 5, 0), None);
    }
}
