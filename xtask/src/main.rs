//! `cargo xtask`: the command line of specforge. It parses arguments and calls the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod compare;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use specforge::generate::{generate, load_inputs, load_inputs_with, scratch_workspace};
use specforge::import::Kind;
use specforge::spec::{LoadOptions, Spec};
use specforge::{output, specs};

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
    /// Generate `generated/` from `specs/` and `templates/`.
    Generate {
        /// Write nothing; list stale, missing and extra files and fail if there are any.
        #[arg(long)]
        check: bool,
        /// The folder of specs, relative to the repository root.
        #[arg(long, default_value = "specs")]
        specs: String,
        /// The output folder, relative to the repository root.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        /// Leave out every operation or component that is broken (and what depends on it),
        /// print each with its reason, and generate the rest.
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Write `specs/<api>.yaml` from `specs/pages/<api>/` and `specs/<api>.overlay.yaml`, for
    /// every API with pages; or, with `--api`, import the PAGE files given into `DIR/NAME.yaml`.
    Import {
        /// Write nothing; list stale specs and fail if there are any.
        #[arg(long)]
        check: bool,
        /// Import the PAGE files given as this API (instead of every API with pages).
        #[arg(long, value_name = "NAME", requires = "out")]
        api: Option<String>,
        /// With `--api`: the folder `NAME.yaml` is written to.
        #[arg(long, value_name = "DIR", requires = "api")]
        out: Option<PathBuf>,
        /// The page kind (markdoc, oracle-rest, sdk-model, mintlify, docusaurus); detected
        /// from each page's text when not given.
        #[arg(long)]
        kind: Option<String>,
        /// With `--api`: an OpenAPI Overlay 1.0 file to apply to the imported document.
        #[arg(long, value_name = "FILE", requires = "api")]
        overlay: Option<PathBuf>,
        /// Fail if any line of any page is not understood.
        #[arg(long)]
        strict: bool,
        /// A type name stated with different fields on two pages is an error; with this flag
        /// each different statement gets a schema of its own (`Name2`, …), reported.
        #[arg(long)]
        rename_conflicts: bool,
        /// With `--api`: the page files.
        #[arg(value_name = "PAGE", requires = "api")]
        pages: Vec<PathBuf>,
    },
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
        #[arg(value_name = "DOCUMENT", required = true)]
        documents: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = repository_root();
    let result = match cli.command {
        Command::Generate {
            check,
            specs,
            out,
            skip_invalid,
        } => run_generate(&root, &specs, &out, check, skip_invalid),
        Command::Import {
            check,
            api,
            out,
            kind,
            overlay,
            strict,
            rename_conflicts,
            pages,
        } => {
            let options = ImportOptions {
                check,
                strict,
                kind,
                rename_conflicts,
            };
            match (api, out) {
                (Some(api), Some(out)) => run_import_pages(&api, &out, overlay, &pages, &options),
                _ => run_import(&root, &options),
            }
        }
        Command::Corpus { all } => run_corpus(&root, all),
        Command::Bench { args } => run_bench(&root, &args),
        Command::Compare { runs, documents } => {
            compare::run(&root, &target_dir(&root), &documents, runs)
        }
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

fn run_generate(
    root: &Path,
    specs: &str,
    out: &Path,
    check: bool,
    skip_invalid: bool,
) -> Result<(), String> {
    let options = LoadOptions { skip_invalid };
    let mut inputs =
        load_inputs_with(root, specs, "templates", options).map_err(|err| err.to_string())?;
    if skip_invalid {
        for spec in &mut inputs.specs {
            leave_out_invalid(spec)?;
        }
    }
    let files = generate(&inputs).map_err(|err| err.to_string())?;
    let out_dir = root.join(out);
    if check {
        let drift = output::check(&files, &out_dir).map_err(|err| err.to_string())?;
        if drift.is_clean() {
            println!("{} is up to date ({} files)", out.display(), files.len());
            return Ok(());
        }
        return Err(format!(
            "{} is out of date with {specs}/ and templates/:\n{}\nrun `cargo xtask generate` to update it",
            out.display(),
            drift.report(out)
        ));
    }
    output::write(&files, &out_dir).map_err(|err| err.to_string())?;
    println!("wrote {} files to {}", files.len(), out.display());
    Ok(())
}

/// Leaves the broken parts out of a spec (`--skip-invalid`) and prints each, with why.
fn leave_out_invalid(spec: &mut Spec) -> Result<(), String> {
    specforge::ir::leave_out_invalid(spec).map_err(|err| err.to_string())?;
    for skipped in &spec.skipped {
        println!(
            "{}: skipped {}: {}",
            spec.file, skipped.what, skipped.reason
        );
    }
    Ok(())
}

struct ImportOptions {
    check: bool,
    strict: bool,
    kind: Option<String>,
    rename_conflicts: bool,
}

impl ImportOptions {
    fn kind(&self) -> Result<Option<Kind>, String> {
        match &self.kind {
            None => Ok(None),
            Some(name) => Kind::named(name).map(Some).ok_or_else(|| {
                format!(
                    "--kind {name}: not a page kind (one of {})",
                    Kind::ALL.map(Kind::name).join(", ")
                )
            }),
        }
    }
}

/// Every API with pages: `specs/pages/<api>/` + overlay → `specs/<api>.yaml`.
fn run_import(root: &Path, options: &ImportOptions) -> Result<(), String> {
    let kind = options.kind()?;
    let mut requests = specs::apis_with_pages(root, "specs").map_err(|err| err.to_string())?;
    for request in &mut requests {
        request.options.kind = kind;
        request.options.rename_conflicts = options.rename_conflicts;
    }
    let made = import_all(&requests, options.strict)?;
    let stale: Vec<&specs::Made> = made
        .iter()
        .filter(|made| std::fs::read_to_string(&made.path).ok().as_deref() != Some(&made.text))
        .collect();
    if options.check {
        if stale.is_empty() {
            println!(
                "specs/ is up to date with its pages and overlays ({} specs)",
                made.len()
            );
            return Ok(());
        }
        let names: Vec<String> = stale.iter().map(|made| shown(root, &made.path)).collect();
        return Err(format!(
            "stale specs (their pages or overlay changed): {}\nrun `cargo xtask import` to update them",
            names.join(", ")
        ));
    }
    for made in &stale {
        output::write_file(&made.path, &made.text).map_err(|err| err.to_string())?;
        println!("wrote {}", shown(root, &made.path));
    }
    if stale.is_empty() {
        println!("specs/ was up to date ({} specs)", made.len());
    }
    Ok(())
}

/// `--api NAME --out DIR PAGE...`: a user's own pages → `DIR/NAME.yaml`.
fn run_import_pages(
    api: &str,
    out: &Path,
    overlay: Option<PathBuf>,
    pages: &[PathBuf],
    options: &ImportOptions,
) -> Result<(), String> {
    if pages.is_empty() {
        return Err("--api needs at least one PAGE file".into());
    }
    let overlay = overlay.map(|path| {
        let shown = path.display().to_string();
        (path, shown)
    });
    let sources = match &overlay {
        Some((_, shown)) => format!("{} pages and {shown}", pages.len()),
        None => format!("{} pages", pages.len()),
    };
    let request = specs::Request {
        api: api.to_string(),
        pages: pages
            .iter()
            .map(|path| (path.clone(), path.display().to_string()))
            .collect(),
        options: specforge::import::Options {
            kind: options.kind()?,
            rename_conflicts: options.rename_conflicts,
        },
        overlay,
        out: out.join(format!("{api}.yaml")),
        sources,
    };
    let made = import_all(std::slice::from_ref(&request), options.strict)?;
    let made = &made[0];
    if options.check {
        return match std::fs::read_to_string(&made.path) {
            Ok(text) if text == made.text => Ok(()),
            _ => Err(format!("{} is stale", made.path.display())),
        };
    }
    output::write_file(&made.path, &made.text).map_err(|err| err.to_string())?;
    println!("wrote {}", made.path.display());
    Ok(())
}

/// Imports every request, printing each line not understood and one summary per API. Nothing
/// is written here: every spec is made before any is written.
fn import_all(requests: &[specs::Request], strict: bool) -> Result<Vec<specs::Made>, String> {
    let mut made = Vec::new();
    let mut unread = 0;
    for request in requests {
        let one = specs::make(request).map_err(|err| err.to_string())?;
        for line in &one.imported.renamed {
            println!("{line}");
        }
        for line in one.imported.unread_lines() {
            println!("{line}");
            unread += 1;
        }
        for name in specforge::import::openapi::undefined_types(&one.document) {
            println!(
                "{}: type `{name}` is referred to but no page states its fields",
                request.api
            );
        }
        println!("{}", one.imported.summary());
        made.push(one);
    }
    if strict && unread > 0 {
        return Err(format!(
            "--strict: {unread} lines not understood (listed above); nothing written"
        ));
    }
    Ok(made)
}

fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Documents of `../shared/corpus/` with mistakes of their own, generated as
/// `--skip-invalid` would: Cloudflare's one operation refers to request bodies and responses
/// it never defines.
const SKIP_INVALID: &[&str] = &["cloudflare_api.yaml"];

/// Documents of `../shared/corpus/` that generate but whose crates are too large to compile in
/// every CI run on 2 cores; `cargo xtask corpus --all` compiles them too.
const TOO_LARGE: &[(&str, &str)] = &[
    (
        "cloudflare_api.yaml",
        "3,160 schemas and 1,258 operations: about 294,000 lines of Rust",
    ),
    (
        "stripe_api.yaml",
        "its models crate was still compiling after 54 minutes on 2 cores",
    ),
];

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
    let shared = shared_corpus(root, &specs, templates, all)?;
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
        let start = std::time::Instant::now();
        specforge::generate::check(spec, templates).map_err(|err| err.to_string())?;
        let elapsed = start.elapsed();
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
        let package = name.replace('_', "-");
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
                specforge::generate::check(&spec, templates)?;
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
