//! Where a command's files go. Every file briefpack writes for the user (a
//! PDF, the markup beside it, a new city or trip file, the message of
//! `send --dry-run`) goes through [`Output`], and the outbox's own files
//! through [`Output::file`] too (by way of [`write_atomic`]):
//!
//! - an output that is the same file as one the command read (device and
//!   inode, after symlinks: a hard link or a symlink to the trip is the trip)
//!   is refused before anything is written, naming both;
//! - a PDF never replaces a file that is not a PDF (`-o briefs/mail.toml`);
//! - a device or FIFO (`/dev/null`, a named pipe) is written into, never
//!   replaced by a regular file; `-o -` is standard output;
//! - a symlink keeps pointing where it points: the file it points to is
//!   replaced, in that file's folder;
//! - a regular file is written to `.briefpack-*.part` beside its target,
//!   synced, renamed over it and the folder synced: a failed or killed run
//!   never leaves half a file at the name, nor loses the file that was there.
//!   An existing file keeps its mode; a new one gets `0666` less the umask
//!   (the kernel applies it when the temporary file is created). Missing
//!   folders are created;
//! - `.briefpack-*.part` files older than a minute in that folder (left by a
//!   killed run: nothing else can remove them) are removed first;
//! - several files of one run (the PDF and its markup) are [`Output::stage`]d
//!   first, then committed the PDF first: when anything fails before, none
//!   of them is left.
//!
//! O_TMPFILE + linkat would leave no temporary name at all, but only on
//! Linux and some file systems; sweeping is portable, and simple.

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, ErrorKind, Read, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::error::{Error, Result};
use crate::t;

/// Name parts of the temporary files: `.briefpack-XXXXXX.part`.
pub const TEMP_PREFIX: &str = ".briefpack-";
pub const TEMP_SUFFIX: &str = ".part";
/// A temporary file this old belongs to no running write: the bytes are in
/// memory before the file is created, so a write takes milliseconds.
pub const STALE_AFTER: Duration = Duration::from_secs(60);

/// What a file read by a command is, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Trip,
    City,
    Interactions,
    Photo,
    Template,
    Theme,
    Font,
    MailConfig,
    Markup,
    Pdf,
}

impl Role {
    /// "the trip file", in the language of messages.
    fn noun(self) -> String {
        crate::i18n::text(
            match self {
                Role::Trip => "role-trip",
                Role::City => "role-city",
                Role::Interactions => "role-interactions",
                Role::Photo => "role-photo",
                Role::Template => "role-template",
                Role::Theme => "role-theme",
                Role::Font => "role-font",
                Role::MailConfig => "role-mail-config",
                Role::Markup => "role-markup",
                Role::Pdf => "role-pdf",
            },
            &[],
        )
    }
}

/// The files a command reads: no output may be one of them.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    files: Vec<(PathBuf, Role)>,
}

impl Inputs {
    pub fn new() -> Inputs {
        Inputs::default()
    }

    pub fn add(&mut self, path: impl Into<PathBuf>, role: Role) -> &mut Inputs {
        self.files.push((path.into(), role));
        self
    }

    pub fn extend(&mut self, other: &Inputs) -> &mut Inputs {
        self.files.extend(other.files.iter().cloned());
        self
    }

    /// The files, in the order added.
    pub fn files(&self) -> impl Iterator<Item = (&Path, Role)> {
        self.files.iter().map(|(p, r)| (p.as_path(), *r))
    }

