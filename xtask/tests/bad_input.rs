//! Bad input through the real command line: each case exits non-zero, names the file and the
//! place in it, and leaves the output folder exactly as it was.

use std::fs;
use std::path::Path;
use std::process::Command;

/// Runs `cargo xtask generate` on a folder holding one fixture from `tests/fixtures/bad/`, with
/// an output folder that already has a file in it. Returns stderr.
fn generate_bad(fixture: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let scratch = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let specs = scratch.path().join("specs");
    let out = scratch.path().join("generated");
    fs::create_dir_all(&specs).unwrap_or_else(|err| panic!("{err}"));
    fs::create_dir_all(out.join("awx/models")).unwrap_or_else(|err| panic!("{err}"));
    fs::write(out.join("awx/models/Cargo.toml"), "# before\n")
        .unwrap_or_else(|err| panic!("{err}"));
    fs::copy(
        root.join("tests/fixtures/bad").join(fixture),
        specs.join(fixture),
    )
    .unwrap_or_else(|err| panic!("{err}"));
    // The other files of a document in several files, in the folder named after it.
    let folder = root
        .join("tests/fixtures/bad")
        .join(fixture.trim_end_matches(".yaml"));
    if folder.is_dir() {
        let copy = specs.join(fixture.trim_end_matches(".yaml"));
        fs::create_dir_all(&copy).unwrap_or_else(|err| panic!("{err}"));
        for entry in fs::read_dir(&folder).into_iter().flatten().flatten() {
            fs::copy(entry.path(), copy.join(entry.file_name()))
                .unwrap_or_else(|err| panic!("{err}"));
        }
    }

    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["generate", "--specs"])
        .arg(&specs)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        !output.status.success(),
        "{fixture} was accepted:\n{stderr}"
    );
    let after: Vec<_> = walk(&out);
    assert_eq!(
        after,
        vec!["awx/models/Cargo.toml".to_owned()],
        "the output folder changed"
    );
    assert_eq!(
        fs::read_to_string(out.join("awx/models/Cargo.toml")).unwrap_or_default(),
        "# before\n"
    );
    assert!(
        stderr.contains(fixture),
        "the message does not name the file:\n{stderr}"
    );
    stderr
}

/// The lines of a message that state problems: not those of the snippets under them
/// (`  --> file:line:column`, `   |`, `12 |     type: strnig`, `   |     ^^^^`).
fn problems(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|line| {
            let gutter = line
                .trim_start()
                .trim_start_matches(|c: char| c.is_ascii_digit());
            !(line.trim().is_empty()
                || line.trim_start().starts_with("-->")
                || gutter.starts_with(" |")
                || gutter.starts_with('|'))
        })
        .collect()
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            for inner in walk(&path) {
                out.push(format!("{}/{inner}", entry.file_name().to_string_lossy()));
            }
        } else {
            out.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    out.sort();
    out
}

#[test]
fn yaml_syntax_error_names_line_and_column() {
    let stderr = generate_bad("yaml_syntax.yaml");
    assert!(stderr.contains("invalid YAML"), "{stderr}");
    // The parser notices the unclosed `[` of line 8 on line 9, column 16.
    assert!(stderr.contains("yaml_syntax.yaml:9:16:"), "{stderr}");
}

#[test]
fn dangling_ref_names_the_reference() {
    let stderr = generate_bad("dangling_ref.yaml");
    assert!(stderr.contains("dangling reference"), "{stderr}");
    assert!(
        stderr.contains("#/components/schemas/DoesNotExist"),
        "{stderr}"
    );
    assert!(
        stderr.contains("dangling_ref.yaml:23: #/components/schemas/Thing/properties/missing/$ref"),
        "{stderr}"
    );
}

#[test]
fn unknown_type_names_the_schema() {
    let stderr = generate_bad("unknown_type.yaml");
    assert!(
        stderr.contains("unknown schema type \"strnig\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("unknown_type.yaml:23: #/components/schemas/Thing/properties/name/type"),
        "{stderr}"
    );
}

#[test]
fn non_openapi_document_is_refused() {
    let stderr = generate_bad("not_openapi.yaml");
    assert!(
        stderr.contains("not an OpenAPI document: expected a top-level `openapi` field"),
        "{stderr}"
    );
}

#[test]
fn swagger_2_is_unsupported() {
    let stderr = generate_bad("swagger2.yaml");
    assert!(stderr.contains("Swagger 2.0"), "{stderr}");
}

#[test]
fn a_folder_of_something_else_is_not_replaced() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let scratch = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let specs = scratch.path().join("specs");
    let out = scratch.path().join("notes");
    fs::create_dir_all(&specs).unwrap_or_else(|err| panic!("{err}"));
    fs::create_dir_all(&out).unwrap_or_else(|err| panic!("{err}"));
    fs::write(out.join("todo.txt"), "keep me\n").unwrap_or_else(|err| panic!("{err}"));
    fs::copy(
        root.join("tests/fixtures/recursion.yaml"),
        specs.join("recursion.yaml"),
    )
    .unwrap_or_else(|err| panic!("{err}"));
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["generate", "--specs"])
        .arg(&specs)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "replaced a foreign folder");
    assert!(
        stderr.contains("holds no earlier generated output"),
        "{stderr}"
    );
    assert_eq!(walk(&out), vec!["todo.txt".to_owned()]);
}

