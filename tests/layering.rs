//! The pipeline holds: every file of src/ imports only stages below its own
//! (cli > products > mail > briefs, template > typeset > the ground), never a
//! sibling (the pack never reaches into the monthly report, nor the data into
//! the templates), and no two files of one folder import each other.
//!
//! It reads the source as text: each `use` line (crate::, super::, self:: and
//! a module declared in the same file) and every `crate::`/`super::` path in
//! the code, resolved to the file module it names.

mod common;

use common::rust_files;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Stages bottom to top; a stage may import only stages of a lower rank
/// (and itself). Two stages of one rank are siblings and may not meet.
/// The longest prefix of a module path decides its stage.
const STAGES: &[(&str, u32)] = &[
    // The ground: what went wrong and where, reading and writing files.
    // The language of messages first: every message is framed in it.
    ("i18n", 0),
    ("diag", 1),
    ("error", 2),
    ("thai", 0),
    ("timings", 0),
    ("term", 2),
    ("source", 3),
    ("source_date", 3),
    ("output", 3),
    ("project", 4),
    // markup -> layout -> PDF, each part over those before it.
    ("typeset::style", 10),
    ("typeset::text", 11),
    ("typeset::markup", 12),
    ("typeset::image", 13),
    ("typeset::layout", 14),
    ("typeset::pdf", 15),
    ("typeset", 16),
    // Data and templates: siblings.
    ("briefs", 20),
    ("template", 20),
    ("mail", 30),
    // The products share only products/mod.rs.
    ("products", 40),
    ("products::pack", 41),
    ("products::monthly", 41),
    // The commands share only cli/options.rs; cli/mod.rs dispatches.
    ("cli::options", 50),
    ("cli::build", 51),
    ("cli::check", 51),
    ("cli::completions", 51),
    ("cli::extract", 51),
    ("cli::man", 51),
    ("cli::init", 51),
    ("cli::monthly", 51),
    ("cli::new", 51),
    ("cli::outbox", 51),
    ("cli::render", 51),
    ("cli::schema", 51),
    ("cli::send", 51),
    ("cli", 52),
];

fn stage_of(module: &str) -> Option<(&'static str, u32)> {
    STAGES
        .iter()
        .filter(|(name, _)| module == *name || module.starts_with(&format!("{name}::")))
        .max_by_key(|(name, _)| name.len())
        .copied()
}

/// `src/typeset/layout/mod.rs` -> `typeset::layout`; `src/lib.rs` -> ``.
fn module_of(file: &Path, src: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).filter(|p| *p != "mod" && *p != "lib").collect();
    parts.join("::")
}

/// The code of `text` without comments and string literals (a path in a doc
/// comment or a message is not an import).
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            let end = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
            i = end;
        } else if b[i] == b'"' && (i == 0 || b[i - 1] != b'\'') {
            // A raw string r#"..."# never holds `crate::` in this code base; plain strings are skipped.
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
        } else {
            // Identifiers here are ASCII: other bytes become spaces, so that
            // byte offsets in `out` are character boundaries.
            out.push(if b[i].is_ascii() { b[i] as char } else { ' ' });
            i += 1;
        }
    }
    out
}

/// Every path the code names through `crate::`, `super::` or `self::`, and
/// the `use` of a module this file declares, as a full module path.
fn references(module: &str, code: &str) -> BTreeSet<String> {
    // `super` is the parent module, for a file and for a folder's mod.rs alike.
    let own: Vec<&str> = if module.is_empty() { vec![] } else { module.split("::").collect() };
    let children: BTreeSet<String> = code
        .lines()
        .filter_map(|l| {
            let l = l.trim().trim_start_matches("pub ").trim_start_matches("pub(crate) ");
            l.strip_prefix("mod ").map(|n| n.trim_end_matches(';').trim().to_string())
        })
        .collect();
    let mut out = BTreeSet::new();
    let words: Vec<(usize, &str)> = code
        .match_indices(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .map(|(i, _)| i)
        .scan(0, |start, end| {
            let w = (*start, &code[*start..end]);
            *start = end + 1;
            Some(w)
        })
        .collect();
    for (at, word) in words {
        let segs: Vec<&str> = word.split("::").filter(|s| !s.is_empty()).collect();
        let Some(first) = segs.first() else { continue };
        let in_use = code[..at].trim_end().ends_with("use") || code[..at].trim_end().ends_with('{');
        let mut path: Vec<String> = match *first {
            "crate" => vec![],
            "super" => {
                let ups = segs.iter().take_while(|s| **s == "super").count();
                let mut p: Vec<String> = own[..own.len().saturating_sub(ups)].iter().map(|s| s.to_string()).collect();
                p.extend(segs[ups..].iter().map(|s| s.to_string()));
                out.insert(p.join("::"));
                continue;
            }
            "self" => own.iter().map(|s| s.to_string()).collect(),
            name if in_use && children.contains(name) && segs.len() > 1 => {
                let mut p: Vec<String> = own.iter().map(|s| s.to_string()).collect();
                p.push(name.to_string());
                p.extend(segs[1..].iter().map(|s| s.to_string()));
                out.insert(p.join("::"));
                continue;
            }
            _ => continue,
        };
        path.extend(segs[1..].iter().map(|s| s.to_string()));
        out.insert(path.join("::"));
    }
    out
}

struct Source {
    module: String,
    file: PathBuf,
    refs: BTreeSet<String>,
}

fn sources() -> Vec<Source> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files
        .into_iter()
        .filter(|f| !f.ends_with("main.rs"))
        .map(|file| {
            let mut text = std::fs::read_to_string(&file).unwrap();
            // A unit-test module inside the file (`mod tests { use super::*; }`)
            // sees the file's own module as `super`: it is not an import.
            if let Some(at) = text.find("#[cfg(test)]\nmod tests {") {
                text.truncate(at);
            }
            let module = module_of(&file, &src);
            let refs = references(&module, &code_only(&text));
            Source { module, file, refs }
        })
        .collect()
}