    /// The `*.hbs` files of a `--templates` folder (all are read).
    pub fn templates(&mut self, dir: Option<&Path>) -> &mut Inputs {
        if let Some(entries) = dir.and_then(|d| fs::read_dir(d).ok()) {
            let mut paths: Vec<PathBuf> =
                entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "hbs")).collect();
            paths.sort();
            for p in paths {
                self.add(p, Role::Template);
            }
        }
        self
    }

    /// A `--theme` file.
    pub fn theme(&mut self, file: Option<&Path>) -> &mut Inputs {
        if let Some(f) = file {
            self.add(f, Role::Theme);
        }
        self
    }

    /// The input that is the file `meta` describes.
    fn same_as(&self, meta: &fs::Metadata) -> Option<&(PathBuf, Role)> {
        self.files.iter().find(|(p, _)| fs::metadata(p).is_ok_and(|m| m.dev() == meta.dev() && m.ino() == meta.ino()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A PDF: `-` is standard output; replaces only a PDF (or an empty file).
    Pdf,
    /// Any other file, replaced if it is there.
    File,
    /// A file that must not exist yet.
    NewFile,
}

/// A file a command writes.
#[derive(Debug, Clone)]
pub struct Output {
    path: PathBuf,
    kind: Kind,
    /// "the PDF", "the markup", ...
    what: &'static str,
    /// How the user picks another name ("choose another name with -o").
    rename: String,
}

/// What is at an output path now.
enum Place {
    Stdout,
    /// A device, FIFO or socket: written into, as given.
    Special(fs::Metadata),
    Folder,
    /// A regular file at `target` (symlinks resolved).
    Regular {
        target: PathBuf,
        meta: fs::Metadata,
    },
    /// Nothing at `target` (where the path, or its symlink, points).
    Missing {
        target: PathBuf,
    },
}

impl Output {
    /// A PDF; `-` means standard output.
    pub fn pdf(path: impl Into<PathBuf>) -> Output {
        Output { path: path.into(), kind: Kind::Pdf, what: "the PDF", rename: t!("output-rename-with-o") }
    }

    /// Any other file (`what` names it in messages).
    pub fn file(path: impl Into<PathBuf>, what: &'static str) -> Output {
        Output { path: path.into(), kind: Kind::File, what, rename: t!("output-rename") }
    }

    /// A file that must not exist yet.
    pub fn new_file(path: impl Into<PathBuf>, what: &'static str) -> Output {
        Output { path: path.into(), kind: Kind::NewFile, what, rename: t!("output-rename") }
    }

    /// How to pick another name, for help texts.
    pub fn rename_by(mut self, how: impl Into<String>) -> Output {
        self.rename = how.into();
        self
    }

    /// A file named like this one with extension `ext`, written beside it
    /// (`--emit-markup`'s `.xml`). Refused for standard output, a device or
    /// a FIFO: they have no name to give it (`/dev/null.xml` is no place for it).
    pub fn beside(&self, ext: &str, what: &'static str, flag: &str) -> Result<Output> {
        let special = fs::metadata(&self.path).is_ok_and(|m| !m.is_file() && !m.is_dir());
        if self.is_stdout() || special {
            let not_a_file = if special { "is not a file" } else { "(standard output) is not a file" };
            return Err(Error::with_help(
                format!(
                    "{flag} writes {what} beside the PDF, named after it, and {} {not_a_file}",
                    self.path.display()
                ),
                format!("give the PDF a file name with -o, or leave out {flag}"),
            ));
        }
        Ok(Output::file(self.path.with_extension(ext), what)
            .rename_by(t!("output-rename-beside", what = crate::i18n::phrase("output-what", what))))
    }

    pub fn is_stdout(&self) -> bool {
        self.kind == Kind::Pdf && self.path == Path::new("-")
    }

    /// The path as given (`-` for standard output).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The output for messages: its path, or "standard output".
    pub fn shown(&self) -> String {
        if self.is_stdout() { t!("output-standard-output") } else { self.path.display().to_string() }
    }

    /// What "wrote ..." names: the path, or "the PDF to standard output".
    pub fn written(&self) -> String {
        match self.is_stdout() {
            true => t!("output-to-standard-output", what = crate::i18n::phrase("output-what", self.what)),
            false => self.shown(),
        }
    }

    fn place(&self) -> Result<Place> {
        if self.is_stdout() {
            return Ok(Place::Stdout);
        }
        resolve(&self.path).map_err(|e| self.io_error(e))
    }

    /// Refuse an output that would destroy an input, that a PDF may not
    /// replace, or that is a folder.
    pub fn check(&self, inputs: &Inputs) -> Result<()> {
        self.check_place(&self.place()?, inputs, true)
    }

    /// [`Output::check`] before the work, when only some inputs are known
    /// (not yet the photos the data names): not yet "is not a PDF", which
    /// would hide the better message that the file is an input.
    pub fn check_early(&self, inputs: &Inputs) -> Result<()> {
        self.check_place(&self.place()?, inputs, false)
    }

    fn check_place(&self, place: &Place, inputs: &Inputs, complete: bool) -> Result<()> {
        let shown = self.shown();
        let what = crate::i18n::phrase("output-what", self.what);
        let rename = &self.rename;
        match place {
            Place::Stdout => {
                if std::io::IsTerminal::is_terminal(&io::stdout()) {
                    return Err(Error::with_help(
                        "-o - writes the PDF to standard output, which is a terminal",
                        "send it to a file or a program: `... -o - > pack.pdf`, `... -o - | lp`, or give -o FILE.pdf",
                    ));
                }
                Ok(())
            }
            Place::Folder => Err(self.folder_error()),
            Place::Special(meta) | Place::Regular { meta, .. } => {
                if let Some((input, role)) = inputs.same_as(meta) {
                    return Err(Error::with_help(
                        t!("output-same-as-input", what, shown, role = role.noun(), input = input.display()),
                        t!("output-same-as-input-help", rename),
                    ));
                }
                if self.kind == Kind::NewFile {
                    return Err(Error::with_help(t!("output-exists", shown), t!("output-exists-help", rename)));
                }
                if let Place::Regular { target, .. } = place
                    && self.kind == Kind::Pdf
                    && complete
                    && !is_pdf_or_empty(target).map_err(|e| self.io_error(e))?
                {
                    return Err(Error::with_help(
                        t!("output-not-a-pdf", what, shown),
                        t!("output-not-a-pdf-help", rename, shown),
                    ));
                }
                Ok(())
            }
            Place::Missing { .. } => Ok(()),
        }
    }

    /// Check, then write `bytes` where they are to go, except for the last
    /// step: for a regular file, a synced temporary file waits to be renamed
    /// into place by [`Staged::commit`]; a device, a FIFO and standard output
    /// are written then. Dropping the result removes the temporary file.
    pub fn stage<'b>(&self, inputs: &Inputs, bytes: &'b [u8]) -> Result<Staged<'b>> {
        let place = self.place()?;
        self.check_place(&place, inputs, true)?;
        let how = match place {
            Place::Stdout => How::Stdout(bytes),
            Place::Special(_) => How::Into(bytes),
            Place::Folder => return Err(self.folder_error()),
            Place::Regular { target, meta } => {
                let mode = Permissions::from_mode(meta.mode() & 0o7777);
                self.temp(target, Some(mode), bytes)?
            }
            Place::Missing { target } => self.temp(target, None, bytes)?,
        };
        Ok(Staged { out: self.clone(), how })
    }

    /// Check and write in one step.
    pub fn write(&self, inputs: &Inputs, bytes: &[u8]) -> Result<()> {
        self.stage(inputs, bytes)?.commit()
    }

    /// A synced temporary file with `bytes` beside `target`, with the mode of
    /// the file it replaces (`keep`), or the umask's for a new one.
    fn temp<'b>(&self, target: PathBuf, keep: Option<Permissions>, bytes: &[u8]) -> Result<How<'b>> {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if keep.is_none() {
            self.create_folder(&dir)?;
        }
        sweep(&dir, TEMP_PREFIX, TEMP_SUFFIX);
        let fail = |e: io::Error| self.io_error(e);
        // A new file: 0666 less the umask, applied by the kernel at creation.
        // A replaced one: private until it has the old file's mode, before any byte.
        let initial = if keep.is_some() { 0o600 } else { 0o666 };
        let mut tmp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .suffix(TEMP_SUFFIX)
            .permissions(Permissions::from_mode(initial))
            .tempfile_in(&dir)
            .map_err(|e| fail(unwrap_path_error(e)))?;
        if let Some(mode) = keep {
            tmp.as_file().set_permissions(mode).map_err(fail)?;
        }
        // Through the File: NamedTempFile's own writes name the temporary file in errors.
        tmp.as_file_mut().write_all(bytes).map_err(fail)?;
        tmp.as_file().sync_all().map_err(fail)?;
        Ok(How::Replace { tmp, target, dir })
    }

    /// The folder to write in, made if missing (`-o out/pack.pdf`).
    fn create_folder(&self, dir: &Path) -> Result<()> {
        if dir.is_dir() {
            return Ok(());
        }
        fs::create_dir_all(dir).map_err(|e| {
            with_help(
                format!("cannot write {}: cannot create the folder {}: {e}", self.shown(), dir.display()),
                advice(e.kind()),
            )
        })
    }

    fn folder_error(&self) -> Error {
        Error::with_help(
            format!("cannot write {} to {}: it is a folder", self.what, self.shown()),
            format!(
                "name a file in it, e.g. {}; nothing was written",
                self.path.join(if self.kind == Kind::Pdf { "NAME.pdf" } else { "NAME" }).display()
            ),
        )
    }

    fn io_error(&self, e: io::Error) -> Error {
        with_help(format!("cannot write {}: {e}", self.shown()), advice(e.kind()))
    }
}

