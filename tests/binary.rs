//! The `specforge` binary in someone else's repository: a folder outside this checkout, with a
//! spec (and pages) of its own and no templates folder, is generated into crates, and
//! `--check` then passes.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const SPEC: &str = r##"openapi: 3.0.3
info:
  title: Pets
  version: "1"
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: integer
      responses:
        "200":
          description: The pet.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Pet"
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name:
          type: string
        tag:
          type: string
          nullable: true
"##;

const PAGE: &str = "---\ntitle: T\ndescription: D.\n---\n\n# {% $markdoc.frontmatter.title %}\n## `/v1/x` — `post`\n**Request Body Type** — `application/json`\n\n`X`\n| Field | Type | Required | Description |\n| - | - | - | - |\n|`a`|`string`|Required|A.|\n";

/// Runs the binary in `dir`; panics with its output if it does not end as `success` says.
fn specforge(dir: &Path, args: &[&str], success: bool) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_specforge"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(
        output.status.success(),
        success,
        "specforge {}:\n{}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A folder outside this repository, with `specs/pets.yaml` in it.
fn elsewhere() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        !dir.path().starts_with(checkout),
        "{} is inside the checkout",
        dir.path().display()
    );
    fs::create_dir_all(dir.path().join("specs")).unwrap_or_else(|err| panic!("{err}"));
    fs::write(dir.path().join("specs/pets.yaml"), SPEC).unwrap_or_else(|err| panic!("{err}"));
    dir
}

/// Every file below `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            out.extend(
                files(&path)
                    .into_iter()
                    .map(|inner| format!("{name}/{inner}")),
            );
        } else {
            out.push(name);
        }
    }
    out.sort();
    out
}

#[test]
fn generate_outside_the_repository_then_check_passes() {
    let dir = elsewhere();
    let written = stdout(&specforge(dir.path(), &["generate"], true));
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(lines.len(), 2, "{written}");
    assert!(
        lines[0].starts_with("pets: 2 types, 1 operation, 9 files in ")
            && lines[0].ends_with(" ms"),
        "{written}"
    );
    let out = dir.path().join("generated");
    assert!(
        lines[1].starts_with("wrote ") && lines[1].ends_with(" files to generated"),
        "{written}"
    );
    let generated = files(&out);
    for crate_file in [
        "pets/models/Cargo.toml",
        "pets/models/src/lib.rs",
        "pets/server/Cargo.toml",
        "pets/server/src/lib.rs",
        "runtime/Cargo.toml",
        "runtime/src/lib.rs",
    ] {
        assert!(
            generated.iter().any(|file| file == crate_file),
            "no {crate_file} in {generated:?}"
        );
    }
    let models = fs::read_to_string(out.join("pets/models/src/lib.rs")).unwrap_or_default()
        + &fs::read_to_string(out.join("pets/models/src/types.rs")).unwrap_or_default();
    assert!(models.contains("pub struct Pet"), "{models}");
    // Nothing generated leads back into the checkout specforge was built from.
    let checkout = env!("CARGO_MANIFEST_DIR");
    for file in &generated {
        let text = fs::read_to_string(out.join(file)).unwrap_or_default();
        assert!(!text.contains(checkout), "{file} names {checkout}");
    }

    let checked = stdout(&specforge(dir.path(), &["generate", "--check"], true));
    assert!(checked.contains("\ngenerated is up to date ("), "{checked}");
    let quiet = specforge(dir.path(), &["generate", "--check", "--quiet"], true);
    assert_eq!(stdout(&quiet), "");

    fs::write(out.join("pets/models/src/lib.rs"), "// edited\n")
        .unwrap_or_else(|err| panic!("{err}"));
    let stale = specforge(dir.path(), &["generate", "--check"], false);
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert!(
        stderr.contains("stale: generated/pets/models/src/lib.rs")
            && stderr.contains("run `specforge generate` to update it"),
        "{stderr}"
    );
}

#[test]
fn own_templates_replace_the_built_in_ones_of_their_names() {
    let dir = elsewhere();
    let own = dir.path().join("own/crate");
    fs::create_dir_all(&own).unwrap_or_else(|err| panic!("{err}"));
    fs::write(
        own.join("models.Cargo.toml.tera"),
        "# ours\n[package]\nname = \"{{ package }}\"\n",
    )
    .unwrap_or_else(|err| panic!("{err}"));
    let args = [
        "generate",
        "--specs",
        "specs",
        "--out",
        "crates",
        "--templates",
        "own",
        "-q",
    ];
    assert_eq!(stdout(&specforge(dir.path(), &args, true)), "");
    let manifest = fs::read_to_string(dir.path().join("crates/pets/models/Cargo.toml"))
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(manifest, "# ours\n[package]\nname = \"pets-models\"\n");
    let server = fs::read_to_string(dir.path().join("crates/pets/server/Cargo.toml"))
        .unwrap_or_else(|err| panic!("{err}"));
    assert!(server.contains("name = \"pets-server\""), "{server}");
    let check = [&args[..args.len() - 1], &["--check"]].concat();
    specforge(dir.path(), &check, true);
}

