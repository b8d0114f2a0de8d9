//! `cargo xtask`: the command line of this repository. `generate` and `import` are the
//! `specforge` binary's commands (`specforge::cli`), run from the repository root; `corpus`,
//! `bench`, `compare` and `load` are the repository's own.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod compare;
use specforge::cli::{self, Context, GenerateArgs, ImportArgs};
use specforge::generate::{load_inputs, scratch_workspace};
use specforge::spec::{LoadOptions, Spec};
use specforge::{output, specs};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "specforge: OpenAPI specs to Rust crates and docs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate `generated/` from `specs/` and `templates/` (paths relative to the repository
    /// root).
    Generate(GenerateArgs),
    /// Write `specs/<api>.yaml` from `specs/pages/<api>/` and `specs/<api>.overlay.yaml`, for
    /// every API with pages; or, with `--api`, import the PAGE files given into `DIR/NAME.yaml`.
    Import(ImportArgs),
    /// Generate the models of every spec in `tests/corpus/` and `../shared/corpus/` (real
    /// public APIs) and `tests/fixtures/`, and check that they compile clippy-clean, tests
    /// included.
    Corpus {
        /// Also compile the documents whose crates are too large to compile in every CI run
        /// (`TOO_LARGE`); without it they are generated but not compiled.
        #[arg(long)]
        all: bool,
    },
    /// Measure the pipeline with criterion (`benches/generate.rs`); extra arguments go to
    /// criterion (a filter such as `twilio`, or `--save-baseline main`).
    Bench {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Run specforge and OpenAPI Generator 7.26 (`rust-axum`, installed from PyPI into
    /// `target/openapi-generator/` when missing; needs Java) alternately on each DOCUMENT, and
    /// print the median wall time, CPU time and peak memory of each, and the ratios.
    Compare {
        /// How many runs of each generator per document.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Also `cargo check` what each generated, one crate at a time, and print the seconds
        /// per 10,000 lines.
        #[arg(long)]
        check: bool,
        #[arg(value_name = "DOCUMENT", required = true)]
        documents: Vec<PathBuf>,
    },
    /// Run COMMAND and print what it cost on one line (wall and CPU nanoseconds, peak RSS in
    /// bytes, whether it succeeded), its stderr passed on: `compare` measures each run through
    /// this small process, so that a run's peak is its own and not `compare`'s (below).
    #[command(hide = true)]
    Measure {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, required = true)]
        command: Vec<std::ffi::OsString>,
    },
    /// Build the example servers and the load client (`examples/load/`) in release, and run
    /// the load client: each example server under a mix of valid, invalid, unauthorised and
    /// malformed requests, checked answer by answer; extra arguments go to the client
    /// (`--requests N`, `--connections C`, `--api NAME`).
    Load {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

fn main() -> ExitCode {
    let root = repository_root();
    let context = Context {
        root: root.clone(),
        command: "cargo xtask".to_owned(),
    };
    let result = match Cli::parse().command {
        // As the `specforge` binary does, and only for its commands: the prctl that turns
        // transparent huge pages off is inherited by every program this process starts (the
        // peer measured by `compare`, the servers of `load`).
        Command::Generate(args) => {
            cli::tune_process();
            cli::generate(&args, &context)
        }
        Command::Import(args) => {
            cli::tune_process();
            cli::import(&args, &context)
        }
        Command::Corpus { all } => run_corpus(&root, all),
        Command::Bench { args } => run_bench(&root, &args),
        Command::Compare {
            runs,
            check,
            documents,
        } => compare::run(&root, &target_dir(&root), &documents, runs, check),
        Command::Load { args } => run_load(&root, &args),
        Command::Measure { command } => compare::measure_for_parent(&command),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Cargo's target folder: `CARGO_TARGET_DIR`, or `target/` of the repository.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                root.join(dir)
            }
        })
        .unwrap_or_else(|| root.join("target"))
}