fn with_help(message: String, help: Option<&str>) -> Error {
    match help {
        Some(h) => Error::with_help(message, h),
        None => Error::other(message),
    }
}

/// What to do about a failed write.
fn advice(kind: ErrorKind) -> Option<&'static str> {
    Some(match kind {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            "the disk is full: free some space, or write somewhere else; no file was left behind"
        }
        ErrorKind::FileTooLarge => {
            "the file is larger than may be written here (`ulimit -f`, or the file system's limit): write \
             somewhere else; no file was left behind"
        }
        ErrorKind::PermissionDenied => "you may not write there: choose another folder, or ask for write permission",
        ErrorKind::ReadOnlyFilesystem => "that file system is read-only: choose another folder",
        ErrorKind::NotADirectory => "a part of the path is a file, not a folder: fix the path",
        _ => return None,
    })
}

/// tempfile adds " at path \"...part\"" to the errors of creating the
/// temporary file (and keeps no other way to the plain error): messages name
/// the output, never the temporary file, so that part goes.
fn unwrap_path_error(e: io::Error) -> io::Error {
    let text = e.to_string();
    match text.rfind(" at path ") {
        Some(i) => io::Error::new(e.kind(), text[..i].to_string()),
        None => e,
    }
}

/// Is the file a PDF (or empty, as `touch` or `mktemp` leave it)?
fn is_pdf_or_empty(path: &Path) -> io::Result<bool> {
    let mut head = Vec::with_capacity(5);
    File::open(path)?.take(5).read_to_end(&mut head)?;
    Ok(head.is_empty() || head == b"%PDF-")
}

