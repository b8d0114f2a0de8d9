//! The crates generated from a spec with a license are publishable: `cargo package` accepts
//! the runtime, the models crate and the server crate of one fixture, written into a scratch
//! workspace as `generated/` holds them.

use std::path::Path;
use std::process::Command;

use specforge::emit::{models, runtime, server};
use specforge::output::{self, FileSet};

#[test]
fn a_fixtures_crates_pass_cargo_package() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let name = "tests/fixtures/openapi31.yaml";
    let spec =
        specforge::spec::load_named(&root.join(name), name).unwrap_or_else(|err| panic!("{err}"));
    let api = specforge::ir::lower(&spec).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(api.package.license.as_deref(), Some("Apache-2.0"));
    let templates = specforge::templates::Templates::load(&root.join("templates"))
        .unwrap_or_else(|err| panic!("{err}"));

    let mut files = FileSet::default();
    let crates = [
        (runtime::FOLDER.to_owned(), runtime::emit(&templates)),
        (
            format!("{}/models", api.name),
            models::emit(&api, &templates),
        ),
        (
            format!("{}/server", api.name),
            server::emit(&api, &templates),
        ),
    ];
    let members: Vec<String> = crates.iter().map(|(folder, _)| folder.clone()).collect();
    for (folder, emitted) in crates {
        for (file, contents) in emitted.unwrap_or_else(|err| panic!("{err}")).iter() {
            files.insert(format!("{folder}/{file}"), contents.to_owned());
        }
    }
    let members = members.iter().map(|m| format!("{m:?}")).collect::<Vec<_>>();
    files.insert(
        "Cargo.toml",
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    );
    let scratch = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    for (file, contents) in files.iter() {
        output::write_file(&scratch.path().join(file), contents)
            .unwrap_or_else(|err| panic!("{err}"));
    }
    // The workspace's lock file pins the dependencies to versions already downloaded, so the
    // test runs offline.
    std::fs::copy(root.join("Cargo.lock"), scratch.path().join("Cargo.lock"))
        .unwrap_or_else(|err| panic!("{err}"));

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args([
            "package",
            "--workspace",
            "--no-verify",
            "--allow-dirty",
            "--offline",
        ])
        .current_dir(scratch.path())
        .env("CARGO_TARGET_DIR", scratch.path().join("target"))
        .output()
        .unwrap_or_else(|err| panic!("cannot run cargo: {err}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "cargo package failed:\n{stderr}");
    // A manifest missing what crates.io requires (a description, a license) is only a warning
    // to `cargo package`, as is one with no documentation, homepage or repository, which
    // crates.io recommends: the models and server crates take theirs from `info.contact.url`.
    // (The runtime crate, specforge's own, has no address to give.)
    for package in ["models", "server"] {
        let manifest = files
            .get(&format!("{}/{package}/Cargo.toml", api.name))
            .unwrap_or_default();
        assert!(
            manifest.contains("\nhomepage = \"https://example.com/openapi31\"\n"),
            "the {package} crate's manifest has no homepage:\n{manifest}"
        );
    }
    for required in ["description", "license"] {
        assert!(
            !stderr.contains(&format!("manifest has no {required}"))
                && !stderr.contains(&format!("{required}, ")),
            "cargo package says a manifest lacks {required}:\n{stderr}"
        );
    }
    for package in [
        "specforge-runtime-0.1.0",
        "openapi31-models-1.0.0",
        "openapi31-server-1.0.0",
    ] {
        let crate_file = scratch
            .path()
            .join(format!("target/package/{package}.crate"));
        assert!(crate_file.exists(), "no {}", crate_file.display());
    }
}
