//! Photos prepared by earlier runs. Decoding, scaling and encoding the
//! photos is most of a pack's work, and it gives the same bytes every time
//! for the same file at the same printed size, so each result is kept on
//! disk (as Hugo keeps its processed images) and the next build takes it
//! back: an officer rebuilding a pack after a text change waits for the text
//! only.
//!
//! An entry is named by a hash of the photo's bytes, the pixels it is
//! prepared for and `PIPELINE` (which changes whenever briefpack prepares
//! photos differently), so an edited photo or a new version never finds a
//! stale entry. Entries are written to a temporary file and renamed into
//! place, and each carries a hash of its contents: a damaged entry is
//! ignored and written anew, never printed.
//!
//! The folder is `BRIEFPACK_CACHE_DIR`, else `$XDG_CACHE_HOME/briefpack`,
//! else `~/.cache/briefpack`; `BRIEFPACK_CACHE_DIR=off` turns the cache off.
//! Deleting it at any time is safe.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{ColorSpace, Filter, Prepared};

/// Everything besides the file and the pixels that shapes a prepared photo:
/// the briefpack version (its encoders) and the preparation settings.
const PIPELINE: &str = concat!("briefpack ", env!("CARGO_PKG_VERSION"), "; photo pipeline 1; jpeg q85; 200 dpi");

const MAGIC: &[u8; 8] = b"BPPHOTO1";
/// Magic, width, height, colour, filter, data length, mask length, hash.
const HEADER: usize = 8 + 4 + 4 + 1 + 1 + 8 + 8 + 32;
const NO_MASK: u64 = u64::MAX;

pub struct Cache {
    /// `<cache>/photos`, or none when the cache is off.
    dir: Option<PathBuf>,
    /// Stale temporary entries are swept once per run, before the first store.
    swept: std::sync::Once,
}

/// Temporary entries are named `.entry-XXXXXX` until renamed into place.
const TEMP_PREFIX: &str = ".entry-";

impl Cache {
    /// The cache the environment names (see the module comment).
    pub fn from_env() -> Cache {
        let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
        let root = match var("BRIEFPACK_CACHE_DIR") {
            Some(d) if d.as_os_str() == "off" => None,
            Some(d) => Some(d),
            None => {
                var("XDG_CACHE_HOME").or_else(|| var("HOME").map(|h| h.join(".cache"))).map(|c| c.join("briefpack"))
            }
        };
        Cache { dir: root.map(|r| r.join("photos")), swept: std::sync::Once::new() }
    }

    /// A cache in `root` (tests), or none.
    pub fn at(root: Option<&Path>) -> Cache {
        Cache { dir: root.map(|r| r.join("photos")), swept: std::sync::Once::new() }
    }

    /// The entry name for `bytes` (a photo file) prepared for `need` pixels.
    pub fn key(bytes: &[u8], need: (u32, u32)) -> String {
        let mut h = Sha256::new();
        h.update(PIPELINE.as_bytes());
        h.update(need.0.to_le_bytes());
        h.update(need.1.to_le_bytes());
        h.update(bytes);
        hex(&h.finalize())
    }

    fn path(&self, key: &str) -> Option<PathBuf> {
        self.dir.as_ref().map(|d| d.join(format!("{key}.bin")))
    }

    /// The entry, if it is there and whole.
    pub fn get(&self, key: &str) -> Option<Prepared> {
        decode_entry(&std::fs::read(self.path(key)?).ok()?)
    }

    /// Store an entry; the error says why it could not be (the build goes on
    /// without it).
    pub fn put(&self, key: &str, prepared: &Prepared) -> Result<(), String> {
        let (Some(dir), Some(path)) = (&self.dir, self.path(key)) else { return Ok(()) };
        let fail = |e: std::io::Error| {
            format!(
                "warning: cannot keep a prepared photo in the cache {} ({e}); packs are built the same, only \
                 slower; set BRIEFPACK_CACHE_DIR to a folder you can write, or to `off`",
                dir.display()
            )
        };
        std::fs::create_dir_all(dir).map_err(fail)?;
        // Entries a killed run left half-written: nothing else removes them.
        self.swept.call_once(|| crate::output::sweep(dir, TEMP_PREFIX, ""));
        let mut tmp = tempfile::Builder::new().prefix(TEMP_PREFIX).tempfile_in(dir).map_err(fail)?;
        tmp.write_all(&encode_entry(prepared)).map_err(fail)?;
        // Another run storing the same entry at the same time writes the same bytes.
        tmp.persist(&path).map_err(|e| fail(e.error))?;
        Ok(())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The hash an entry carries: of its header fields before it, and its pixels.
fn entry_hash(fields: &[u8], data: &[u8], smask: Option<&[u8]>) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(fields);
    h.update(data);
    if let Some(m) = smask {
        h.update(m);
    }
    h.finalize().into()
}

fn encode_entry(p: &Prepared) -> Vec<u8> {
    let mask_len = p.smask.as_ref().map_or(NO_MASK, |m| m.len() as u64);
    let mut out = Vec::with_capacity(HEADER + p.data.len() + p.smask.as_ref().map_or(0, Vec::len));
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&p.width.to_le_bytes());
    out.extend_from_slice(&p.height.to_le_bytes());
    out.push(match p.color {
        ColorSpace::Gray => 0,
        ColorSpace::Rgb => 1,
    });
    out.push(match p.filter {
        Filter::Dct => 0,
        Filter::Flate => 1,
    });
    out.extend_from_slice(&(p.data.len() as u64).to_le_bytes());
    out.extend_from_slice(&mask_len.to_le_bytes());
    let hash = entry_hash(&out, &p.data, p.smask.as_deref());
    out.extend_from_slice(&hash);
    out.extend_from_slice(&p.data);
    if let Some(m) = &p.smask {
        out.extend_from_slice(m);
    }
    out
}