/// What is at `path`, following symlinks (also one that points at nothing yet).
fn resolve(path: &Path) -> io::Result<Place> {
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => Ok(Place::Folder),
        // canonicalize: the real folder, where the temporary file must be for the rename.
        Ok(m) if m.is_file() => Ok(Place::Regular { target: fs::canonicalize(path)?, meta: m }),
        Ok(m) => Ok(Place::Special(m)),
        Err(e) if e.kind() == ErrorKind::NotFound => {
            let mut p = path.to_path_buf();
            // As many links as Linux follows (ELOOP after 40).
            for _ in 0..40 {
                match fs::symlink_metadata(&p) {
                    Ok(m) if m.file_type().is_symlink() => {
                        let to = fs::read_link(&p)?;
                        p = match p.parent() {
                            Some(dir) if to.is_relative() => dir.join(to),
                            _ => to,
                        };
                    }
                    Ok(_) => return Err(e),
                    Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Place::Missing { target: p }),
                    Err(e) => return Err(e),
                }
            }
            Err(io::Error::other("too many levels of symbolic links"))
        }
        Err(e) => Err(e),
    }
}

/// Removes files named `prefix*suffix` in `dir` older than [`STALE_AFTER`]:
/// temporary files of runs that were killed. Best effort: a file that
/// cannot be removed (another user's) is no reason to fail a write.
pub(crate) fn sweep(dir: &Path, prefix: &str, suffix: &str) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let now = SystemTime::now();
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        if !name.starts_with(prefix) || !name.ends_with(suffix) || name.len() < prefix.len() + suffix.len() {
            continue;
        }
        // DirEntry::metadata does not follow a symlink: only our own files go.
        let Ok(meta) = e.metadata() else { continue };
        let stale = meta.modified().ok().and_then(|m| now.duration_since(m).ok()).is_some_and(|age| age > STALE_AFTER);
        if meta.is_file() && stale {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// An output written up to its last step (see [`Output::stage`]).
pub struct Staged<'b> {
    out: Output,
    how: How<'b>,
}

enum How<'b> {
    Stdout(&'b [u8]),
    /// Into the device or FIFO at the output's path.
    Into(&'b [u8]),
    Replace {
        tmp: tempfile::NamedTempFile,
        target: PathBuf,
        dir: PathBuf,
    },
}

impl Staged<'_> {
    /// The last step: rename into place and sync the folder, or write into
    /// the device, FIFO or standard output.
    pub fn commit(self) -> Result<()> {
        let out = &self.out;
        let fail = |e: io::Error| out.io_error(e);
        match self.how {
            How::Stdout(bytes) => {
                let mut stdout = io::stdout().lock();
                stdout.write_all(bytes).and_then(|_| stdout.flush()).map_err(fail)
            }
            How::Into(bytes) => {
                // No O_CREAT, no O_TRUNC: the device stays what it is.
                let mut f = OpenOptions::new().write(true).open(&out.path).map_err(fail)?;
                f.write_all(bytes).and_then(|_| f.flush()).map_err(fail)
            }
            How::Replace { tmp, target, dir } => {
                if out.kind == Kind::NewFile {
                    tmp.persist_noclobber(&target).map_err(|e| match e.error.kind() {
                        ErrorKind::AlreadyExists => Error::with_help(
                            t!("output-exists", shown = out.shown()),
                            t!("output-exists-help", rename = &out.rename),
                        ),
                        _ => fail(e.error),
                    })?;
                } else {
                    tmp.persist(&target).map_err(|e| fail(e.error))?;
                }
                sync_dir(&dir).map_err(fail)
            }
        }
    }
}

