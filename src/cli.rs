//! The `generate` and `import` commands, shared by the `specforge` binary and this repository's
//! `cargo xtask`: their arguments (clap) and what they print. The work is the library's
//! [`Generator`] and [`Importer`]; this module only turns arguments into a builder and a report
//! into lines.
//!
//! Built with the `cli` feature (on by default); a caller of the library alone can leave it out.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::error::Error;
use crate::generator::Generator;
use crate::import::Kind;
use crate::importer::Importer;

/// Sets the process up for one run of a command, before it allocates much: the binaries call
/// it first thing in `main`. A run is short, allocates a great deal and exits, and is measured
/// by its peak memory; two of the allocator's defaults suit a long-running server instead.
///
/// - Transparent huge pages off: mimalloc asks for them, and each 2 MiB page is resident as soon
///   as one byte of it is touched, which more than doubled a small document's peak (Twilio
///   Messaging: 58 MiB with them, 27 without; GitHub 126 and 103), for a few percent of time
///   saved in page faults on the largest.
/// - Freed memory kept for reuse: mimalloc hands memory freed 10 ms ago back to the system,
///   then faults it in again when the next stage allocates; the run's peak is the same either
///   way, and keeping it is faster (Stripe 0.45 -> 0.43 s wall with huge pages off).
pub fn tune_process() {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        // Only an old kernel refuses; the run is the same, with more memory.
        let _ = rustix::thread::disable_transparent_huge_pages(true);
    }
    /// `mi_option_purge_delay` of mimalloc 3's `mimalloc.h`, which libmimalloc-sys does not
    /// name: how many milliseconds freed memory waits before it is handed back (-1: never).
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: mi_option_set only stores the value; mimalloc reads the option when it purges.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
}

/// Where a command runs: the folder its paths are relative to, and how a person runs it again
/// (named in the message that says how to fix stale output).
#[derive(Debug, Clone)]
pub struct Context {
    /// `--specs` and `--out` of `generate`, and the specs folder of `import`, are relative to
    /// this folder.
    pub root: PathBuf,
    /// `specforge` or `cargo xtask`.
    pub command: String,
}

/// Generate the models and server crates and the docs of every spec.
#[derive(Debug, Clone, clap::Args)]
pub struct GenerateArgs {
    /// Write nothing; list stale, missing and extra files and fail if there are any.
    #[arg(long)]
    pub check: bool,
    /// The folder of specs: every `*.yaml`, `*.yml` and `*.json` directly in it is one API.
    #[arg(long, default_value = "specs")]
    pub specs: String,
    /// The output folder.
    #[arg(long, default_value = "generated")]
    pub out: PathBuf,
    /// Leave out every operation or component that is broken (and what depends on it),
    /// print each with its reason, and generate the rest.
    #[arg(long)]
    pub skip_invalid: bool,
    /// A folder of tera templates (`crate/models.Cargo.toml.tera`, `docs/<style>/…`) used in
    /// place of the built-in ones of the same names.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// The configuration file (outputs, crate names, derives, type replacements, docs
    /// styles); by default `specforge.toml` beside the specs folder or in the current folder,
    /// if there is one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print nothing on success (what `--skip-invalid` leaves out is still printed).
    #[arg(short, long)]
    pub quiet: bool,
}

/// Write `<specs>/<api>.yaml` from `<specs>/pages/<api>/` and `<specs>/<api>.overlay.yaml`, for
/// every API with pages; or, with `--api`, import the PAGE files given into `DIR/NAME.yaml`.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// Write nothing; list stale specs and fail if there are any.
    #[arg(long)]
    pub check: bool,
    /// The specs folder, with the pages under `pages/<api>/`.
    #[arg(long, default_value = "specs", conflicts_with = "api")]
    pub specs: String,
    /// Import the PAGE files given as this API (instead of every API with pages).
    #[arg(long, value_name = "NAME", requires = "out")]
    pub api: Option<String>,
    /// With `--api`: the folder `NAME.yaml` is written to.
    #[arg(long, value_name = "DIR", requires = "api")]
    pub out: Option<PathBuf>,
    /// The page kind (markdoc, oracle-rest, sdk-model, mintlify, docusaurus); detected
    /// from each page's text when not given.
    #[arg(long)]
    pub kind: Option<String>,
    /// With `--api`: an OpenAPI Overlay 1.0 file to apply to the imported document.
    #[arg(long, value_name = "FILE", requires = "api")]
    pub overlay: Option<PathBuf>,
    /// Fail if any line of any page is not understood.
    #[arg(long)]
    pub strict: bool,
    /// A type name stated with different fields on two pages is an error; with this flag
    /// each different statement gets a schema of its own (`Name2`, …), reported.
    #[arg(long)]
    pub rename_conflicts: bool,
    /// Print no summary on success (lines not understood are still printed).
    #[arg(short, long)]
    pub quiet: bool,
    /// With `--api`: the page files.
    #[arg(value_name = "PAGE", requires = "api")]
    pub pages: Vec<PathBuf>,
}

