//! The whole pipeline: every spec of a folder, lowered and emitted into one file set for
//! `generated/`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::ApiConfig;
use crate::emit;
use crate::error::{Error, Result};
use crate::ir;
use crate::output::FileSet;
use crate::spec::{self, LoadOptions, Skipped, Spec};
use crate::templates::Templates;

/// What the generator reads: the specs, the templates, and the configuration of each API
/// (by the API's name; an API without one gets the default, the spec alone).
#[derive(Debug)]
pub struct Inputs {
    pub specs: Vec<Spec>,
    pub templates: Templates,
    pub configs: BTreeMap<String, ApiConfig>,
}

/// The configuration of the API `name`.
fn config_of<'a>(configs: &'a BTreeMap<String, ApiConfig>, name: &str) -> &'a ApiConfig {
    static DEFAULT: std::sync::OnceLock<ApiConfig> = std::sync::OnceLock::new();
    configs
        .get(name)
        .unwrap_or_else(|| DEFAULT.get_or_init(ApiConfig::default))
}

/// Reads every spec (`*.yaml`, `*.yml`, `*.json`, but not the `*.overlay.yaml` an imported
/// spec is made with) directly in `root/specs_dir` and every
/// template below `root/templates_dir`. Messages name the files relative to `root`.
pub fn load_inputs(root: &Path, specs_dir: &str, templates_dir: &str) -> Result<Inputs> {
    load_inputs_with(root, specs_dir, templates_dir, LoadOptions::default())
}

/// [`load_inputs`], with options for loading the specs.
pub fn load_inputs_with(
    root: &Path,
    specs_dir: &str,
    templates_dir: &str,
    options: LoadOptions,
) -> Result<Inputs> {
    let specs = load_specs(root, specs_dir, options)?
        .into_iter()
        .map(|(spec, _)| spec)
        .collect();
    let templates = Templates::load(&root.join(templates_dir))?;
    Ok(Inputs {
        specs,
        templates,
        configs: BTreeMap::new(),
    })
}

/// Reads every spec directly in `root/specs_dir`, as [`load_inputs`] does, each with the time
/// loading it took.
pub fn load_specs(
    root: &Path,
    specs_dir: &str,
    options: LoadOptions,
) -> Result<Vec<(Spec, Duration)>> {
    let dir = root.join(specs_dir);
    let entries = std::fs::read_dir(&dir).map_err(|source| Error::Read {
        file: specs_dir.to_owned(),
        source,
    })?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| Error::Read {
            file: specs_dir.to_owned(),
            source,
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_spec = [".yaml", ".yml", ".json"]
            .iter()
            .any(|ext| name.ends_with(ext))
            && !crate::specs::is_overlay(&name);
        if is_spec && entry.path().is_file() {
            names.push(name);
        }
    }
    names.sort();
    // Each on its own thread; collected in the names' order, so the error is the first spec's.
    let loaded: Vec<Result<(Spec, Duration)>> = names
        .par_iter()
        .map(|name| {
            let start = Instant::now();
            let spec = load_spec(&dir.join(name), &format!("{specs_dir}/{name}"), options)?;
            Ok((spec, start.elapsed()))
        })
        .collect();
    loaded.into_iter().collect()
}

/// Loads one spec. A document with broken parts is an error listing every problem: those
/// loading finds (broken references), and those lowering finds in what is left.
fn load_spec(path: &Path, file: &str, options: LoadOptions) -> Result<Spec> {
    let err = match spec::load_with(path, file, options) {
        Ok(spec) => return Ok(spec),
        Err(err) if options.skip_invalid => return Err(err),
        Err(err) => err,
    };
    let leaving_out = LoadOptions { skip_invalid: true };
    let Ok(mut rest) = spec::load_with(path, file, leaving_out) else {
        return Err(err);
    };
    rest.skip_invalid = false;
    match ir::leave_out_invalid(&mut rest) {
        Ok(()) => Err(err),
        Err(more) => Err(Error::several(vec![err, more])),
    }
}

