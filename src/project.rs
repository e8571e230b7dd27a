//! Where things are: the project (`briefpack.toml`, found as cargo finds
//! `Cargo.toml`), the briefs folder and what lies in it. Worked out here
//! once, so that every command and the data loader agree:
//!
//! ```text
//! briefpack.toml            the project: its folders and defaults (optional)
//! briefs/
//!   cities/<id>.toml        a partner city
//!   cities/<id>/*.toml      more of its interactions (and its photos)
//!   trips/<id>.toml         a planned visit
//!   mail.toml               the mail configuration
//! templates/                files here override the built-in templates
//! ```

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, closest};
use crate::error::{Error, Result};

/// The name of a project's file.
pub const MANIFEST: &str = "briefpack.toml";

/// A briefs folder (`briefs/` in a checkout of the examples).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BriefsDir(PathBuf);

/// The briefs folder a command uses when none is named.
pub const DEFAULT_BRIEFS: &str = "briefs";

impl BriefsDir {
    pub fn new(dir: impl Into<PathBuf>) -> BriefsDir {
        BriefsDir(dir.into())
    }

    /// The folder a trip file belongs to: the parent of its `trips/`
    /// folder (a trip given as `x.toml` from inside `trips/` is in `..`).
    pub fn of_trip(trip: &Path) -> BriefsDir {
        let trip_dir = trip.parent().unwrap_or(Path::new(""));
        match trip_dir.parent() {
            Some(base) if !trip_dir.as_os_str().is_empty() && trip_dir.file_name().is_some() => BriefsDir::new(base),
            _ => BriefsDir::new(trip_dir.join("..")),
        }
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn cities(&self) -> PathBuf {
        self.0.join("cities")
    }

    pub fn trips(&self) -> PathBuf {
        self.0.join("trips")
    }

    pub fn trip_file(&self, id: &str) -> PathBuf {
        self.trips().join(format!("{id}.toml"))
    }

    /// The mail configuration used when `--config` names none.
    pub fn mail_config(&self) -> PathBuf {
        self.0.join("mail.toml")
    }
}

impl Default for BriefsDir {
    fn default() -> BriefsDir {
        BriefsDir::new(DEFAULT_BRIEFS)
    }
}

/// `briefpack.toml` as written: every key optional, paths relative to the
/// file's folder.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Manifest {
    briefs: Option<Spanned<PathBuf>>,
    templates: Option<Spanned<PathBuf>>,
    theme: Option<Spanned<PathBuf>>,
    output: Option<Spanned<PathBuf>>,
    mail: Option<Spanned<PathBuf>>,
    classification: Option<Spanned<String>>,
    pdf_standard: Option<Spanned<Vec<Spanned<String>>>>,
}

/// The keys of `briefpack.toml`, for did-you-mean.
const KEYS: &[&str] = &["briefs", "templates", "theme", "output", "mail", "classification", "pdf_standard"];

/// The project a command runs in: the defaults `briefpack.toml` gives, with
/// its paths resolved against its folder. Without one (no `briefpack.toml`
/// here or above), every default is what it was before projects existed:
/// `briefs/` in the current folder, the built-in templates and theme, PDFs
/// in the current folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Project {
    /// The folder the relative paths below start from: the current folder
    /// (`""`), or the one `discover_from` was given.
    base: PathBuf,
    /// The folder holding `briefpack.toml`, as reached from the current
    /// folder (`""` when it is the current folder, `../..` two above).
    root: Option<PathBuf>,
    briefs: BriefsDir,
    templates: Option<PathBuf>,
    theme: Option<PathBuf>,
    output: Option<PathBuf>,
    mail: Option<PathBuf>,
    classification: Option<String>,
    pdf_standard: Option<PdfStandards>,
}

impl Project {
    /// The project of the current folder: the nearest `briefpack.toml` in it
    /// or a folder above, or none.
    pub fn discover() -> Result<Project> {
        match std::env::current_dir() {
            Ok(cwd) => Project::discover_from(&cwd),
            // A folder deleted under us: there is no project to find.
            Err(_) => Ok(Project::default()),
        }
    }

