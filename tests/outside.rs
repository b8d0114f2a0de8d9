//! specforge proven from outside: a fresh project in a temporary folder, with a spec of its
//! own and the files the README's "A project of your own" shows, generates its crates with the
//! `specforge` binary and, separately, with the library from its xtask (the two must agree
//! byte for byte); then its app crate, which depends on the generated models and server by
//! path, builds, serves requests through the stub, and its test reads the responses with the
//! models.
//!
//! The project is built in one `cargo build`, offline, with this repository's `Cargo.lock`
//! (so every dependency is one already downloaded), into a target folder of its own beside
//! this build's (`<target>/outside`), kept between runs so that a rerun only builds the
//! project's own crates.

use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeMap;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

/// The project's spec: one POST with a JSON body, one GET with a path parameter, and the
/// error body both document, which the router's own rejections use too.
const SPEC: &str = r##"openapi: 3.0.3
info:
  title: Notes
  version: "1.0.0"
  description: A store of short notes.
x-specforge-server:
  errors:
    default:
      message: "{message}"
paths:
  /notes:
    post:
      operationId: createNote
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/NewNote"
      responses:
        "201":
          description: The note, as stored.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Note"
        "400":
          description: The body is not a note.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Error"
  /notes/{id}:
    get:
      operationId: getNote
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: integer
            format: int64
      responses:
        "200":
          description: The note.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Note"
        "404":
          description: No note has this id.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Error"
components:
  schemas:
    NewNote:
      type: object
      required: [text]
      properties:
        text:
          type: string
          minLength: 1
        tags:
          type: array
          items:
            type: string
    Note:
      type: object
      required: [id, text, tags]
      properties:
        id:
          type: integer
          format: int64
        text:
          type: string
        tags:
          type: array
          items:
            type: string
    Error:
      type: object
      required: [message]
      properties:
        message:
          type: string
"##;

/// The app's test, this test's own (the README does not show it): it serves the router on a
/// free port, sends requests over a plain TCP connection, and reads each response body with
/// the models crate's types.
const APP_TEST: &str = r##"use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use notes_models::{Error, NewNote, Note};