/// Makes the rename durable. A file system that cannot sync a folder
/// (EINVAL, e.g. some network file systems) has nothing to sync.
fn sync_dir(dir: &Path) -> io::Result<()> {
    match File::open(dir).and_then(|d| d.sync_all()) {
        Err(e) if e.kind() == ErrorKind::InvalidInput || e.kind() == ErrorKind::Unsupported => Ok(()),
        other => other,
    }
}

/// Write `bytes` to `path` through a temporary file in the same directory,
/// synced and renamed into place only when complete, then the directory
/// synced ([`Output::file`]: a symlink, a device, the file's mode are kept).
/// For files no user names, such as the outbox's: outputs the user names go
/// through [`Output`] with the command's [`Inputs`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    Output::file(path, "the file").write(&Inputs::new(), bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn age(path: &Path, secs: u64) {
        let f = OpenOptions::new().write(true).open(path).unwrap();
        f.set_modified(SystemTime::now() - Duration::from_secs(secs)).unwrap();
    }

    #[test]
    fn sweep_removes_only_old_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        for n in [".briefpack-old.part", ".briefpack-new.part", "old.pdf", ".briefpack-.partx"] {
            fs::write(p(n), "x").unwrap();
        }
        for n in [".briefpack-old.part", "old.pdf", ".briefpack-.partx"] {
            age(&p(n), 120);
        }
        sweep(dir.path(), TEMP_PREFIX, TEMP_SUFFIX);
        let mut left: Vec<String> =
            fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        left.sort();
        assert_eq!(left, [".briefpack-.partx", ".briefpack-new.part", "old.pdf"]);
    }

    #[test]
    fn a_replaced_file_keeps_its_mode_and_a_symlink_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.pdf");
        fs::write(&real, "%PDF-old").unwrap();
        fs::set_permissions(&real, Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.pdf");
        std::os::unix::fs::symlink("real.pdf", &link).unwrap();
        Output::pdf(&link).write(&Inputs::new(), b"%PDF-new").unwrap();
        assert_eq!(fs::read_link(&link).unwrap(), Path::new("real.pdf"));
        assert_eq!(fs::read(&real).unwrap(), b"%PDF-new");
        assert_eq!(fs::metadata(&real).unwrap().mode() & 0o7777, 0o640);
    }

    #[test]
    fn a_dangling_symlink_is_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("link.pdf");
        std::os::unix::fs::symlink("sub/made.pdf", &link).unwrap();
        Output::pdf(&link).write(&Inputs::new(), b"%PDF-new").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read(dir.path().join("sub/made.pdf")).unwrap(), b"%PDF-new");
    }

    #[test]
    fn the_same_file_through_a_hard_link_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("trip.toml");
        fs::write(&input, "city = \"x\"").unwrap();
        let other = dir.path().join("other.pdf");
        fs::hard_link(&input, &other).unwrap();
        let mut inputs = Inputs::new();
        inputs.add(&input, Role::Trip);
        let e = Output::pdf(&other).write(&inputs, b"%PDF-").unwrap_err().to_string();
        assert!(e.contains("is the same file as the trip file"), "{e}");
        assert_eq!(fs::read_to_string(&input).unwrap(), "city = \"x\"");
    }

    #[test]
    fn a_dropped_stage_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let staged = Output::file(dir.path().join("a.xml"), "the markup").stage(&Inputs::new(), b"<x/>").unwrap();
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        drop(staged);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_new_file_is_not_written_over_one_made_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.toml");
        let staged = Output::new_file(&path, "the trip file").stage(&Inputs::new(), b"new").unwrap();
        fs::write(&path, "made meanwhile").unwrap();
        let e = staged.commit().unwrap_err().to_string();
        assert!(e.contains("already exists"), "{e}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "made meanwhile");
    }
}