#[test]
fn import_pages_then_generate_their_crates() {
    let dir = elsewhere();
    let pages = dir.path().join("specs/pages/things");
    fs::create_dir_all(&pages).unwrap_or_else(|err| panic!("{err}"));
    fs::write(pages.join("create-thing.md"), PAGE).unwrap_or_else(|err| panic!("{err}"));
    specforge(dir.path(), &["import", "--check"], false);
    let imported = stdout(&specforge(dir.path(), &["import"], true));
    assert!(
        imported.contains("things: 1 operations, 1 schemas from 1 pages; 0 of ")
            && imported.contains("wrote specs/things.yaml"),
        "{imported}"
    );
    specforge(dir.path(), &["import", "--check"], true);
    let generated = stdout(&specforge(dir.path(), &["generate"], true));
    assert!(generated.contains("\nthings: "), "{generated}");
    assert!(dir
        .path()
        .join("generated/things/server/src/lib.rs")
        .is_file());
}

#[test]
fn a_broken_spec_is_a_located_error_and_nothing_is_written() {
    let dir = elsewhere();
    fs::write(
        dir.path().join("specs/pets.yaml"),
        SPEC.replace("type: integer", "type: integr"),
    )
    .unwrap_or_else(|err| panic!("{err}"));
    let failed = specforge(dir.path(), &["generate"], false);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.starts_with("error: specs/pets.yaml:"), "{stderr}");
    assert_eq!(stdout(&failed), "");
    assert!(!dir.path().join("generated").exists());
}

/// The README's example of the library is the crate docs' example, which runs as a doctest.
#[test]
fn the_readme_shows_the_crate_docs_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |file: &str| {
        fs::read_to_string(root.join(file)).unwrap_or_else(|err| panic!("{file}: {err}"))
    };
    let readme = read("README.md");
    let section = readme
        .split("## Using specforge in your own repository")
        .nth(1)
        .unwrap_or_else(|| panic!("the README has no section on using specforge elsewhere"));
    let in_readme = section
        .split("```rust\n")
        .nth(1)
        .and_then(|block| block.split("```").next())
        .unwrap_or_default();
    let lib = read("src/lib.rs");
    let doc: Vec<&str> = lib
        .lines()
        .filter_map(|line| line.strip_prefix("//!"))
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .collect();
    let start = doc
        .iter()
        .position(|line| *line == "```")
        .unwrap_or(doc.len());
    let in_docs: String = doc
        .iter()
        .skip(start + 1)
        .take_while(|line| **line != "```")
        .filter(|line| !line.starts_with('#'))
        .map(|line| format!("{line}\n"))
        .collect();
    assert!(!in_docs.is_empty(), "no example in the crate docs");
    assert_eq!(in_readme, in_docs);
}

#[test]
fn a_config_file_given_or_found_shapes_the_output_and_a_bad_one_is_shown_at_its_line() {
    let dir = elsewhere();
    fs::write(
        dir.path().join("team.toml"),
        "[api.pets]\noutputs = [\"models\"]\nmodels-crate = \"acme-pets\"\n",
    )
    .unwrap_or_else(|err| panic!("{err}"));
    specforge(
        dir.path(),
        &["generate", "--config", "team.toml", "-q"],
        true,
    );
    let generated = files(&dir.path().join("generated"));
    assert!(
        generated
            .iter()
            .any(|file| file == "pets/models/Cargo.toml")
            && !generated
                .iter()
                .any(|file| file.starts_with("pets/server/")),
        "{generated:?}"
    );
    let manifest =
        fs::read_to_string(dir.path().join("generated/pets/models/Cargo.toml")).unwrap_or_default();
    assert!(manifest.contains("name = \"acme-pets\""), "{manifest}");

    // `specforge.toml` in the folder is read without being named.
    fs::write(
        dir.path().join("specforge.toml"),
        "[api.pets]\noutputs = [\"models\"]\nderive = [\"Hash\"]\n",
    )
    .unwrap_or_else(|err| panic!("{err}"));
    let failed = specforge(dir.path(), &["generate"], false);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("specforge.toml:3:1: unknown field `derive`, expected one of ")
            && stderr.contains("3 | derive = [\"Hash\"]\n  | ^^^^^^"),
        "{stderr}"
    );
}
