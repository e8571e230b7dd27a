//! Editor support (issue 13, item 7): `briefpack schema` prints the JSON
//! Schema of city, interaction and trip files; the repository ships them in
//! schema/, every example file names its schema in a `#:schema` first line
//! (as Taplo reads it) and passes it, and `briefpack init` does the same for
//! a new project. The schema takes the keys the readers take, no more and no
//! fewer, and the words they take: the readers' own lists, as their "did you
//! mean" help gives them.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::{Test, repo};
use serde_json::{Value, json};

const KINDS: [&str; 3] = ["city", "interactions", "trip"];

/// The schema of `kind` as the binary prints it.
fn printed(kind: &str) -> String {
    Test::new().args(&["schema", kind]).run().success().stdout()
}

fn schema(kind: &str) -> Value {
    serde_json::from_str(&printed(kind)).unwrap()
}

/// A TOML document as JSON the way Taplo hands it to a schema: a date (or
/// date-time) becomes the string it is written as (taplo's dom/serde.rs,
/// `Node::Date(date) => ser.serialize_str(&date.value().to_string())`).
fn as_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => json!(s),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => json!(b),
        toml::Value::Datetime(d) => json!(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(as_json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, as_json(v))).collect()),
    }
}

fn toml_json(text: &str) -> Value {
    as_json(toml::Value::Table(toml::from_str(text).unwrap_or_else(|e| panic!("not TOML: {e}\n{text}"))))
}

/// What `schema` finds wrong with `instance` (a real validator, formats asserted).
fn problems(schema: &Value, instance: &Value) -> Option<String> {
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    compiler.add_resource("file:///schema.json", schema.clone()).unwrap();
    let index = compiler.compile("file:///schema.json", &mut schemas).unwrap();
    schemas.validate(instance, index).err().map(|e| format!("{e:#}"))
}

/// The kind of data file `path` is, by where it lies in a briefs folder.
fn kind_of(path: &Path) -> &'static str {
    let parent = path.parent().unwrap();
    match parent.file_name().unwrap().to_str().unwrap() {
        "trips" => "trip",
        "cities" => "city",
        _ => "interactions",
    }
}

/// Every TOML file under `dir`, sorted.
fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            toml_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "toml") {
            out.push(p);
        }
    }
}

/// The data files of a briefs folder (not mail.toml).
fn data_files(briefs: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    toml_files(&briefs.join("cities"), &mut files);
    toml_files(&briefs.join("trips"), &mut files);
    files
}

/// Each data file of `briefs` names the schema of its kind in its first
/// line, as a path from the file (as Taplo resolves it) to a file there,
/// and passes that schema.
fn names_and_passes_its_schema(briefs: &Path, schema_dir: &Path) -> usize {
    let files = data_files(briefs);
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let kind = kind_of(file);
        let first = text.lines().next().unwrap_or("");
        let rel = first
            .strip_prefix("#:schema ")
            .unwrap_or_else(|| panic!("{}: the first line is not `#:schema PATH`: {first:?}", file.display()));
        let named = file.parent().unwrap().join(rel).canonicalize().unwrap_or_else(|e| {
            panic!("{}: `#:schema {rel}` names no file ({e})", file.display());
        });
        let expected = schema_dir.join(format!("{kind}.schema.json")).canonicalize().unwrap();
        assert_eq!(named, expected, "{}: the schema of a {kind} file is {}", file.display(), expected.display());
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(&named).unwrap()).unwrap();
        if let Some(p) = problems(&schema, &toml_json(&text)) {
            panic!("{} does not pass {}:\n{p}", file.display(), named.display());
        }
    }
    files.len()
}