    /// The nearest `briefpack.toml` in `cwd` (absolute) or above; paths in
    /// it are kept relative to `cwd` (`../../briefs`), so that messages
    /// name files as the user would reach them.
    pub fn discover_from(cwd: &Path) -> Result<Project> {
        let mut up = PathBuf::new();
        for dir in cwd.ancestors() {
            // A folder named briefpack.toml is no project file.
            if dir.join(MANIFEST).is_file() {
                let file = up.join(MANIFEST);
                let src = crate::source::read_text(&dir.join(MANIFEST), "read")?;
                return Project::parse(cwd, &up, &file, &src);
            }
            up.push("..");
        }
        Ok(Project::default())
    }

    /// `src`, the text of `file` (`root`/briefpack.toml), with `root` as
    /// reached from `base`.
    fn parse(base: &Path, root: &Path, file: &Path, src: &str) -> Result<Project> {
        let m: Manifest = toml::from_str(src).map_err(|e| {
            let (message, help) = describe(e.message());
            let d = match e.span() {
                Some(span) => Diagnostic::at(file, src, span, message),
                None => Diagnostic::file(file, message),
            };
            Error::from(d.with_help(help))
        })?;
        let mut diags = Vec::new();
        // A path that must name an existing folder or file, checked here so
        // that the message points at the key rather than at a later read.
        let mut existing = |v: Option<Spanned<PathBuf>>, dir: bool, what: &str| {
            let v = v?;
            let span: Range<usize> = v.span();
            let path = root.join(v.into_inner());
            let ok = if dir { base.join(&path).is_dir() } else { base.join(&path).is_file() };
            if !ok {
                let kind = if dir { "folder" } else { "file" };
                diags.push(
                    Diagnostic::at(file, src, span, format!("there is no {what} {kind} {}", path.display()))
                        .with_help(format!("make it, or correct the path (relative to {MANIFEST})")),
                );
            }
            Some(path)
        };
        let briefs = existing(m.briefs, true, "briefs");
        let templates = existing(m.templates, true, "templates");
        let theme = existing(m.theme, false, "theme");
        let pdf_standard = m
            .pdf_standard
            .and_then(|list| PdfStandards::from_manifest(list, file, src).map_err(|d| diags.push(d)).ok());
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }
        let briefs = BriefsDir::new(briefs.unwrap_or_else(|| root.join(DEFAULT_BRIEFS)));
        // A `templates/` folder beside briefpack.toml is used without being named.
        let templates = templates.or_else(|| Some(root.join("templates")).filter(|t| base.join(t).is_dir()));
        Ok(Project {
            base: base.to_path_buf(),
            root: Some(root.to_path_buf()),
            mail: m.mail.map(|m| root.join(m.into_inner())),
            output: m.output.map(|o| root.join(o.into_inner())),
            classification: m.classification.map(Spanned::into_inner).filter(|c| !c.trim().is_empty()),
            pdf_standard,
            briefs,
            templates,
            theme,
        })
    }

    /// The folder of `briefpack.toml`, when there is one.
    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    pub fn briefs(&self) -> &BriefsDir {
        &self.briefs
    }

    /// The folder of templates overriding the built-in ones, if any.
    pub fn templates(&self) -> Option<&Path> {
        self.templates.as_deref()
    }

    /// The theme layered over the built-in one, if any.
    pub fn theme(&self) -> Option<&Path> {
        self.theme.as_deref()
    }

    /// The classification stamped on a pack whose trip gives none.
    pub fn classification(&self) -> Option<&str> {
        self.classification.as_deref()
    }

    /// The standards its PDFs claim when `--pdf-standard` names none: the
    /// project's `pdf_standard`, else [`PdfStandards::default`].
    pub fn pdf_standards(&self) -> PdfStandards {
        self.pdf_standard.unwrap_or_default()
    }

    /// The mail configuration: the project's, else mail.toml in `briefs`
    /// (the briefs folder a command works on).
    pub fn mail_config(&self, briefs: &BriefsDir) -> PathBuf {
        self.mail.clone().unwrap_or_else(|| briefs.mail_config())
    }

    /// Where a document named `name` goes when `-o` names no file: the
    /// project's output folder, else the current folder.
    pub fn output_file(&self, name: &Path) -> PathBuf {
        match &self.output {
            Some(dir) => dir.join(name),
            None => name.to_path_buf(),
        }
    }

    /// The project's output folder, if it names one.
    pub fn output_dir(&self) -> Option<&Path> {
        self.output.as_deref()
    }

    /// A trip as given on the command line. In a project, one that is no
    /// file from here is looked for in the briefs folder (`trips/x.toml`),
    /// in its trips folder (`x.toml`), and by id (`x`); otherwise it is
    /// taken as given, and reading it says what is wrong.
    pub fn trip(&self, given: &Path) -> PathBuf {
        if self.root.is_none() || self.base.join(given).is_file() || given.is_absolute() {
            return given.to_path_buf();
        }
        let by_id = given.extension().is_none().then(|| given.with_extension("toml"));
        [
            Some(self.briefs.path().join(given)),
            Some(self.briefs.trips().join(given)),
            by_id.map(|f| self.briefs.trips().join(f)),
        ]
        .into_iter()
        .flatten()
        .find(|p| self.base.join(p).is_file())
        .unwrap_or_else(|| given.to_path_buf())
    }
}