#[test]
fn no_stage_imports_one_above_or_beside_it() {
    let mut wrong = Vec::new();
    for s in sources().iter().filter(|s| !s.module.is_empty()) {
        let (own, own_rank) =
            stage_of(&s.module).unwrap_or_else(|| panic!("{}: no stage for `{}`", s.file.display(), s.module));
        for r in &s.refs {
            let Some((target, rank)) = stage_of(r) else { continue };
            if target == own {
                continue;
            }
            if rank >= own_rank {
                wrong
                    .push(format!("{} ({own}, rank {own_rank}) imports {r} ({target}, rank {rank})", s.file.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "imports up or across the pipeline:\n{}", wrong.join("\n"));
}

/// The file module a reference lands in: the longest module path that is a file.
fn file_module<'m>(r: &str, modules: &'m BTreeSet<String>) -> Option<&'m String> {
    modules
        .iter()
        .filter(|m| !m.is_empty() && (r == m.as_str() || r.starts_with(&format!("{m}::"))))
        .max_by_key(|m| m.len())
}

#[test]
fn no_two_files_import_each_other() {
    let sources = sources();
    let modules: BTreeSet<String> = sources.iter().map(|s| s.module.clone()).collect();
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for s in &sources {
        for r in &s.refs {
            let Some(target) = file_module(r, &modules) else { continue };
            // A folder's mod.rs and its files are one module tree: a file using
            // what its mod.rs declares is how Rust shares within a folder.
            let related = target.starts_with(&format!("{}::", s.module))
                || s.module.starts_with(&format!("{target}::"))
                || *target == s.module;
            if !related {
                edges.entry(s.module.as_str()).or_default().insert(target.as_str());
            }
        }
    }
    let mut cycles = Vec::new();
    for (a, targets) in &edges {
        for b in targets {
            if a < b && edges.get(b).is_some_and(|t| t.contains(a)) {
                cycles.push(format!("{a} <-> {b}"));
            }
        }
    }
    // Longer cycles: a path from b back to a.
    for (a, targets) in &edges {
        for b in targets {
            let mut seen = BTreeSet::new();
            let mut todo = vec![*b];
            while let Some(n) = todo.pop() {
                if n == *a {
                    cycles.push(format!("{a} -> {b} -> ... -> {a}"));
                    break;
                }
                if seen.insert(n) {
                    todo.extend(edges.get(n).into_iter().flatten().copied());
                }
            }
        }
    }
    cycles.sort();
    cycles.dedup();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_reader_finds_imports_of_every_kind() {
    let code = code_only(
        "use crate::briefs::{City, Trip};\nuse super::options::LookArgs;\nmod x;\nuse x::Y;\n\
         fn f() { crate::timings::mark(\"crate::mail in a string\"); } // crate::cli in a comment\n",
    );
    let got = references("cli::build", &code);
    assert!(got.contains("briefs"), "{got:?}");
    assert!(got.contains("cli::options::LookArgs"), "{got:?}");
    assert!(got.contains("cli::build::x::Y"), "{got:?}");
    assert!(got.contains("timings::mark"), "{got:?}");
    assert_eq!(got.len(), 4, "nothing from the string or the comment: {got:?}");
    let got = references("typeset::layout", "use super::super::diag::Diagnostic;\nuse super::markup::Block;");
    assert!(got.contains("diag::Diagnostic") && got.contains("typeset::markup::Block"), "{got:?}");
    assert_eq!(stage_of("typeset::layout::paragraph"), Some(("typeset::layout", 14)));
    assert_eq!(stage_of("products::pack"), Some(("products::pack", 41)));
}