#[test]
fn the_shipped_schemas_are_what_the_binary_prints() {
    for kind in KINDS {
        let path = repo().join(format!("schema/{kind}.schema.json"));
        let shipped = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            shipped == printed(kind),
            "{} is not what `briefpack schema {kind}` prints; write them again with \
             `cargo run -- schema --dir schema`",
            path.display()
        );
    }
    // --dir writes the three.
    let run = Test::new().args(&["schema", "--dir", "out"]).run().success().stderr_has("wrote 3 schemas to out");
    for kind in KINDS {
        let written = std::fs::read_to_string(run.dir.join(format!("out/{kind}.schema.json"))).unwrap();
        assert_eq!(written, printed(kind), "{kind}");
    }
    Test::new().args(&["schema"]).run().failure();
    Test::new().args(&["schema", "citty"]).run().failure().stderr_has("city");
}

#[test]
fn every_example_file_names_its_schema_and_passes_it() {
    let n = names_and_passes_its_schema(&repo().join("briefs"), &repo().join("schema"));
    assert_eq!(n, 5, "the example files: 2 cities, 1 interaction file, 2 trips");
}

/// `init` writes the schemas its example files name; `new` names them too
/// (and its files pass them) where they are, and not where they are not.
#[test]
fn a_new_project_has_the_schemas_its_files_name() {
    let t = Test::new().args(&["init", "proj"]).run().success();
    let proj = t.dir.join("proj");
    for args in [&["new", "city", "tokyo"][..], &["new", "trip", "tokyo-2027-01", "--city", "tokyo"]] {
        let out = common::run_in(&proj, args, &[]);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(names_and_passes_its_schema(&proj.join("briefs"), &proj.join("schema")), 4);
    let run = Test::new().args(&["new", "city", "tokyo"]).run().success();
    let text = std::fs::read_to_string(run.dir.join("briefs/cities/tokyo.toml")).unwrap();
    assert!(!text.contains("#:schema"), "no schema/ to name here:\n{text}");
    for kind in KINDS {
        assert_eq!(std::fs::read_to_string(proj.join(format!("schema/{kind}.schema.json"))).unwrap(), printed(kind));
    }
}

/// Mistakes the schema flags: each is a change to an example file that
/// passes, and `check` finds it too.
#[test]
fn a_misspelt_key_a_wrong_word_or_a_bad_date_fails_the_schema() {
    let cases: [(&str, &str, &str, &str); 10] = [
        ("cities/astana.toml", "name_en = ", "nme_en = ", "'nme_en' not allowed"),
        ("cities/astana.toml", "kind = \"sister_city\"", "kind = \"sister-city\"", "at '/relationship/kind'"),
        ("cities/astana.toml", "side = \"partner\"", "side = \"partners\"", "/side'"),
        (
            "cities/astana.toml",
            "established = 2004-06-11",
            "established = 2547-06-11",
            "at '/relationship/established'",
        ),
        ("cities/astana.toml", "established = 2004-06-11", "established = 2004-06-11T09:00:00", "/established'"),
        ("cities/astana.toml", "id = \"tavida\"", "id = \"Tavida\"", "at '/people/0/id'"),
        ("cities/seoul/2019-friendship-festival.toml", "year = 2019", "start = 2019-08-30", "'end'"),
        ("trips/astana-2026-12.toml", "status = \"draft\"", "status = \"done\"", "at '/status'"),
        ("trips/astana-2026-12.toml", "prepared_by = ", "prepared_for = ", "'prepared_for' not allowed"),
        ("trips/seoul-2027-03.toml", "time = \"", "time = \"25:", "/time'"),
    ];
    for (file, from, to, flagged) in cases {
        let text = std::fs::read_to_string(repo().join("briefs").join(file)).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        let broken = text.replacen(from, to, 1);
        let kind = kind_of(Path::new(file));
        let p = problems(&schema(kind), &toml_json(&broken))
            .unwrap_or_else(|| panic!("{file} with {to:?} passes the {kind} schema"));
        eprintln!("=== {to}\n{p}");
        assert!(p.contains(flagged), "{file} with {to:?}: {p}");
        // `check` refuses it too.
        Test::new().copy("briefs", "briefs").file(&format!("briefs/{file}"), &broken).args(&["check"]).run().failure();
    }
}

/// The data files of a briefs folder that put an unknown key in every
/// table the readers read, and an unknown word in every key that takes a
/// word: (file, lines, each with the table it is in: `interactions[].photos[]`).
const PROBES: &[(&str, &[(&str, &str)])] = &[
    (
        "cities/x.toml",
        &[
            ("zzz_root = 1", ""),
            ("[city]", "city"),
            ("zzz_city = 1", "city"),
            ("[city.profile]", "city.profile"),
            ("zzz_profile = 1", "city.profile"),
            ("[[city.facts]]", "city.facts[]"),
            ("zzz_fact = 1", "city.facts[]"),
            ("[relationship]", "relationship"),
            ("zzz_relationship = 1", "relationship"),
            ("[[people]]", "people[]"),
            ("zzz_person = 1", "people[]"),
            ("[[people]]", "people[]"),
            ("side = \"zzz\"", "people[]"),
            ("[[figures]]", "figures[]"),
            ("zzz_figure = 1", "figures[]"),
            ("[[interactions]]", "interactions[]"),
            ("zzz_interaction = 1", "interactions[]"),
            ("photos = [{ zzz_photo = 1 }]", "interactions[].photos[]"),
            ("[[interactions]]", "interactions[]"),
            ("kind = \"zzz\"", "interactions[]"),
        ],
    ),
    // A key given a word is not missing: the words are probed apart.
    ("cities/y.toml", &[("# (no [city])", ""), ("[relationship]", "relationship"), ("kind = \"zzz\"", "relationship")]),
    ("cities/empty.toml", &[("", "")]),
    (
        "cities/x/more.toml",
        &[
            ("zzz_root = 1", ""),
            ("[[interactions]]", "interactions[]"),
            ("zzz_interaction = 1", "interactions[]"),
            ("photos = [{ zzz_photo = 1 }]", "interactions[].photos[]"),
        ],
    ),
    (
        "trips/t.toml",
        &[
            ("zzz_trip = 1", ""),
            ("delegation = [{ zzz_delegate = 1 }]", "delegation[]"),
            ("[[agenda]]", "agenda[]"),
            ("zzz_day = 1", "agenda[]"),
            ("[[agenda.items]]", "agenda[].items[]"),
            ("zzz_item = 1", "agenda[].items[]"),
        ],
    ),
    ("trips/u.toml", &[("status = \"zzz\"", "")]),
];

/// What the readers said about one table: the keys they take (from the
/// help of an unknown key), the keys they require (from "has no `key`"),
/// and the words each word key takes.
#[derive(Default, Debug)]
struct Said {
    keys: BTreeSet<String>,
    required: BTreeSet<String>,
    words: BTreeMap<String, Vec<String>>,
}

/// The words in backquotes of `text`.
fn quoted(text: &str) -> Vec<String> {
    text.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

/// What `briefpack check --format json` says of the probe files, by (schema kind, table).
fn readers_say() -> BTreeMap<(&'static str, &'static str), Said> {
    let mut t = Test::new();
    for (file, lines) in PROBES {
        let text: Vec<&str> = lines.iter().map(|(l, _)| *l).collect();
        t = t.file(&format!("briefs/{file}"), &(text.join("\n") + "\n"));
    }
    let run = t.args(&["check", "briefs", "--format", "json"]).run().failure();
    let mut said: BTreeMap<(&str, &str), Said> = BTreeMap::new();
    for line in run.stdout().lines() {
        let d: Value = serde_json::from_str(line).unwrap();
        let (Some(file), Some(n)) = (d["file"].as_str(), d["line"].as_u64()) else { continue };
        let (message, help) = (d["message"].as_str().unwrap(), d["help"].as_str().unwrap_or(""));
        let Some((probe, lines)) = PROBES.iter().find(|(p, _)| file == format!("briefs/{p}")) else { continue };
        let (text, table) = lines[n as usize - 1];
        let s = said.entry((kind_of(Path::new(probe)), table)).or_default();
        let list = || quoted(help.rsplit(": ").next().unwrap());
        if message.starts_with("unknown key") || message.starts_with("unknown section `zzz_root` in a city") {
            s.keys.extend(list());
        } else if message.contains("hold only [[interactions]]") {
            s.keys.insert("interactions".into());
        } else if message.ends_with("which is required") {
            s.required.extend(quoted(message));
        } else if let Some(rest) = message.strip_prefix("this city file has no [") {
            s.required.insert(rest.trim_end_matches("] table").to_string());
        } else if message.ends_with("is not one of the allowed values") {
            s.words.insert(text.split(" = ").next().unwrap().to_string(), list());
        }
    }
    said
}

/// The table at `path` in `schema` (`agenda[].items[]`), and where it is.
fn table_at<'s>(schema: &'s Value, path: &str) -> (String, &'s Value) {
    let (mut at, mut pointer) = (schema, String::new());
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (name, list) = part.strip_suffix("[]").map_or((part, false), |n| (n, true));
        (at, pointer) = (&at["properties"][name], format!("{pointer}/properties/{name}"));
        if list {
            (at, pointer) = (&at["items"], format!("{pointer}/items"));
        }
        // A delegate is a person id or a table.
        if let Some(i) = at["anyOf"].as_array().and_then(|alts| alts.iter().position(|a| a["type"] == "object")) {
            (at, pointer) = (&at["anyOf"][i], format!("{pointer}/anyOf/{i}"));
        }
    }
    assert_eq!(at["type"], "object", "{path}: not a table in the schema");
    (pointer, at)
}

