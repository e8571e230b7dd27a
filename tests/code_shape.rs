//! The shape of the code: no function of src/ runs over 80 lines unless a
//! comment right above it (among its doc comment and attributes) says why,
//! starting `Over 80 lines:`. Long functions hide the steps a reader needs
//! to see; where one sequence really is best read whole, the reason is
//! written down beside it.

mod common;

use common::rust_files;
use std::path::Path;

const MAX_LINES: usize = 80;
const REASON: &str = "Over 80 lines:";

/// `fn name` at the start of a line (after indentation and qualifiers).
fn fn_name(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    for q in ["pub(crate) ", "pub(super) ", "pub ", "const ", "async ", "unsafe "] {
        rest = rest.strip_prefix(q).unwrap_or(rest);
    }
    let name = rest.strip_prefix("fn ")?;
    Some(name.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or(""))
}

/// Functions longer than the limit without a reason: (line, name, length).
/// A function ends at the first line that is its indentation and `}`.
fn long_functions(text: &str) -> Vec<(usize, String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = fn_name(line) else { continue };
        if line.trim_end().ends_with(';') {
            continue; // a declaration in a trait
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        let close = format!("{indent}}}");
        let Some(end) = lines[i..].iter().position(|l| *l == close) else { continue };
        let length = end + 1;
        if length <= MAX_LINES {
            continue;
        }
        // The comments and attributes right above the function.
        let above = lines[..i].iter().rev().take_while(|l| {
            let t = l.trim_start();
            t.starts_with("//") || t.starts_with("#[")
        });
        if !above.into_iter().any(|l| l.contains(REASON)) {
            out.push((i + 1, name.to_string(), length));
        }
    }
    out
}

#[test]
fn no_function_runs_over_80_lines_without_a_reason() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut long = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (line, name, length) in long_functions(&text) {
            long.push(format!("{}:{line}: fn {name} is {length} lines", file.strip_prefix(&src).unwrap().display()));
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_LINES} lines; split them, or say why above them (`// {REASON} ...`):\n{}",
        long.join("\n")
    );
}

#[test]
fn the_rule_sees_long_functions_and_reasons() {
    let body = "    x();\n".repeat(MAX_LINES);
    let long = format!("fn long() {{\n{body}}}\n");
    assert_eq!(long_functions(&long), vec![(1, "long".to_string(), MAX_LINES + 2)]);
    let reasoned = format!("// {REASON} one sequence.\n#[allow(x)]\npub fn long() {{\n{body}}}\n");
    assert!(long_functions(&reasoned).is_empty());
    let short = "fn short() {\n    x();\n}\n";
    assert!(long_functions(short).is_empty());
}