/// Sends one HTTP/1.1 request and returns the status and the body of the response.
fn request(addr: SocketAddr, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(
        !head.to_ascii_lowercase().contains("transfer-encoding: chunked"),
        "{head}"
    );
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, body.to_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_stub_serves_a_note_and_the_models_read_it() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = notes_server::router(notes_app::Notes::default());
    tokio::spawn(async move { notes_server::Server::new(listener).serve(router).await.unwrap() });
    let send = move |method: &'static str, path: &'static str, body: String| {
        tokio::task::spawn_blocking(move || request(addr, method, path, &body))
    };

    let new = NewNote { text: "buy milk".to_owned(), tags: Some(vec!["home".to_owned()]) };
    let (status, body) = send("POST", "/notes", serde_json::to_string(&new).unwrap()).await.unwrap();
    assert_eq!(status, 201, "{body}");
    let note: Note = serde_json::from_str(&body).unwrap();
    let expected = Note { id: 1, text: "buy milk".to_owned(), tags: vec!["home".to_owned()] };
    assert_eq!(note, expected);

    let (status, body) = send("GET", "/notes/1", String::new()).await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert_eq!(serde_json::from_str::<Note>(&body).unwrap(), expected);

    // The implementation's own error, and the router's (`minLength: 1`), in the spec's body.
    let (status, body) = send("GET", "/notes/7", String::new()).await.unwrap();
    assert_eq!(status, 404, "{body}");
    assert_eq!(serde_json::from_str::<Error>(&body).unwrap().message, "no note 7");
    let (status, body) = send("POST", "/notes", r#"{"text": ""}"#.to_owned()).await.unwrap();
    assert_eq!(status, 400, "{body}");
    let error: Error = serde_json::from_str(&body).unwrap();
    assert!(error.message.contains("text"), "{}", error.message);
}
"##;

/// The dependency on specforge as the README writes it, and as the project gets it here.
const README_DEPENDENCY: &str = "path = \"../../specforge\"";

/// The files of the README's "A project of your own": every code block of that section whose
/// first line is a comment naming a file (`# Cargo.toml`, `// app/src/lib.rs`).
fn readme_files(readme: &str) -> Vec<(String, String)> {
    let section = readme
        .split("### A project of your own")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_else(|| panic!("the README has no section \"A project of your own\""));
    let mut files = Vec::new();
    for block in section.split("\n```").skip(1).step_by(2) {
        let Some((_language, text)) = block.split_once('\n') else {
            continue;
        };
        let first = text.lines().next().unwrap_or_default();
        let name = first
            .strip_prefix("# ")
            .or_else(|| first.strip_prefix("// "))
            .filter(|name| {
                !name.contains(' ') && (name.ends_with(".toml") || name.ends_with(".rs"))
            });
        if let Some(name) = name {
            files.push((name.to_owned(), text.to_owned()));
        }
    }
    files
}

/// Runs `command` in `dir`; panics with its output unless it succeeds (leaving out cargo's JSON
/// messages, whose diagnostics are on stderr too).
fn run(dir: &Path, command: &mut Command) -> Output {
    let output = command
        .current_dir(dir)
        .output()
        .unwrap_or_else(|err| panic!("{command:?}: {err}"));
    if !output.status.success() {
        let stdout: Vec<String> = stdout(&output)
            .lines()
            .filter(|line| !line.starts_with("{\"reason\":"))
            .map(str::to_owned)
            .collect();
        panic!(
            "{command:?} failed:\n{}\n{}",
            stdout.join("\n"),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    output
}

/// The executable of the target `name` of `kind` (`bin`, `test`) that the build whose JSON
/// messages `build` printed made: for a `bin`, the program, not its unit tests (which
/// `--all-targets` builds too, as a `bin` target built with the test profile).
fn executable(build: &Output, name: &str, kind: &str) -> PathBuf {
    stdout(build)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| {
            let target = &message["target"];
            message["reason"] == "compiler-artifact"
                && message["profile"]["test"] == (kind == "test")
                && target["name"] == name
                && target["kind"]
                    .as_array()
                    .is_some_and(|kinds| kinds.iter().any(|k| k == kind))
        })
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .unwrap_or_else(|| panic!("the build made no {kind} {name}"))
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Every file below `dir` with its contents, by path relative to `dir`.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).unwrap_or_else(|err| panic!("{err}")) {
            let path = entry.unwrap_or_else(|err| panic!("{err}")).path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let contents = fs::read(&path).unwrap_or_else(|err| panic!("{err}"));
                let relative = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
                files.insert(relative, contents);
            }
        }
    }
    files
}

