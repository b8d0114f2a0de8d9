//! Every fixture page of the oracle-rest kind (`tests/fixtures/pages/oracle-rest/NAME.txt`),
//! imported on its own and compared with the document it states (`NAME.expected.yaml`,
//! written by hand from the page).

use std::path::{Path, PathBuf};

use serde_json::Value;
use specforge::import::{import, Kind, Source};

const DIR: &str = "tests/fixtures/pages/oracle-rest";

fn pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(DIR)
        .expect("the fixture folder exists")
        .map(|entry| entry.expect("a readable folder entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    pages.sort();
    pages
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

fn check(page: &Path) -> Vec<String> {
    let name = page
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or("page");
    let text = std::fs::read_to_string(page).expect("the page is readable");
    let source = Source {
        file: page.display().to_string(),
        text: text.clone(),
    };
    let mut problems = Vec::new();
    assert_eq!(
        Kind::detect(&text),
        Some(Kind::OracleRest),
        "{name} is detected as an oracle-rest page"
    );
    let imported = match import(name, &[source], Some(Kind::OracleRest)) {
        Ok(imported) => imported,
        Err(error) => return vec![format!("{name}: does not import: {error}")],
    };
    for line in imported.unread_lines() {
        problems.push(format!("{name}: line not understood: {line}"));
    }
    let expected_file = page.with_extension("expected.yaml");
    let expected_text = std::fs::read_to_string(&expected_file)
        .unwrap_or_else(|_| panic!("{} exists", expected_file.display()));
    let expected: Value = serde_yaml::from_str(&expected_text)
        .unwrap_or_else(|error| panic!("{} is YAML: {error}", expected_file.display()));
    let mut diff = Vec::new();
    differences("", &expected, &imported.document, &mut diff);
    problems.extend(diff.into_iter().map(|line| format!("{name}: {line}")));
    problems
}

#[test]
fn every_fixture_page_imports_to_its_expected_document() {
    let pages = pages();
    let problems: Vec<String> = pages.iter().flat_map(|page| check(page)).collect();
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
    assert!(
        pages.len() >= 6,
        "at least six fixture pages, found {}",
        pages.len()
    );
}