/// Where `schema` has a table (an object with properties).
fn tables(schema: &Value, pointer: &str, out: &mut BTreeSet<String>) {
    match schema {
        Value::Object(o) => {
            if o.get("type").is_some_and(|t| t == "object") {
                out.insert(pointer.to_string());
            }
            for (k, v) in o {
                tables(v, &format!("{pointer}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                tables(v, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn names(values: Option<&Value>) -> BTreeSet<String> {
    match values {
        Some(Value::Object(o)) => o.keys().cloned().collect(),
        Some(Value::Array(a)) => a.iter().map(|v| v.as_str().unwrap().to_string()).collect(),
        _ => BTreeSet::new(),
    }
}

#[test]
fn the_schema_takes_the_keys_and_words_the_readers_take() {
    let said = readers_say();
    let schemas: BTreeMap<&str, Value> = KINDS.iter().map(|k| (*k, schema(k))).collect();
    let mut seen: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for ((kind, path), s) in &said {
        let (pointer, table) = table_at(&schemas[kind], path);
        seen.entry(kind).or_default().insert(pointer);
        let at = format!("{kind} file, table `{path}`");
        assert!(!s.keys.is_empty(), "{at}: the readers named no keys");
        assert_eq!(names(table.get("properties")), s.keys, "{at}: the keys of the schema, then the reader's");
        assert_eq!(names(table.get("required")), s.required, "{at}: the required keys");
        assert_eq!(table["additionalProperties"], false, "{at}: a misspelt key must fail");
        for (key, words) in &s.words {
            let schema_words: Vec<String> = names(table["properties"][key].get("enum")).into_iter().collect();
            let mut words = words.clone();
            words.sort();
            assert_eq!(schema_words, words, "{at}: the words of `{key}`");
        }
    }
    let words: usize = said.values().map(|s| s.words.len()).sum();
    assert_eq!(words, 4, "relationship kind, side, interaction kind, trip status");
    // Every table of every schema was probed: a table added to the schema
    // (or to a reader, whose key then shows here) needs a line in PROBES.
    for (kind, schema) in &schemas {
        let mut all = BTreeSet::new();
        tables(schema, "", &mut all);
        assert_eq!(seen.remove(kind).unwrap_or_default(), all, "{kind}: the tables probed, then the schema's");
    }
}