/// A standard a PDF can claim (`--pdf-standard`, `pdf_standard` in
/// `briefpack.toml`), with the names Typst's `--pdf-standard` gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PdfStandard {
    /// PDF/A-2u (ISO 19005-2, level U): archival, all text in Unicode.
    A2u,
    /// PDF/A-3u (ISO 19005-3): as A-2u, and may carry other files: the
    /// data the document was made from.
    A3u,
    /// PDF/UA-1 (ISO 14289-1): tagged, for assistive technology.
    Ua1,
    /// No standard: a plain PDF.
    None,
}

impl PdfStandard {
    pub const ALL: [PdfStandard; 4] = [PdfStandard::A2u, PdfStandard::A3u, PdfStandard::Ua1, PdfStandard::None];

    /// Its name on the command line and in `briefpack.toml`.
    pub fn name(self) -> &'static str {
        match self {
            PdfStandard::A2u => "a-2u",
            PdfStandard::A3u => "a-3u",
            PdfStandard::Ua1 => "ua-1",
            PdfStandard::None => "none",
        }
    }

    pub fn from_name(name: &str) -> Option<PdfStandard> {
        PdfStandard::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// Which part of PDF/A a document claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PdfA {
    A2u,
    A3u,
}

/// The standards a document claims, checked to go together: at most one
/// part of PDF/A, and `none` only alone. Default: PDF/A-2u and PDF/UA-1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfStandards {
    pub pdfa: Option<PdfA>,
    pub ua1: bool,
}

impl Default for PdfStandards {
    fn default() -> PdfStandards {
        PdfStandards { pdfa: Some(PdfA::A2u), ua1: true }
    }
}

impl PdfStandards {
    /// The standards of a list, or the problem with it as a message and
    /// its help (each caller says where the list was written). A standard
    /// given twice counts once.
    pub fn from_list(list: &[PdfStandard]) -> std::result::Result<PdfStandards, (String, String)> {
        use PdfStandard::*;
        if list.contains(&None) {
            if let Some(other) = list.iter().find(|s| **s != None) {
                return Err((
                    format!("`none` claims no standard and cannot go with `{}`", other.name()),
                    "give `none` alone, or leave it out".into(),
                ));
            }
            return Ok(PdfStandards { pdfa: Option::None, ua1: false });
        }
        if list.contains(&A2u) && list.contains(&A3u) {
            return Err((
                "`a-2u` and `a-3u` cannot both be claimed: a PDF/A file follows one part of the standard".into(),
                "keep one: `a-3u` attaches the data the document was made from, `a-2u` does not".into(),
            ));
        }
        if list.is_empty() {
            return Err((
                "no PDF standard is given".into(),
                "name at least one, e.g. [\"a-2u\", \"ua-1\"], or [\"none\"] for a plain PDF".into(),
            ));
        }
        let pdfa = if list.contains(&A3u) { Some(PdfA::A3u) } else { list.contains(&A2u).then_some(PdfA::A2u) };
        Ok(PdfStandards { pdfa, ua1: list.contains(&Ua1) })
    }

