//! Bad pages and overlays through `cargo xtask import --api`: each exits non-zero, names the
//! file and the line, and leaves the output folder exactly as it was.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `cargo xtask import --api x --out DIR [--overlay overlay.yaml] PAGES...` on these pages
/// (name, text) and overlay, where DIR already holds an `x.yaml`; returns stderr.
fn import_bad(pages: &[(&str, &str)], overlay: Option<&str>, extra: &[&str]) -> String {
    let scratch = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let out = scratch.path().join("out");
    fs::create_dir_all(&out).unwrap_or_else(|err| panic!("{err}"));
    fs::write(out.join("x.yaml"), "# before\n").unwrap_or_else(|err| panic!("{err}"));
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.current_dir(scratch.path());
    command
        .args(["import", "--api", "x", "--out", "out"])
        .args(extra);
    if let Some(overlay) = overlay {
        fs::write(scratch.path().join("overlay.yaml"), overlay)
            .unwrap_or_else(|err| panic!("{err}"));
        command.args(["--overlay", "overlay.yaml"]);
    }
    for (name, text) in pages {
        fs::write(scratch.path().join(name), text).unwrap_or_else(|err| panic!("{err}"));
        command.arg(name);
    }
    let output = command.output().unwrap_or_else(|err| panic!("{err}"));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!output.status.success(), "accepted:\n{stderr}");
    let left: Vec<String> = fs::read_dir(&out)
        .unwrap_or_else(|err| panic!("{err}"))
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["x.yaml"], "the output folder changed");
    assert_eq!(
        fs::read_to_string(out.join("x.yaml")).unwrap_or_default(),
        "# before\n",
        "x.yaml was written"
    );
    stderr
}

fn seed(path: &str) -> String {
    fs::read_to_string(root().join(path)).unwrap_or_else(|err| panic!("{path}: {err}"))
}

const MARKDOC_HEAD: &str = "---\ntitle: T\ndescription: D.\n---\n\n# {% $markdoc.frontmatter.title %}\n## `/v1/x` — `post`\n**Request Body Type** — `application/json`\n\n";

#[test]
fn a_page_of_no_known_kind() {
    let stderr = import_bad(&[("notes.txt", "Meeting notes\nnothing here\n")], None, &[]);
    assert!(
        stderr.contains("error: notes.txt: not a page of a known kind (tried markdoc, sdk-model, oracle-rest, mintlify, docusaurus)"),
        "{stderr}"
    );
}

#[test]
fn a_table_row_with_too_few_cells() {
    let page = format!(
        "{MARKDOC_HEAD}`X`\n| Field | Type | Required | Description |\n| - | - | - | - |\n|`a`|`string`|\n"
    );
    let stderr = import_bad(&[("page.md", &page)], None, &[]);
    assert!(
        stderr.contains(
            "error: page.md:13: markdoc page: a table row with 2 cells where the header has 4"
        ),
        "{stderr}"
    );
}

#[test]
fn a_field_block_cut_off() {
    let whole = seed("specs/pages/awx/update-token.txt");
    // The page ends after a field's name, before its type.
    let cut: String = whole
        .lines()
        .take_while(|line| *line != "application:")
        .chain(["application:"])
        .map(|line| format!("{line}\n"))
        .collect();
    let stderr = import_bad(&[("token.txt", &cut)], None, &[]);
    assert!(
        stderr.contains("error: token.txt:")
            && stderr.contains("the block of `application` is cut off"),
        "{stderr}"
    );
}

#[test]
fn two_pages_stating_one_type_differently() {
    let one = format!(
        "{MARKDOC_HEAD}`Body`\n| Field | Type | Required | Description |\n| - | - | - | - |\n|`a`|`string`|Required|A.|\n"
    );
    let two = one
        .replace("/v1/x", "/v1/y")
        .replace("|`a`|`string`|", "|`a`|`number`|");
    let stderr = import_bad(&[("one.md", &one), ("two.md", &two)], None, &[]);
    assert!(
        stderr.contains(
            "error: two.md:11: type `Body` is stated here with other fields than at one.md:11"
        ),
        "{stderr}"
    );
}

#[test]
fn an_overlay_target_that_selects_nothing() {
    let page = seed("specs/pages/fimidara/update-token.md");
    let overlay = "overlay: 1.0.0\ninfo:\n  title: o\n  version: '1'\nactions:\n  - target: $.info\n    update:\n      version: v9\n  - target: $.paths['/v1/gone'].post\n    description: an endpoint the page no longer has\n    update:\n      operationId: gone\n";
    let stderr = import_bad(&[("page.md", &page)], Some(overlay), &[]);
    assert!(
        stderr.contains("error: overlay.yaml:9: target `$.paths['/v1/gone'].post` selects nothing in the imported document"),
        "{stderr}"
    );
}

#[test]
fn an_overlay_that_is_not_overlay_1_0() {
    let page = seed("specs/pages/fimidara/update-token.md");
    let stderr = import_bad(
        &[("page.md", &page)],
        Some("openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths: {}\n"),
        &[],
    );
    assert!(
        stderr.contains("error: overlay.yaml:1: not an OpenAPI Overlay document"),
        "{stderr}"
    );
    let stderr = import_bad(
        &[("page.md", &page)],
        Some("overlay: 1.1.0\ninfo:\n  title: t\n  version: '1'\nactions: []\n"),
        &[],
    );
    assert!(
        stderr.contains("error: overlay.yaml:1: overlay version 1.1.0: only Overlay 1.0"),
        "{stderr}"
    );
}

#[test]
fn strict_fails_on_a_line_not_understood() {
    let page = format!(
        "{MARKDOC_HEAD}A line of prose the layout does not have.\n`X`\n| Field | Type | Required | Description |\n| - | - | - | - |\n|`a`|`string`|Required|A.|\n"
    );
    let stderr = import_bad(&[("page.md", &page)], None, &["--strict"]);
    assert!(
        stderr.contains("--strict: 1 lines not understood"),
        "{stderr}"
    );
}

#[test]
fn import_writes_the_spec_and_check_finds_it_up_to_date() {
    let scratch = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let page = root().join("specs/pages/fimidara/update-token.md");
    let run = |check: bool| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
        command
            .args(["import", "--api", "fimidara", "--out"])
            .arg(scratch.path());
        if check {
            command.arg("--check");
        }
        command
            .arg(&page)
            .output()
            .unwrap_or_else(|err| panic!("{err}"))
    };
    let check = run(true);
    assert!(!check.status.success(), "--check passed without a spec");
    let written = run(false);
    let stdout = String::from_utf8_lossy(&written.stdout);
    assert!(written.status.success(), "{stdout}");
    assert!(
        stdout.contains(
            "fimidara: 1 operations, 7 schemas from 1 pages; 0 of 84 lines not understood"
        ),
        "{stdout}"
    );
    let spec = fs::read_to_string(scratch.path().join("fimidara.yaml"))
        .unwrap_or_else(|err| panic!("{err}"));
    assert!(
        spec.contains("openapi: 3.0.3") && spec.contains("UpdateClientAssignedTokenEndpointParams")
    );
    assert!(run(true).status.success(), "--check after writing");
}
