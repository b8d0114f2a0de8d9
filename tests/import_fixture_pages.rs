//! Every fixture page of the three text kinds (`tests/fixtures/pages/<kind>/NAME.txt`) is
//! detected as its kind and imports, on its own, into the OpenAPI document written by hand
//! beside it from the page's facts (`NAME.expected.yaml`), with every line understood.

use std::path::{Path, PathBuf};

use serde_json::Value;
use specforge::import::{import, Kind, Source};

#[test]
fn every_oracle_rest_fixture_page_imports_to_its_expected_document() {
    check_kind(Kind::OracleRest);
}

#[test]
fn every_mintlify_fixture_page_imports_to_its_expected_document() {
    check_kind(Kind::Mintlify);
}

#[test]
fn every_docusaurus_fixture_page_imports_to_its_expected_document() {
    check_kind(Kind::Docusaurus);
}

/// The pages of one kind's fixture folder, sorted.
fn pages(kind: Kind) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pages")
        .join(kind.name());
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.expect("a readable folder entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    pages.sort();
    pages
}

fn check_kind(kind: Kind) {
    let pages = pages(kind);
    assert!(
        pages.len() >= 6,
        "at least six {kind} fixture pages, found {}",
        pages.len()
    );
    let failures: Vec<String> = pages.iter().flat_map(|page| check(kind, page)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// What is wrong with one fixture page: nothing, if it is detected as `kind`, imports with
/// every line understood, and states exactly its expected document.
fn check(kind: Kind, page: &Path) -> Vec<String> {
    let name = page
        .file_stem()
        .and_then(|stem| stem.to_str())
        .expect("fixture names are UTF-8");
    let text = std::fs::read_to_string(page).expect("the fixture page");
    let mut failures = Vec::new();
    if Kind::detect(&text) != Some(kind) {
        failures.push(format!(
            "{name}: detected as {:?}, not as {kind}",
            Kind::detect(&text)
        ));
    }
    let source = Source {
        file: format!("{name}.txt"),
        text,
    };
    let imported = match import(name, &[source], Some(kind)) {
        Ok(imported) => imported,
        Err(err) => {
            failures.push(format!("{name}: does not import: {err}"));
            return failures;
        }
    };
    let unread = imported.unread_lines();
    if !unread.is_empty() {
        failures.push(format!(
            "{name}: lines not understood:\n  {}",
            unread.join("\n  ")
        ));
    }
    let expected_file = page.with_file_name(format!("{name}.expected.yaml"));
    let expected: Value = serde_yaml::from_str(
        &std::fs::read_to_string(&expected_file)
            .unwrap_or_else(|err| panic!("{}: {err}", expected_file.display())),
    )
    .unwrap_or_else(|err| panic!("{}: {err}", expected_file.display()));
    let mut diffs = Vec::new();
    differences("", &expected, &imported.document, &mut diffs);
    if !diffs.is_empty() {
        failures.push(format!(
            "{name}: the document differs from {name}.expected.yaml:\n  {}\nimported:\n{}",
            diffs.join("\n  "),
            serde_yaml::to_string(&imported.document).unwrap_or_default()
        ));
    }
    failures
}

/// Where two values differ, as `pointer: expected … found …` lines.
fn differences(pointer: &str, expected: &Value, found: &Value, out: &mut Vec<String>) {
    match (expected, found) {
        (Value::Object(expected), Value::Object(found)) => {
            for (key, value) in expected {
                let at = format!("{pointer}/{}", escape(key));
                match found.get(key) {
                    Some(other) => differences(&at, value, other, out),
                    None => out.push(format!("{at}: expected {value}, found nothing")),
                }
            }
            for (key, value) in found {
                if !expected.contains_key(key) {
                    out.push(format!(
                        "{pointer}/{}: expected nothing, found {value}",
                        escape(key)
                    ));
                }
            }
        }
        (Value::Array(expected), Value::Array(found)) if expected.len() == found.len() => {
            for (index, (value, other)) in expected.iter().zip(found).enumerate() {
                differences(&format!("{pointer}/{index}"), value, other, out);
            }
        }
        _ if expected != found => {
            out.push(format!("{pointer}: expected {expected}, found {found}"))
        }
        _ => {}
    }
}

/// A key as a JSON pointer segment.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