    /// The names of the standards claimed, for messages: `a-2u, ua-1`.
    pub fn names(&self) -> String {
        let pdfa = self.pdfa.map(|a| match a {
            PdfA::A2u => PdfStandard::A2u,
            PdfA::A3u => PdfStandard::A3u,
        });
        let list: Vec<&str> = pdfa.into_iter().chain(self.ua1.then_some(PdfStandard::Ua1)).map(|s| s.name()).collect();
        if list.is_empty() { PdfStandard::None.name().to_string() } else { list.join(", ") }
    }

    /// `pdf_standard = [...]` of `file`, whose text is `src`: a problem is
    /// reported at the name (or the list) it is about.
    fn from_manifest(
        list: Spanned<Vec<Spanned<String>>>,
        file: &Path,
        src: &str,
    ) -> std::result::Result<PdfStandards, Diagnostic> {
        let span = list.span();
        let mut standards = Vec::new();
        for name in list.into_inner() {
            match PdfStandard::from_name(name.get_ref()) {
                Some(s) => standards.push(s),
                None => {
                    let names = PdfStandard::ALL.iter().map(|s| format!("`{}`", s.name())).collect::<Vec<_>>();
                    let known = names.join(", ");
                    let help = match closest(name.get_ref(), PdfStandard::ALL.iter().map(|s| s.name())) {
                        Some(best) => format!("did you mean `{best}`? the standards are {known}"),
                        None => format!("the standards are {known}"),
                    };
                    let message = format!("unknown PDF standard `{}`", name.get_ref());
                    return Err(Diagnostic::at(file, src, name.span(), message).with_help(help));
                }
            }
        }
        PdfStandards::from_list(&standards)
            .map_err(|(message, help)| Diagnostic::at(file, src, span, message).with_help(help))
    }
}

