//! Test harness in the style of `just`'s: each test gets a temporary
//! directory, writes its input files, runs the real `briefpack` binary and
//! asserts on its exit status, stderr and the files it left.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Test {
    pub dir: tempfile::TempDir,
    args: Vec<String>,
    env: Vec<(String, String)>,
}

pub struct Run {
    pub output: Output,
    pub dir: PathBuf,
    /// Keeps the directory alive as long as the run is inspected.
    _tmp: tempfile::TempDir,
}

impl Test {
    pub fn new() -> Test {
        Test { dir: tempfile::tempdir().expect("temp dir"), args: Vec::new(), env: Vec::new() }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn file(self, rel: &str, contents: &str) -> Test {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, contents).unwrap();
        self
    }

    /// Copy a file or directory of the repository into the test directory.
    pub fn copy(self, from_repo: &str, to: &str) -> Test {
        copy_tree(&repo().join(from_repo), &self.path(to));
        self
    }

    pub fn args(mut self, args: &[&str]) -> Test {
        self.args.extend(args.iter().map(|s| s.to_string()));
        self
    }

    pub fn env(mut self, k: &str, v: &str) -> Test {
        self.env.push((k.into(), v.into()));
        self
    }

    pub fn run(self) -> Run {
        let env: Vec<(&str, &str)> = self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        let output = run_in(self.dir.path(), &args, &env);
        Run { output, dir: self.dir.path().to_path_buf(), _tmp: self.dir }
    }
}

/// Run the real binary in `dir`. Each test directory has its own photo
/// cache (`.cache` in it) unless `env` names another.
pub fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefpack"));
    cmd.args(args).current_dir(dir).env_remove("SOURCE_DATE_EPOCH").env_remove("BRIEFPACK_TIMINGS");
    cmd.env("BRIEFPACK_CACHE_DIR", dir.join(".cache"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run briefpack")
}

impl Run {
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    pub fn success(self) -> Run {
        assert!(self.output.status.success(), "briefpack failed:\n{}", self.stderr());
        self
    }
    pub fn failure(self) -> Run {
        assert!(!self.output.status.success(), "briefpack should have failed; stderr:\n{}", self.stderr());
        assert!(!self.stderr().contains("panicked"), "panic:\n{}", self.stderr());
        self
    }
    pub fn stderr_has(self, needle: &str) -> Run {
        assert!(self.stderr().contains(needle), "stderr lacks {needle:?}:\n{}", self.stderr());
        self
    }
    /// No PDF and no temporary file left behind anywhere in the test directory.
    pub fn no_output(self) -> Run {
        let mut left = Vec::new();
        walk(&self.dir, &mut |p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if name.ends_with(".pdf") || name.ends_with(".part") {
                left.push(p.to_path_buf());
            }
        });
        assert!(left.is_empty(), "files left behind: {left:?}");
        self
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn walk(dir: &Path, f: &mut dyn FnMut(&Path)) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, f);
        } else {
            f(&p);
        }
    }
}

fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap().flatten() {
            copy_tree(&e.path(), &to.join(e.file_name()));
        }
    } else {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
    }
}

/// Run an external tool the tests depend on. A missing tool fails the test
/// (run `.ci/install-test-deps` first): a test that skips tests nothing.
pub fn tool(name: &str, args: &[&str]) -> Output {
    Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("`{name}` is needed by this test and could not be run ({e}); run .ci/install-test-deps first")
    })
}

pub fn pdftotext(pdf: &Path, mode: &[&str]) -> String {
    let mut args: Vec<&str> = mode.to_vec();
    let p = pdf.to_str().unwrap();
    args.extend([p, "-"]);
    let out = tool("pdftotext", &args);
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The Rust files under `dir`, in a stable order.
pub fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}