#[test]
fn every_problem_of_a_document_is_reported_in_one_run() {
    let stderr = generate_bad("several_problems.yaml");
    for expected in [
        "several_problems.yaml:21: #/paths/~1pets/post/requestBody/$ref: dangling reference: \"#/components/requestBodies/NewPet\"",
        "several_problems.yaml:56: #/components/schemas/Owner/properties/pet/$ref: dangling reference: \"#/components/schemas/Animal\"",
        "several_problems.yaml:61: #/components/schemas/Toy/properties/kind/type: unknown schema type \"strnig\"",
    ] {
        assert!(stderr.contains(expected), "{expected}\nnot in:\n{stderr}");
    }
    assert_eq!(
        problems(&stderr).len(),
        3,
        "a part broken only by referring to a broken one is no problem of its own:\n{stderr}"
    );
}

#[test]
fn problems_in_other_files_name_those_files() {
    let stderr = generate_bad("broken_files.yaml");
    for expected in [
        "broken_files.yaml:15: #/paths/~1a/get/responses/200/content/application~1json/schema/$ref: reference \"broken_files/missing.yaml\": cannot read ",
        "broken_files.yaml:25: #/paths/~1b/get/responses/200/content/application~1json/schema/$ref: dangling reference: \"broken_files/models.yaml#/Nope\" points at nothing in ",
        "broken_files/models.yaml:5: #/Thing/properties/part/$ref: dangling reference: \"#/Missing\" points at nothing in ",
        "broken_files/not_yaml.yaml:",
        "broken_files/models.yaml:10: #/Kind/properties/kind/type: unknown schema type \"strnig\"",
    ] {
        assert!(stderr.contains(expected), "{expected}\nnot in:\n{stderr}");
    }
    assert_eq!(problems(&stderr).len(), 5, "each problem once:\n{stderr}");
}

#[test]
fn skip_invalid_generates_the_rest_and_says_what_it_left_out() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let scratch = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let specs = scratch.path().join("specs");
    let out = scratch.path().join("generated");
    fs::create_dir_all(&specs).unwrap_or_else(|err| panic!("{err}"));
    fs::copy(
        root.join("tests/fixtures/bad/several_problems.yaml"),
        specs.join("several_problems.yaml"),
    )
    .unwrap_or_else(|err| panic!("{err}"));
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["generate", "--skip-invalid", "--specs"])
        .arg(&specs)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    for skipped in [
        "skipped operation POST /pets: ",
        "skipped schema Owner: ",
        "skipped operation GET /owners: ",
        "skipped schema Toy: ",
        "skipped operation GET /toys: ",
    ] {
        assert!(stdout.contains(skipped), "{skipped}\nnot in:\n{stdout}");
    }
    assert!(
        stdout.contains("unknown schema type \"strnig\""),
        "a skipped part says why:\n{stdout}"
    );
    assert!(
        stdout.contains("skipped operation GET /toys: it refers to schema Toy, which is left out"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "skipped operation GET /owners: it refers to schema Owner, which is left out"
        ),
        "{stdout}"
    );
    let operations = fs::read_to_string(out.join("several_problems/models/src/operations.rs"))
        .unwrap_or_else(|err| panic!("{err}"));
    assert!(operations.contains("ListPetsResponse"), "{operations}");
    assert!(!operations.contains("AddPet") && !operations.contains("ListOwners"));
}

#[test]
fn each_problem_shows_its_source_line_with_carets_under_it() {
    let stderr = generate_bad("several_problems.yaml");
    let problem = "several_problems.yaml:61: #/components/schemas/Toy/properties/kind/type: unknown schema type \"strnig\"";
    let lines: Vec<&str> = stderr.lines().collect();
    let at = lines
        .iter()
        .position(|line| line.contains(problem))
        .unwrap_or_else(|| panic!("{problem}\nnot in:\n{stderr}"));
    // Not a terminal: no colour.
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
    assert!(
        lines[at + 1].trim_start().starts_with("--> ")
            && lines[at + 1].ends_with("several_problems.yaml:61:11"),
        "{stderr}"
    );
    assert_eq!(lines[at + 3], "61 |           type: strnig", "{stderr}");
    assert_eq!(lines[at + 4], "   |           ^^^^^^^^^^^^", "{stderr}");
    // A snippet for each of the three problems.
    assert_eq!(stderr.matches("--> ").count(), 3, "{stderr}");
}

#[test]
fn invalid_yaml_shows_a_caret_at_its_column() {
    let stderr = generate_bad("yaml_syntax.yaml");
    assert!(
        stderr.contains("\n9 |       responses:\n  |"),
        "the line is not shown:\n{stderr}"
    );
    let caret = stderr
        .lines()
        .find(|line| line.contains('^'))
        .unwrap_or_else(|| panic!("no caret:\n{stderr}"));
    // `9 | ` and then column 16.
    assert_eq!(caret, format!("  | {}^", " ".repeat(15)), "{stderr}");
}
