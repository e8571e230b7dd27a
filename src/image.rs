//! Photos for the PDF: PNG and JPEG decoded with the `image` crate (alpha,
//! greyscale, CMYK JPEG, EXIF orientation), scaled down to about 200 dpi at
//! the size they are printed, and re-encoded the way PDF carries them: JPEG
//! (DCTDecode) for opaque pictures, Flate with a soft mask for transparent ones.

use std::io::Write;
use std::path::Path;

use image::{DynamicImage, GenericImageView, ImageDecoder, ImageReader};

/// Print resolution photos are reduced to: sharp on paper, small enough to email.
pub const TARGET_DPI: f32 = 200.0;

/// A decoded image, already turned upright.
pub struct Decoded {
    pub image: DynamicImage,
}

impl Decoded {
    /// Width and height in pixels, after EXIF orientation.
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
    if tail.windows(2).any(|w| w == [0xFF, 0xD9]) {
        Ok(())
    } else {
        Err(format!("{} is cut off: the JPEG has no end-of-image marker", path.display()))
    }
}

/// Read and decode an image file; the error says what is wrong with it.
pub fn decode(path: &Path) -> Result<Decoded, String> {
    check_complete(path)?;
    let reader = ImageReader::open(path)
        .map_err(|e| format!("cannot read image {}: {e}", path.display()))?
        .with_guessed_format()
        .map_err(|e| format!("cannot read image {}: {e}", path.display()))?;
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| format!("{} is not a PNG or JPEG image briefpack can read ({})", path.display(), one_line(&e)))?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder)
        .map_err(|e| format!("{} is damaged or incomplete ({})", path.display(), one_line(&e)))?;
    image.apply_orientation(orientation);
    Ok(Decoded { image })
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
    let (w, h) = decoded.size();
    let want_w = ((width_pt / 72.0) * TARGET_DPI).ceil().max(1.0) as u32;
    let want_h = ((height_pt / 72.0) * TARGET_DPI).ceil().max(1.0) as u32;
    let img = if w > want_w || h > want_h {
        decoded.image.resize_exact(want_w.min(w), want_h.min(h), image::imageops::FilterType::CatmullRom)
    } else {
        decoded.image.clone()
    };
    let has_alpha = img.color().has_alpha() && img.to_rgba8().pixels().any(|p| p.0[3] < 255);
    let gray = !img.color().has_color();
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
    let (color, img) = if gray {
        (ColorSpace::Gray, DynamicImage::ImageLuma8(img.to_luma8()))
    } else {
        (ColorSpace::Rgb, DynamicImage::ImageRgb8(img.to_rgb8()))
    };
    let mut data = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut data, 85);
    if img.write_with_encoder(encoder).is_ok() {
        return Prepared { width, height, color, filter: Filter::Dct, data, smask: None };
    }
    // JPEG encoding only fails on formats it cannot take; keep the pixels lossless then.
    Prepared { width, height, color, filter: Filter::Flate, data: zlib(img.as_bytes()), smask: None }
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
}
