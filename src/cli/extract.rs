//! `briefpack extract`: the data files a PDF/A-3u pack carries, written
//! back out under their paths (`trips/…`, `cities/…`): a briefs folder again.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::output::{Inputs, Output};
use crate::term;
use crate::typeset::pdf::attach;

#[derive(clap::Args)]
pub struct Args {
    /// A PDF built with --pdf-standard a-3u.
    pdf: PathBuf,
    /// The folder to write the files into, each under its path in the briefs folder (made if missing).
    dir: PathBuf,
    /// Replace files that are there already.
    #[arg(long)]
    force: bool,
}

pub fn run(Args { pdf, dir, force }: Args) -> Result<()> {
    let bytes = fs::read(&pdf).map_err(|e| Error::io(&pdf, "read", e))?;
    let files = attach::read(&pdf, &bytes)?;
    if files.is_empty() {
        return Err(Error::with_help(
            format!("{} carries no attached files", pdf.display()),
            "only a PDF built with --pdf-standard a-3u carries the data it was made from: build it again with \
             `briefpack build TRIP --pdf-standard a-3u` (or `briefpack monthly ... --pdf-standard a-3u`)",
        ));
    }
    // Every name and every place is checked before anything is written.
    let nothing = "nothing was written";
    let mut targets: Vec<PathBuf> = Vec::with_capacity(files.len());
    for f in &files {
        let rel = relative_path(&f.name).map_err(|why| {
            Error::with_help(
                format!("{}: the attached file `{}` {why}", pdf.display(), f.name),
                format!(
                    "extract writes only inside the folder it is given, and this PDF names a place outside it (it \
                     was not made by briefpack, or was altered); {nothing}"
                ),
            )
        })?;
        let target = dir.join(rel);
        if targets.contains(&target) {
            return Err(Error::with_help(
                format!("{}: two attached files are both named `{}`", pdf.display(), f.name),
                format!("the PDF was not made by briefpack, or was altered; {nothing}"),
            ));
        }
        targets.push(target);
    }
    refuse_existing(&targets, &pdf, force)?;
    let mut staged = Vec::with_capacity(files.len());
    for (f, target) in files.iter().zip(&targets) {
        let out = match force {
            true => Output::file(target, "the extracted file"),
            false => Output::new_file(target, "the extracted file"),
        };
        staged.push(
            out.rename_by("pass --force to replace it, or extract into another folder")
                .stage(&Inputs::new(), &f.data)?,
        );
    }
    for s in staged {
        s.commit()?;
    }
    for (f, target) in files.iter().zip(&targets) {
        term::info(format!("wrote {} ({} bytes)", target.display(), f.data.len()));
    }
    Ok(())
}

/// The place of an attached file under the folder: its name, which must be
/// relative and stay inside (no `..`, no root, no drive, no backslash, which
/// is a folder separator on Windows). Empty parts and `.` are left out.
fn relative_path(name: &str) -> std::result::Result<PathBuf, &'static str> {
    if name.contains('\0') {
        return Err("has a NUL byte in its name");
    }
    if name.contains('\\') {
        return Err("has a backslash in its name (a Windows path)");
    }
    let drive = name.len() >= 2 && name.as_bytes()[0].is_ascii_alphabetic() && name.as_bytes()[1] == b':';
    if name.starts_with('/') || drive {
        return Err("has an absolute path");
    }
    let mut path = PathBuf::new();
    for part in name.split('/') {
        match Path::new(part).components().next() {
            None | Some(Component::CurDir) => continue,
            Some(Component::ParentDir) => return Err("leads out of the folder (`..`)"),
            Some(Component::Normal(_)) => path.push(part),
            Some(Component::RootDir | Component::Prefix(_)) => return Err("has an absolute path"),
        }
    }
    if path.as_os_str().is_empty() {
        return Err("has no name");
    }
    Ok(path)
}

/// Without `force`, refuse when any target exists, naming them all; with
/// it, still refuse to write over the PDF being read.
fn refuse_existing(targets: &[PathBuf], pdf: &Path, force: bool) -> Result<()> {
    let pdf_meta = fs::metadata(pdf).map_err(|e| Error::io(pdf, "read", e))?;
    let mut there = Vec::new();
    for t in targets {
        let Ok(meta) = fs::metadata(t) else {
            // Nothing there, or a symlink to nothing yet (written through).
            if fs::symlink_metadata(t).is_ok() && !force {
                there.push(t.display().to_string());
            }
            continue;
        };
        if meta.dev() == pdf_meta.dev() && meta.ino() == pdf_meta.ino() {
            return Err(Error::with_help(
                format!("cannot extract to {}: it is {}, the PDF being read", t.display(), pdf.display()),
                "extract into another folder; nothing was written",
            ));
        }
        if !force {
            there.push(t.display().to_string());
        }
    }
    if there.is_empty() {
        return Ok(());
    }
    let (count, are) = match there.len() {
        1 => ("1 file".to_string(), "is"),
        n => (format!("{n} files"), "are"),
    };
    Err(Error::with_help(
        format!("{count} to extract {are} there already: {}", there.join(", ")),
        "pass --force to replace them, or extract into another (empty) folder; nothing was written",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_inside_the_folder() {
        assert_eq!(relative_path("trips/a.toml").unwrap(), Path::new("trips/a.toml"));
        assert_eq!(relative_path("./cities//ไทย.toml").unwrap(), Path::new("cities/ไทย.toml"));
        assert_eq!(relative_path("a..b.toml").unwrap(), Path::new("a..b.toml"));
        for (name, why) in [
            ("../a.toml", "leads out of the folder (`..`)"),
            ("trips/../../a.toml", "leads out of the folder (`..`)"),
            ("/etc/passwd", "has an absolute path"),
            ("C:/x.toml", "has an absolute path"),
            ("..\\a.toml", "has a backslash in its name (a Windows path)"),
            ("a\0b", "has a NUL byte in its name"),
            ("", "has no name"),
            ("./", "has no name"),
        ] {
            assert_eq!(relative_path(name), Err(why), "{name:?}");
        }
    }
}