/// Runs `generate`: prints what `--skip-invalid` left out, then, unless quiet, one line per API
/// and where the files went. The error is the message to print.
pub fn generate(args: &GenerateArgs, context: &Context) -> Result<(), String> {
    let mut generator = Generator::new()
        .root(&context.root)
        .specs(&args.specs)
        .out(&args.out)
        .skip_invalid(args.skip_invalid);
    if let Some(dir) = &args.templates {
        generator = generator.templates_override(dir);
    }
    if let Some(file) = &args.config {
        generator = generator.config(file);
    }
    let report = match args.check {
        true => generator.check(),
        false => generator.run(),
    }
    .map_err(message)?;
    for api in &report.apis {
        for skipped in &api.skipped {
            println!("{}: skipped {}: {}", api.file, skipped.what, skipped.reason);
        }
    }
    let out = args.out.display();
    if !report.is_up_to_date() {
        let templates = match &args.templates {
            Some(dir) => format!("{}/", dir.display()),
            None => "templates/".to_owned(),
        };
        let sources = match generator.config_file() {
            Some(config) => format!("{}/, {templates} and {}", args.specs, config.display()),
            None => format!("{}/ and {templates}", args.specs),
        };
        return Err(format!(
            "{out} is out of date with {sources}:\n{}\nrun `{} generate` to update it",
            report.drift.report(&args.out),
            context.command
        ));
    }
    if !args.quiet {
        for api in &report.apis {
            println!("{api}");
        }
        match args.check {
            true => println!("{out} is up to date ({} files)", report.files),
            false => println!("wrote {} files to {out}", report.files),
        }
    }
    Ok(())
}

/// Runs `import`: prints each line to read about each spec and, unless quiet, its summary, then
/// checks or writes the specs. The error is the message to print.
pub fn import(args: &ImportArgs, context: &Context) -> Result<(), String> {
    let kind = match &args.kind {
        None => None,
        Some(name) => Some(Kind::named(name).ok_or_else(|| {
            format!(
                "--kind {name}: not a page kind (one of {})",
                Kind::ALL.map(Kind::name).join(", ")
            )
        })?),
    };
    let mut importer = Importer::new()
        .kind(kind)
        .rename_conflicts(args.rename_conflicts);
    // Page files given by name are where the user is; the specs folder is below the root.
    importer = match (&args.api, &args.out) {
        (Some(api), Some(out)) => {
            let mut importer = importer.pages(api, args.pages.iter().cloned(), out);
            if let Some(overlay) = &args.overlay {
                importer = importer.overlay(overlay);
            }
            importer
        }
        _ => importer.root(&context.root).specs(&args.specs),
    };
    if args.api.is_some() && args.pages.is_empty() {
        return Err("--api needs at least one PAGE file".into());
    }
    let mut imports = importer.make().map_err(message)?;
    for api in &imports.apis {
        for note in &api.notes {
            println!("{note}");
        }
        if !args.quiet {
            println!("{}", api.made.imported.summary());
        }
    }
    let unread = imports.unread();
    if args.strict && unread > 0 {
        return Err(format!(
            "--strict: {unread} lines not understood (listed above); nothing written"
        ));
    }
    let stale: Vec<&str> = imports
        .apis
        .iter()
        .filter(|api| api.stale)
        .map(|api| api.shown.as_str())
        .collect();
    if args.check {
        return match (&args.api, stale.is_empty()) {
            (_, true) => {
                if !args.quiet && args.api.is_none() {
                    println!(
                        "{}/ is up to date with its pages and overlays ({} specs)",
                        args.specs,
                        imports.apis.len()
                    );
                }
                Ok(())
            }
            (Some(_), false) => Err(format!("{} is stale", stale.join(", "))),
            (None, false) => Err(format!(
                "stale specs (their pages or overlay changed): {}\nrun `{} import` to update them",
                stale.join(", "),
                context.command
            )),
        };
    }
    imports.write().map_err(message)?;
    if !args.quiet {
        for api in imports
            .apis
            .iter()
            .filter(|api| imports.written.contains(&api.made.path))
        {
            println!("wrote {}", api.shown);
        }
        match (&args.api, imports.written.is_empty()) {
            (None, true) => {
                println!(
                    "{}/ was up to date ({} specs)",
                    args.specs,
                    imports.apis.len()
                )
            }
            (Some(_), true) => {
                for api in &imports.apis {
                    println!("{} was up to date", api.shown);
                }
            }
            (_, false) => {}
        }
    }
    Ok(())
}

/// An error of the library as the commands print it: each problem with its source line under
/// it, in colour when stderr is a terminal.
fn message(err: Error) -> String {
    err.render(std::io::stderr().is_terminal())
}