/// The repository root: the parent of this crate's folder.
fn repository_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Documents of `../shared/corpus/` with mistakes of their own, generated as
/// `--skip-invalid` would: Cloudflare's one operation refers to request bodies and responses
/// it never defines.
const SKIP_INVALID: &[&str] = &["cloudflare_api.yaml"];

/// Documents of `../shared/corpus/` that generate but whose crates are too large to compile in
/// every CI run on 2 cores; `cargo xtask corpus --all` compiles them too.
const TOO_LARGE: &[(&str, &str)] = &[];

/// Documents of `../shared/corpus/` the generator does not handle yet, each with what it
/// lacks. They are still tried, and a run says if one of them starts to work.
const NOT_YET: &[(&str, &str)] = &[];

fn run_corpus(root: &Path, all: bool) -> Result<(), String> {
    let inputs = ["tests/corpus", "tests/fixtures"]
        .into_iter()
        .map(|dir| load_inputs(root, dir, "templates"))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|err| err.to_string())?;
    let templates = &inputs[0].templates;
    let mut specs: Vec<&Spec> = inputs.iter().flat_map(|input| &input.specs).collect();
    let mut generate_times = std::collections::HashMap::new();
    let shared = shared_corpus(root, &specs, templates, all, &mut generate_times)?;
    specs.extend(shared.iter());
    let imported = imported_pages(root)?;
    specs.extend(imported.iter().map(|(spec, _)| spec));
    let mut files = scratch_workspace(&specs, templates).map_err(|err| err.to_string())?;
    for (spec, text) in &imported {
        files.insert(format!("imported/{}.yaml", spec.name), text.clone());
    }
    let dir = root.join("target/specforge-corpus");
    output::write(&files, &dir).map_err(|err| err.to_string())?;
    println!(
        "wrote {} files to {}; compiling them",
        files.len(),
        dir.display()
    );
    // Per real document: how long generating it takes and how much Rust it makes.
    let documents: Vec<&Spec> = specs
        .iter()
        .copied()
        .filter(|spec| spec.file.contains("corpus/"))
        .collect();
    let mut generated = Vec::new();
    for spec in &documents {
        // The shared documents were timed when they were checked; the others are timed here.
        let elapsed = match generate_times.get(&spec.name) {
            Some(elapsed) => *elapsed,
            None => {
                let start = std::time::Instant::now();
                specforge::generate::check(spec, templates).map_err(|err| err.to_string())?;
                start.elapsed()
            }
        };
        let lines = |folder: &str| {
            files
                .iter()
                .filter(|(path, _)| path.starts_with(&format!("{}/{folder}/", spec.name)))
                .filter(|(path, _)| path.ends_with(".rs"))
                .map(|(_, text)| text.lines().count())
                .sum::<usize>()
        };
        generated.push((spec.name.clone(), elapsed, lines("models"), lines("server")));
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = std::process::Command::new(cargo)
        .args([
            "clippy",
            "--quiet",
            "--timings",
            "--workspace",
            "--all-targets",
            "--manifest-path",
        ])
        .arg(dir.join("Cargo.toml"))
        .args(["--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", target_dir(root))
        .status()
        .map_err(|err| format!("cannot run cargo: {err}"))?;
    let compile = compile_times(&target_dir(root).join("cargo-timings/cargo-timing.html"));
    println!("\n| document | generate | models lines | server lines | clippy of models + server (with tests) |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (name, elapsed, models, server) in &generated {
        let package = name;
        let seconds = |krate: &str| compile.get(krate).copied();
        let compiled = match (
            seconds(&format!("{package}-models")),
            seconds(&format!("{package}-server")),
        ) {
            (Some(models), Some(server)) => format!("{models:.1} s + {server:.1} s"),
            _ => "not compiled".to_owned(),
        };
        println!(
            "| {name} | {:.0} ms | {models} | {server} | {compiled} |",
            elapsed.as_secs_f64() * 1000.0
        );
    }
    println!("(generate: one thread of the debug build of xtask; clippy: wall time of each crate in the one shared build, on this machine's cores)\n");
    if status.success() {
        println!(
            "the generated crates of {} corpus and fixture specs compile clippy-clean",
            specs.len()
        );
        Ok(())
    } else {
        Err(format!(
            "generated models in {} do not compile clippy-clean",
            dir.display()
        ))
    }
}

/// Seconds each crate of a `cargo --timings` build took, by package name (its library and its
/// tests together), read from the report cargo writes; empty when there is none.
fn compile_times(report: &Path) -> std::collections::HashMap<String, f64> {
    let mut times = std::collections::HashMap::new();
    let Ok(html) = std::fs::read_to_string(report) else {
        return times;
    };
    let Some(start) = html.find("const UNIT_DATA = ") else {
        return times;
    };
    let data = &html[start + "const UNIT_DATA = ".len()..];
    let Some(end) = data.find("];") else {
        return times;
    };
    let Ok(units) = serde_json::from_str::<Vec<serde_json::Value>>(&data[..=end]) else {
        return times;
    };
    for unit in units {
        if let (Some(name), Some(duration)) = (unit["name"].as_str(), unit["duration"].as_f64()) {
            *times.entry(name.to_owned()).or_insert(0.0) += duration;
        }
    }
    times
}

/// The real pages of `../shared/pages/markdoc/` (31 endpoints of fimidara) imported into one
/// document, with its text (written beside the crates for the validator step of `.ci/run`).
fn imported_pages(root: &Path) -> Result<Vec<(Spec, String)>, String> {
    let dir = root.join("../shared/pages/markdoc");
    if !dir.is_dir() {
        println!(
            "{} is not there: no imported pages are covered",
            dir.display()
        );
        return Ok(Vec::new());
    }
    let sources = specforge::import::page_files(&dir)
        .and_then(|paths| {
            paths
                .iter()
                .map(|path| {
                    let name = path.file_name().unwrap_or_default().to_string_lossy();
                    specforge::import::Source::read(
                        path,
                        &format!("../shared/pages/markdoc/{name}"),
                    )
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .map_err(|err| err.to_string())?;
    let options = specforge::import::Options {
        rename_conflicts: true,
        ..Default::default()
    };
    let imported = specforge::import::import_with("fimidara_pages", &sources, options)
        .map_err(|err| err.to_string())?;
    println!("imported {}", imported.summary());
    let text = specs::render(&imported.document, "../shared/pages/markdoc/")
        .map_err(|err| err.to_string())?;
    let spec = specforge::spec::parse("fimidara_pages.yaml", "fimidara_pages", &text)
        .map_err(|err| err.to_string())?;
    Ok(vec![(spec, text)])
}

/// The documents of `../shared/corpus/` (real public APIs) that are not copies of those in
/// `tests/corpus/` and that generate; a document that does not is an error unless `NOT_YET`
/// lists it, and a listed one that generates is named so that the list can shrink.
fn shared_corpus(
    root: &Path,
    known: &[&Spec],
    templates: &specforge::templates::Templates,
    all: bool,
    generate_times: &mut std::collections::HashMap<String, std::time::Duration>,
) -> Result<Vec<Spec>, String> {
    let dir = root.join("../shared/corpus");
    if !dir.is_dir() {
        println!(
            "{} is not there: only tests/corpus is covered",
            dir.display()
        );
        return Ok(Vec::new());
    }
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|err| format!("{}: {err}", dir.display()))?
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml") || name.ends_with(".json"))
        .collect();
    names.sort();
    names.extend(multifile_entries(&dir.join("multifile"))?);
    let mut specs = Vec::new();
    let mut failures = Vec::new();
    for name in names {
        let file = format!("../shared/corpus/{name}");
        let not_yet = NOT_YET.iter().find(|(listed, _)| *listed == name);
        let skip_invalid = SKIP_INVALID.contains(&name.as_str());
        let options = LoadOptions { skip_invalid };
        // A document in several files is named for its folder (`multifile/digitalocean/…`).
        let api = match name.strip_prefix("multifile/") {
            Some(rest) => rest.split('/').next().unwrap_or(rest).to_owned(),
            None => stem(&name),
        };
        let result = specforge::spec::load_as(&dir.join(&name), &file, &api, options).and_then(
            |mut spec| {
                if skip_invalid {
                    specforge::ir::leave_out_invalid(&mut spec)?;
                    println!("{file}: generated with --skip-invalid, which leaves out:");
                    for skipped in &spec.skipped {
                        println!("  {}: {}", skipped.what, first_line(&skipped.reason));
                    }
                }
                let start = std::time::Instant::now();
                specforge::generate::check(&spec, templates)?;
                generate_times.insert(spec.name.clone(), start.elapsed());
                Ok(spec)
            },
        );
        let too_large = TOO_LARGE.iter().find(|(listed, _)| *listed == name);
        match (result, not_yet) {
            (Ok(spec), _) if known.iter().any(|other| other.name == spec.name) => {}
            (Ok(_), None) if too_large.is_some() && !all => {
                let (_, why) = too_large.expect("checked");
                println!("{file} generates; not compiled in this run ({why}; `cargo xtask corpus --all` compiles it)");
            }
            (Ok(spec), None) => specs.push(spec),
            (Ok(spec), Some(_)) => {
                println!("{file} now generates: take it off xtask's NOT_YET list");
                specs.push(spec);
            }
            (Err(err), Some((_, lacks))) => {
                println!(
                    "not yet: {file} ({lacks}): {}",
                    first_line(&err.to_string())
                );
            }
            (Err(err), None) => failures.push(err.to_string()),
        }
    }
    if failures.is_empty() {
        Ok(specs)
    } else {
        Err(failures.join("\n"))
    }
}

/// The entry file of each document in several files under `multifile/`, one folder each:
/// the file at the top of the folder that says `openapi:` (the others are what it refers to).
fn multifile_entries(dir: &Path) -> Result<Vec<String>, String> {
    let Ok(folders) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut entries = Vec::new();
    for folder in folders.filter_map(|entry| entry.ok()) {
        let path = folder.path();
        if !path.is_dir() {
            continue;
        }
        let files = std::fs::read_dir(&path).map_err(|err| format!("{}: {err}", path.display()))?;
        let mut found: Vec<String> = files
            .filter_map(|entry| entry.ok())
            .filter(|entry| {
                std::fs::read_to_string(entry.path())
                    .is_ok_and(|text| text.lines().any(|line| line.starts_with("openapi:")))
            })
            .map(|entry| {
                format!(
                    "multifile/{}/{}",
                    folder.file_name().to_string_lossy(),
                    entry.file_name().to_string_lossy()
                )
            })
            .collect();
        found.sort();
        entries.extend(found);
    }
    entries.sort();
    Ok(entries)
}

/// A file name without its extension.
fn stem(name: &str) -> String {
    Path::new(name)
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_owned())
}

/// The first line of a message, cut to a readable length.
fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or_default();
    match line.char_indices().nth(200) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_owned(),
    }
}

/// `cargo build --release --examples`, then `target/release/examples/load` with `args`: the
/// load client starts the example servers built beside it.
fn run_load(root: &Path, args: &[String]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let built = std::process::Command::new(cargo)
        .current_dir(root)
        .args(["build", "--release", "--package", "specforge", "--examples"])
        .status()
        .map_err(|err| format!("cannot run cargo: {err}"))?;
    if !built.success() {
        return Err("the examples did not build".to_owned());
    }
    let client = target_dir(root).join("release/examples/load");
    let status = std::process::Command::new(&client)
        .current_dir(root)
        .args(args)
        .status()
        .map_err(|err| format!("cannot run {}: {err}", client.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err("the load run failed".to_owned())
    }
}

fn run_bench(root: &Path, args: &[String]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = std::process::Command::new(cargo)
        .current_dir(root)
        .args([
            "bench",
            "--package",
            "specforge",
            "--bench",
            "generate",
            "--",
        ])
        .args(args)
        .status()
        .map_err(|err| format!("cannot run cargo: {err}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("the benchmarks failed".to_owned())
    }
}