/// A friendly message and help for a toml/serde error in `briefpack.toml`.
fn describe(message: &str) -> (String, String) {
    let first = message.lines().next().unwrap_or(message).trim();
    let list = KEYS.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
    if let Some(rest) = first.strip_prefix("unknown field `") {
        let field = rest.split_once('`').map_or(rest, |(f, _)| f);
        let help = match closest(field, KEYS.iter().copied()) {
            Some(best) => format!("did you mean `{best}`? keys allowed here: {list}"),
            None => format!("keys allowed here: {list}"),
        };
        return (format!("unknown key `{field}`"), help);
    }
    if let Some(rest) = first.strip_prefix("invalid type: ") {
        let help = match rest.contains("expected a sequence") {
            true => "pdf_standard is a list of quoted names, e.g. pdf_standard = [\"a-2u\", \"ua-1\"]",
            false => "paths and the classification are quoted strings",
        };
        return (format!("wrong type: {rest}"), help.into());
    }
    (first.to_string(), format!("{MANIFEST} holds only {list}; `briefpack init` writes one to copy from"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trip_belongs_to_the_folder_above_its_trips_folder() {
        assert_eq!(BriefsDir::of_trip(Path::new("briefs/trips/a.toml")).path(), Path::new("briefs"));
        assert_eq!(BriefsDir::of_trip(Path::new("/x/briefs/trips/a.toml")).cities(), Path::new("/x/briefs/cities"));
        assert_eq!(BriefsDir::of_trip(Path::new("a.toml")).cities(), Path::new("../cities"));
        assert_eq!(BriefsDir::of_trip(Path::new("trips/a.toml")).mail_config(), Path::new("mail.toml"));
    }

    fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    #[test]
    fn the_project_is_found_above_and_its_paths_are_relative_to_it() {
        let dir = project(&[
            (MANIFEST, "briefs = \"data\"\noutput = \"out\"\nclassification = \"ลับ\"\n"),
            ("data/trips/a.toml", ""),
            ("templates/README.md", ""),
        ]);
        let p = Project::discover_from(&dir.path().join("data/trips")).unwrap();
        assert_eq!(p.root(), Some(Path::new("../..")));
        assert_eq!(p.briefs().path(), Path::new("../../data"));
        assert_eq!(p.templates(), Some(Path::new("../../templates")));
        assert_eq!(p.output_file(Path::new("a.pdf")), Path::new("../../out/a.pdf"));
        assert_eq!(p.mail_config(p.briefs()), Path::new("../../data/mail.toml"));
        assert_eq!((p.theme(), p.classification()), (None, Some("ลับ")));
        let here = Project::discover_from(dir.path()).unwrap();
        assert_eq!(here.briefs().path(), Path::new("data"));
    }

    #[test]
    fn without_a_project_the_defaults_are_unchanged() {
        let dir = project(&[("briefs/trips/a.toml", "")]);
        let p = Project::discover_from(&dir.path().join("briefs")).unwrap();
        assert_eq!(p, Project::default());
        assert_eq!(p.briefs().path(), Path::new("briefs"));
        assert_eq!(p.output_file(Path::new("a.pdf")), Path::new("a.pdf"));
        assert_eq!(p.trip(Path::new("trips/a.toml")), Path::new("trips/a.toml"));
    }

    #[test]
    fn a_trip_is_looked_for_in_the_briefs_folder() {
        let dir = project(&[(MANIFEST, ""), ("briefs/trips/a.toml", "")]);
        let p = Project::discover_from(&dir.path().join("briefs/trips")).unwrap();
        for given in ["trips/a.toml", "a", "a.toml"] {
            let found = p.trip(Path::new(given));
            assert!(dir.path().join("briefs/trips").join(&found).is_file(), "{given}: {}", found.display());
        }
        assert_eq!(p.trip(Path::new("b.toml")), Path::new("b.toml"));
    }

    fn standards(src: &str) -> std::result::Result<PdfStandards, String> {
        Project::parse(Path::new(""), Path::new(""), Path::new(MANIFEST), src)
            .map(|p| p.pdf_standards())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn pdf_standard_sets_the_default_standards() {
        assert_eq!(standards(""), Ok(PdfStandards { pdfa: Some(PdfA::A2u), ua1: true }));
        assert_eq!(standards("pdf_standard = [\"a-3u\"]"), Ok(PdfStandards { pdfa: Some(PdfA::A3u), ua1: false }));
        assert_eq!(standards("pdf_standard = [\"ua-1\", \"ua-1\"]"), Ok(PdfStandards { pdfa: None, ua1: true }));
        assert_eq!(standards("pdf_standard = [\"none\"]"), Ok(PdfStandards { pdfa: None, ua1: false }));
        assert_eq!(PdfStandards::default().names(), "a-2u, ua-1");
        assert_eq!(PdfStandards { pdfa: None, ua1: false }.names(), "none");
    }

    #[test]
    fn a_wrong_pdf_standard_is_reported_where_it_is_written() {
        let e = standards("classification = \"b\"\npdf_standard = [\"a-2u\", \"a-3b\"]\n").unwrap_err();
        assert!(e.starts_with("error: briefpack.toml:2:25: unknown PDF standard `a-3b`\n"), "{e}");
        assert!(e.contains("did you mean `a-3u`?"), "{e}");
        let e = standards("pdf_standard = [\"a-2u\", \"a-3u\"]").unwrap_err();
        assert!(e.starts_with("error: briefpack.toml:1:16: `a-2u` and `a-3u` cannot both be claimed"), "{e}");
        let e = standards("pdf_standard = [\"none\", \"ua-1\"]").unwrap_err();
        assert!(e.contains("1:16: `none` claims no standard and cannot go with `ua-1`"), "{e}");
        let e = standards("pdf_standard = []").unwrap_err();
        assert!(e.contains("1:16: no PDF standard is given"), "{e}");
        let e = standards("pdf_standard = \"a-3u\"").unwrap_err();
        assert!(e.contains("1:16: wrong type") && e.contains("pdf_standard = [\"a-2u\", \"ua-1\"]"), "{e}");
    }

    #[test]
    fn a_misspelt_key_is_reported_at_its_line_with_did_you_mean() {
        let src = "briefs = \"briefs\"\ntemplats = \"t\"\n";
        let e = Project::parse(Path::new(""), Path::new(""), Path::new(MANIFEST), src).unwrap_err().to_string();
        assert!(e.starts_with("error: briefpack.toml:2:1: unknown key `templats`\n"), "{e}");
        assert!(e.contains("did you mean `templates`?"), "{e}");
        let e = Project::parse(Path::new(""), Path::new("/nowhere"), Path::new(MANIFEST), "theme = \"t.toml\"")
            .unwrap_err();
        assert!(e.to_string().contains("briefpack.toml:1:9: there is no theme file /nowhere/t.toml"), "{e}");
    }
}
