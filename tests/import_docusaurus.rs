//! Every docusaurus-openapi-docs fixture page imports to the OpenAPI document written beside it
//! (`NAME.expected.yaml`, authored by hand from the page's facts), with every line understood.

use std::path::{Path, PathBuf};

use serde_json::Value;
use specforge::import::{docusaurus, import, Kind, Source};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages/docusaurus");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    pages.sort();
    pages
}

/// The JSON pointers where `found` and `expected` differ, with both values.
fn differences(found: &Value, expected: &Value, at: &str, out: &mut Vec<String>) {
    match (found, expected) {
        (Value::Object(found), Value::Object(expected)) => {
            for (key, value) in expected {
                let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                match found.get(key) {
                    Some(other) => differences(other, value, &here, out),
                    None => out.push(format!("{here}: missing (expected {value})")),
                }
            }
            for (key, value) in found {
                if !expected.contains_key(key) {
                    let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                    out.push(format!("{here}: not expected, found {value}"));
                }
            }
        }
        (Value::Array(found), Value::Array(expected)) if found.len() == expected.len() => {
            for (index, (found, expected)) in found.iter().zip(expected).enumerate() {
                differences(found, expected, &format!("{at}/{index}"), out);
            }
        }
        _ if found == expected => {}
        _ => out.push(format!("{at}: found {found}, expected {expected}")),
    }
}

#[test]
fn every_fixture_page_imports_to_its_expected_document() {
    let pages = fixtures();
    assert!(
        pages.len() >= 6,
        "expected at least 6 fixture pages, found {}",
        pages.len()
    );
    let mut failures = Vec::new();
    for page in &pages {
        let name = page
            .file_stem()
            .and_then(|stem| stem.to_str())
            .expect("a fixture name")
            .to_string();
        let text = std::fs::read_to_string(page).expect("the fixture page");
        let source = Source {
            file: format!("{name}.txt"),
            text,
        };
        let imported = match import(&name, &[source], Some(Kind::Docusaurus)) {
            Ok(imported) => imported,
            Err(error) => {
                failures.push(format!("{name}: import failed: {error}"));
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
        let expected_file = page.with_file_name(format!("{name}.expected.yaml"));
        let expected_text = std::fs::read_to_string(&expected_file)
            .unwrap_or_else(|error| panic!("{}: {error}", expected_file.display()));
        let expected: Value = serde_yaml::from_str(&expected_text)
            .unwrap_or_else(|error| panic!("{}: {error}", expected_file.display()));
        let mut found_differences = Vec::new();
        differences(&imported.document, &expected, "", &mut found_differences);
        if !found_differences.is_empty() {
            failures.push(format!(
                "{name}: the document differs from {name}.expected.yaml:\n  {}\nimported:\n{}",
                found_differences.join("\n  "),
                serde_yaml::to_string(&imported.document).unwrap_or_default()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_fixture_page_is_detected_as_docusaurus() {
    for page in fixtures() {
        let text = std::fs::read_to_string(&page).expect("the fixture page");
        assert!(docusaurus::detect(&text), "{}", page.display());
    }
}
