//! Every Mintlify fixture page (`tests/fixtures/pages/mintlify/NAME.txt`) imports into the
//! OpenAPI document written by hand beside it (`NAME.expected.yaml`), with every line read.

use std::path::{Path, PathBuf};

use serde_json::Value;
use specforge::import::{self, mintlify, Kind, Source};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages/mintlify");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    pages.sort();
    pages
}

/// Where two values differ, as `pointer: expected … found …` lines.
fn differences(expected: &Value, found: &Value, at: &str, out: &mut Vec<String>) {
    match (expected, found) {
        (Value::Object(want), Value::Object(have)) => {
            for (key, value) in want {
                let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                match have.get(key) {
                    Some(other) => differences(value, other, &here, out),
                    None => out.push(format!("{here}: missing (expected {value})")),
                }
            }
            for (key, value) in have {
                if !want.contains_key(key) {
                    out.push(format!("{at}/{key}: not expected, found {value}"));
                }
            }
        }
        (Value::Array(want), Value::Array(have)) if want.len() == have.len() => {
            for (index, (value, other)) in want.iter().zip(have).enumerate() {
                differences(value, other, &format!("{at}/{index}"), out);
            }
        }
        _ if expected == found => {}
        _ => out.push(format!("{at}: expected {expected}, found {found}")),
    }
}

#[test]
fn every_fixture_page_imports_into_its_expected_document() {
    let pages = fixtures();
    assert!(pages.len() >= 6, "fixture pages: {pages:?}");
    let mut failures = Vec::new();
    for page in &pages {
        let name = page
            .file_stem()
            .and_then(|stem| stem.to_str())
            .expect("fixture names are UTF-8");
        let text = std::fs::read_to_string(page).expect("fixture page");
        let expected_file = page.with_file_name(format!("{name}.expected.yaml"));
        let expected: Value = serde_yaml::from_str(
            &std::fs::read_to_string(&expected_file)
                .unwrap_or_else(|err| panic!("{}: {err}", expected_file.display())),
        )
        .unwrap_or_else(|err| panic!("{}: {err}", expected_file.display()));

        if !mintlify::detect(&text) {
            failures.push(format!("{name}: not detected as a Mintlify page"));
        }
        let source = Source {
            file: format!("{name}.txt"),
            text,
        };
        let imported = match import::import(name, &[source], Some(Kind::Mintlify)) {
            Ok(imported) => imported,
            Err(err) => {
                failures.push(format!("{name}: {err}"));
                continue;
            }
        };
        let unread = imported.unread_lines();
        if !unread.is_empty() {
            failures.push(format!(
                "{name}: lines not understood:\n  {}",
                unread.join("\n  ")
            ));
        }
        let mut diffs = Vec::new();
        differences(&expected, &imported.document, "", &mut diffs);
        if !diffs.is_empty() {
            failures.push(format!(
                "{name}: the document differs from {name}.expected.yaml:\n  {}\nimported:\n{}",
                diffs.join("\n  "),
                serde_yaml::to_string(&imported.document).unwrap_or_default()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