/// Generates every API's output: `<api>/models/…`, `<api>/server/…`, `<api>/docs/…`, and the
/// book over all docs (`docs/book.toml`, and `docs/src/` with `SUMMARY.md` and the book's
/// rendering of every page).
pub fn generate(inputs: &Inputs) -> Result<FileSet> {
    generate_summarised(inputs).map(|generated| generated.files)
}

/// The output of a run, and what each API of it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    pub files: FileSet,
    /// One per spec, in the specs' order.
    pub apis: Vec<Summary>,
}

/// What one API generated: the counts a person checks at a glance, and the time it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The API's name (`fimidara`).
    pub api: String,
    /// The spec file, as errors name it.
    pub file: String,
    pub types: usize,
    pub operations: usize,
    pub webhooks: usize,
    /// The files under `<api>/`: its crates and docs.
    pub files: usize,
    /// Lowering and emitting it (a caller that times loading adds that).
    pub took: Duration,
    /// What `--skip-invalid` left out of the spec, with why.
    pub skipped: Vec<Skipped>,
}

impl fmt::Display for Summary {
    /// `fimidara: 9 types, 1 operation, 12 files in 4 ms` (and `, 2 webhooks` after the
    /// operations when there are any).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let counted = |count: usize, one: &str| match count {
            1 => format!("1 {one}"),
            _ => format!("{count} {one}s"),
        };
        write!(
            f,
            "{}: {}, {}",
            self.api,
            counted(self.types, "type"),
            counted(self.operations, "operation")
        )?;
        if self.webhooks > 0 {
            write!(f, ", {}", counted(self.webhooks, "webhook"))?;
        }
        write!(
            f,
            ", {} in {} ms",
            counted(self.files, "file"),
            self.took.as_millis()
        )
    }
}

/// [`generate`], with a [`Summary`] of each API.
pub fn generate_summarised(inputs: &Inputs) -> Result<Generated> {
    generate_each(
        inputs.specs.iter().collect(),
        &inputs.templates,
        &inputs.configs,
    )
}

/// [`generate_summarised`], taking the inputs: each spec is dropped as soon as it is lowered,
/// so that its document and the API lowered from it are not both held while the crates and
/// docs are emitted (a spec is as large as its API: 32 MB each for GitHub's).
pub fn generate_owned(inputs: Inputs) -> Result<Generated> {
    let Inputs {
        specs,
        templates,
        configs,
    } = inputs;
    generate_each(specs, &templates, &configs)
}

fn generate_each<S>(
    specs: Vec<S>,
    templates: &Templates,
    configs: &BTreeMap<String, ApiConfig>,
) -> Result<Generated>
where
    S: std::borrow::Borrow<Spec> + Send,
{
    let mut files = FileSet::default();
    files.nest(emit::runtime::FOLDER, emit::runtime::emit(templates)?);
    // Every API on its own, in parallel; collected in the specs' order, so the first error
    // is the first spec's and the files are the same as one thread would write.
    let per_api: Vec<Result<(FileSet, Summary, Option<emit::docs::BookPart>)>> = specs
        .into_par_iter()
        .map(|spec| {
            let start = Instant::now();
            let config = config_of(configs, &spec.borrow().name);
            let api = lower_checked(spec.borrow(), config)?;
            let file = spec.borrow().file.clone();
            let skipped = spec.borrow().skipped.clone();
            drop(spec);
            let mut files = FileSet::default();
            emit_crates(&api, config, templates, &mut files)?;
            let mut book = None;
            if config.outputs.docs {
                if let Some((pages, part)) = emit::docs::emit_with_book(&api, templates)? {
                    files.nest(&format!("{}/docs", api.name), pages);
                    book = Some(part);
                }
            }
            let summary = Summary {
                api: api.name.clone(),
                file,
                types: api.types.len(),
                operations: api.operations.len(),
                webhooks: api.webhooks.len(),
                files: files.len(),
                took: start.elapsed(),
                skipped,
            };
            Ok((files, summary, book))
        })
        .collect();
    let per_api = per_api.into_iter().collect::<Result<Vec<_>>>()?;
    let mut book = Vec::new();
    let mut summaries = Vec::new();
    for (api_files, summary, part) in per_api {
        files.extend(api_files);
        summaries.push(summary);
        book.extend(part);
    }
    files.extend(emit::docs::book_of(book, templates)?);
    Ok(Generated {
        files,
        apis: summaries,
    })
}