/// The entry's photo, or `None` if anything about it is wrong.
fn decode_entry(bytes: &[u8]) -> Option<Prepared> {
    let header = bytes.get(..HEADER)?;
    if &header[..8] != MAGIC {
        return None;
    }
    let u32_at = |i: usize| u32::from_le_bytes(header[i..i + 4].try_into().unwrap_or_default());
    let u64_at = |i: usize| u64::from_le_bytes(header[i..i + 8].try_into().unwrap_or_default());
    let (width, height) = (u32_at(8), u32_at(12));
    let color = match header[16] {
        0 => ColorSpace::Gray,
        1 => ColorSpace::Rgb,
        _ => return None,
    };
    let filter = match header[17] {
        0 => Filter::Dct,
        1 => Filter::Flate,
        _ => return None,
    };
    let data_len = usize::try_from(u64_at(18)).ok()?;
    let mask_len = u64_at(26);
    let body = &bytes[HEADER..];
    let data = body.get(..data_len)?.to_vec();
    let smask = match mask_len {
        NO_MASK => None,
        n => Some(body.get(data_len..data_len.checked_add(usize::try_from(n).ok()?)?)?.to_vec()),
    };
    let used = data_len + smask.as_ref().map_or(0, Vec::len);
    if body.len() != used || header[34..66] != entry_hash(&header[..34], &data, smask.as_deref()) {
        return None;
    }
    Some(Prepared { width, height, color, filter, data, smask })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(smask: bool) -> Prepared {
        Prepared {
            width: 3,
            height: 2,
            color: ColorSpace::Rgb,
            filter: if smask { Filter::Flate } else { Filter::Dct },
            data: (0..200u8).collect(),
            smask: smask.then(|| vec![7; 6]),
        }
    }

    fn same(a: &Prepared, b: &Prepared) -> bool {
        (a.width, a.height, a.color, a.filter, &a.data, &a.smask)
            == (b.width, b.height, b.color, b.filter, &b.data, &b.smask)
    }

    #[test]
    fn entries_come_back_as_stored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(Some(dir.path()));
        for mask in [false, true] {
            let key = Cache::key(b"photo", (10, mask as u32));
            assert!(cache.get(&key).is_none());
            cache.put(&key, &sample(mask)).unwrap();
            assert!(same(&cache.get(&key).unwrap(), &sample(mask)));
        }
    }

    #[test]
    fn keys_differ_by_bytes_and_pixels() {
        let k = Cache::key(b"photo", (10, 20));
        assert_ne!(k, Cache::key(b"photO", (10, 20)));
        assert_ne!(k, Cache::key(b"photo", (10, 21)));
        assert_ne!(k, Cache::key(b"photo", (20, 10)));
        assert_eq!(k, Cache::key(b"photo", (10, 20)));
    }

    #[test]
    fn a_damaged_entry_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(Some(dir.path()));
        let key = Cache::key(b"photo", (1, 1));
        cache.put(&key, &sample(true)).unwrap();
        let path = cache.path(&key).unwrap();
        let good = std::fs::read(&path).unwrap();
        // One byte changed anywhere, the file cut short, or grown: never used.
        for i in [0, 9, 17, 20, 40, HEADER, HEADER + 100, good.len() - 1] {
            let mut bad = good.clone();
            bad[i] ^= 0x20;
            std::fs::write(&path, &bad).unwrap();
            assert!(cache.get(&key).is_none(), "byte {i} changed");
        }
        for bad in [&good[..good.len() - 1], &good[..HEADER - 1], &[good.as_slice(), b"x"].concat()[..]] {
            std::fs::write(&path, bad).unwrap();
            assert!(cache.get(&key).is_none(), "{} bytes", bad.len());
        }
        // Stored again, it is good again.
        cache.put(&key, &sample(true)).unwrap();
        assert!(cache.get(&key).is_some());
    }

    #[test]
    fn an_unwritable_cache_is_a_warning_not_an_error_of_the_build() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-folder");
        std::fs::write(&file, "x").unwrap();
        let cache = Cache::at(Some(&file));
        let e = cache.put("k", &sample(false)).unwrap_err();
        assert!(e.starts_with("warning: cannot keep a prepared photo") && e.contains("BRIEFPACK_CACHE_DIR"), "{e}");
        assert!(cache.get("k").is_none());
    }

    #[test]
    fn stale_temporary_entries_are_swept_when_storing() {
        let dir = tempfile::tempdir().unwrap();
        let photos = dir.path().join("photos");
        std::fs::create_dir_all(&photos).unwrap();
        for name in [".entry-old", ".entry-new"] {
            std::fs::write(photos.join(name), "half an entry").unwrap();
        }
        let old = std::fs::File::options().write(true).open(photos.join(".entry-old")).unwrap();
        old.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(120)).unwrap();
        let cache = Cache::at(Some(dir.path()));
        let key = Cache::key(b"photo", (1, 1));
        cache.put(&key, &sample(false)).unwrap();
        let mut left: Vec<String> =
            std::fs::read_dir(&photos).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        left.sort();
        // The one a run may still be writing stays.
        assert_eq!(left, [".entry-new".to_string(), format!("{key}.bin")]);
    }

    #[test]
    fn no_cache_stores_nothing() {
        let cache = Cache::at(None);
        cache.put("k", &sample(false)).unwrap();
        assert!(cache.get("k").is_none());
    }
}