#[test]
fn a_project_outside_generates_builds_and_serves_with_the_generated_crates() {
    let start = Instant::now();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let binary = Path::new(env!("CARGO_BIN_EXE_specforge"));
    // `<target>/debug/specforge`: the project's own target folder is `<target>/outside`.
    let target = binary
        .parent()
        .and_then(Path::parent)
        .unwrap_or_else(|| panic!("{} has no target folder", binary.display()))
        .join("outside");
    // A folder of the system's temporary folder, named after this checkout rather than new on
    // every run: the project's path packages are built into `<target>/outside` under hashes of
    // their paths, so a new path every run would leave a new xtask binary there every run.
    let mut hasher = DefaultHasher::new();
    repo.hash(&mut hasher);
    let scratch = std::env::temp_dir().join(format!("specforge-outside-{:016x}", hasher.finish()));
    if scratch.exists() {
        fs::remove_dir_all(&scratch).unwrap_or_else(|err| panic!("{err}"));
    }
    let project = scratch.as_path();
    assert!(
        !project.starts_with(repo),
        "{} is in the repository",
        project.display()
    );

    let readme = fs::read_to_string(repo.join("README.md")).unwrap_or_else(|err| panic!("{err}"));
    let mut files = readme_files(&readme);
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Cargo.toml",
            "app/Cargo.toml",
            "app/src/lib.rs",
            "app/src/main.rs",
            ".cargo/config.toml",
            "xtask/Cargo.toml",
            "xtask/src/main.rs"
        ]
    );
    for (name, text) in &mut files {
        if name == "xtask/Cargo.toml" {
            assert!(text.contains(README_DEPENDENCY), "{text}");
            *text = text.replace(
                README_DEPENDENCY,
                &format!("path = {:?}", repo.display().to_string()),
            );
        }
    }
    files.push(("specs/notes.yaml".to_owned(), SPEC.to_owned()));
    files.push(("app/tests/request.rs".to_owned(), APP_TEST.to_owned()));
    for (name, text) in &files {
        let path = project.join(name);
        fs::create_dir_all(path.parent().unwrap_or(project)).unwrap_or_else(|err| panic!("{err}"));
        fs::write(&path, text).unwrap_or_else(|err| panic!("{name}: {err}"));
    }
    // This repository's lock file pins the dependencies to versions already downloaded (and,
    // in `<target>/outside`, already built), so the build runs offline.
    fs::copy(repo.join("Cargo.lock"), project.join("Cargo.lock"))
        .unwrap_or_else(|err| panic!("{err}"));

    // The installed binary.
    let written = stdout(&run(project, Command::new(binary).arg("generate")));
    assert!(
        written.starts_with("notes: 4 types, 2 operations, 9 files in ")
            && written.contains("\nwrote 26 files to generated\n"),
        "{written}"
    );
    let by_binary = tree(&project.join("generated"));

    // One build: the xtask (the library) and the app with its test, against the generated
    // crates.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let cargo = |args: &[&str]| {
        let mut command = Command::new(&cargo);
        // No debug info and no incremental state: the project is built to run once.
        command
            .args(args)
            .arg("--offline")
            .env("CARGO_TARGET_DIR", &target)
            .env("CARGO_PROFILE_DEV_DEBUG", "false")
            .env("CARGO_INCREMENTAL", "0");
        run(project, &mut command)
    };
    let built = Instant::now();
    let build = cargo(&[
        "build",
        "--package",
        "xtask",
        "--package",
        "notes-app",
        "--all-targets",
        "--message-format=json-render-diagnostics",
    ]);
    let build_took = built.elapsed();
    // What the build made is run as it is: `cargo xtask` or `cargo test --package notes-app`
    // alone would build again, each with the features of its own package only.
    let xtask = executable(&build, "xtask", "bin");
    let app_test = executable(&build, "request", "test");

    // The library, from the xtask: it finds the binary's output up to date, then writes the
    // same files again.
    let checked = stdout(&run(project, Command::new(&xtask).arg("--check")));
    assert!(
        checked.starts_with("notes: 4 types, 2 operations, 9 files in "),
        "{checked}"
    );
    let served = stdout(&run(project, &mut Command::new(&app_test)));
    assert!(
        served.contains("test the_stub_serves_a_note_and_the_models_read_it ... ok"),
        "{served}"
    );
    run(project, &mut Command::new(&xtask));
    let by_library = tree(&project.join("generated"));
    assert_eq!(
        by_binary.keys().collect::<Vec<_>>(),
        by_library.keys().collect::<Vec<_>>()
    );
    for (file, contents) in &by_binary {
        assert!(by_library[file] == *contents, "{} differs", file.display());
    }
    run(
        project,
        Command::new(binary).args(["generate", "--check", "--quiet"]),
    );
    fs::remove_dir_all(project).unwrap_or_else(|err| panic!("{err}"));
    eprintln!(
        "the outside project took {:.1?} in all, {:.1?} of it its build",
        start.elapsed(),
        build_took
    );
}