/// A scratch workspace of the models and server crates of several specs, to compile them all
/// at once: every API's crates under `<api>/`, and a `Cargo.toml` listing them.
pub fn scratch_workspace(specs: &[&Spec], templates: &Templates) -> Result<FileSet> {
    let mut files = FileSet::default();
    files.nest(emit::runtime::FOLDER, emit::runtime::emit(templates)?);
    let mut members = vec![emit::runtime::FOLDER.to_owned()];
    check_unique(specs)?;
    for &spec in specs {
        let api = crates(spec, &ApiConfig::default(), templates, &mut files)?;
        members.push(format!("{}/models", api.name));
        members.push(format!("{}/server", api.name));
    }
    let mut context = tera::Context::new();
    context.insert("members", &members);
    files.insert(
        "Cargo.toml",
        templates.render("crate/workspace.Cargo.toml", &context)?,
    );
    Ok(files)
}

/// Whether a spec generates: its crates are emitted and dropped. For a check that goes over many
/// specs and reports each one that does not.
pub fn check(spec: &Spec, templates: &Templates) -> Result<()> {
    crates(
        spec,
        &ApiConfig::default(),
        templates,
        &mut FileSet::default(),
    )
    .map(drop)
}

/// One API's models and server crates, under `<api>/models` and `<api>/server`: its name
/// checked, the spec lowered with its configuration, the crates its outputs name emitted.
/// Returns the lowered API.
fn crates(
    spec: &Spec,
    config: &ApiConfig,
    templates: &Templates,
    files: &mut FileSet,
) -> Result<ir::Api> {
    let api = lower_checked(spec, config)?;
    emit_crates(&api, config, templates, files)?;
    Ok(api)
}

/// The spec's name checked and the spec lowered with its configuration.
fn lower_checked(spec: &Spec, config: &ApiConfig) -> Result<ir::Api> {
    spec.check_name(&[emit::runtime::FOLDER, "docs"])?;
    ir::lower_with(spec, &config.settings)
}

/// The models and server crates the outputs of `config` name, under `<api>/models` and
/// `<api>/server`, both at once.
fn emit_crates(
    api: &ir::Api,
    config: &ApiConfig,
    templates: &Templates,
    files: &mut FileSet,
) -> Result<()> {
    let outputs = config.outputs;
    let (models, server) = rayon::join(
        || outputs.models.then(|| emit::models::emit(api, templates)),
        || outputs.server.then(|| emit::server::emit(api, templates)),
    );
    if let Some(models) = models {
        files.nest(&format!("{}/models", api.name), models?);
    }
    if let Some(server) = server {
        files.nest(&format!("{}/server", api.name), server?);
    }
    Ok(())
}

/// Two spec files with the same stem (`a.yaml` and `a.json`) would write the same crates.
fn check_unique(specs: &[&Spec]) -> Result<()> {
    for (index, spec) in specs.iter().enumerate() {
        if let Some(first) = specs[..index].iter().find(|other| other.name == spec.name) {
            return Err(Error::Spec {
                location: Box::new(spec.location("")),
                message: format!(
                    "another spec, {}, has the same name \"{}\"; each API needs its own file stem",
                    first.file, spec.name
                ),
            });
        }
    }
    Ok(())
}
