//! [`Generator`]: the whole of `specforge generate` as a builder, for a downstream `xtask` or
//! `build.rs` to call in a few lines.
//!
//! It reads the specs of one folder and the team's `specforge.toml` ([`crate::config`]) if there
//! is one, generates with the templates compiled into specforge (or a folder of the user's in
//! place of some of them), and writes the output folder or checks it.
//! Every path is taken relative to [`Generator::root`] (by default the current folder), and
//! errors name files as they were given.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::{self, Config};

use crate::error::Result;
use crate::generate::{self, Generated, Inputs, Summary};
use crate::ir;
use crate::output::{self, Drift};
use crate::spec::{LoadOptions, Spec};
use crate::templates::Templates;

/// What to generate, from where, and where to.
///
/// ```no_run
/// let report = specforge::Generator::new()
///     .specs("specs")
///     .out("generated")
///     .run()?;
/// for api in &report.apis {
///     println!("{api}"); // fimidara: 9 types, 1 operation, 12 files in 4 ms
/// }
/// # Ok::<(), specforge::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Generator {
    root: PathBuf,
    specs: PathBuf,
    out: PathBuf,
    templates: Option<PathBuf>,
    skip_invalid: bool,
    config: ConfigFile,
}

/// Where the configuration comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ConfigFile {
    /// `specforge.toml` beside the specs folder, else in the root, else none.
    Discover,
    /// This file, which must exist.
    Given(PathBuf),
    /// None: the specs alone.
    Without,
}

impl Default for Generator {
    fn default() -> Generator {
        Generator::new()
    }
}

/// What a run did: each API's summary, and how the output folder compares with what the specs
/// generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// One per spec, in the order of their file names.
    pub apis: Vec<Summary>,
    /// Every file generated, the APIs' and the shared ones (the runtime crate, the book).
    pub files: usize,
    /// The output folder, as given to [`Generator::out`].
    pub out: PathBuf,
    /// After [`Generator::check`]: the files of the output folder that are stale, missing or
    /// extra. After [`Generator::run`], which leaves none: empty.
    pub drift: Drift,
}

impl Report {
    /// Whether the output folder holds exactly what the specs generate.
    pub fn is_up_to_date(&self) -> bool {
        self.drift.is_clean()
    }
}

impl Generator {
    /// Specs from `specs/`, output to `generated/`, the embedded templates, broken parts an error.
    pub fn new() -> Generator {
        Generator {
            root: PathBuf::new(),
            specs: PathBuf::from("specs"),
            out: PathBuf::from("generated"),
            templates: None,
            skip_invalid: false,
            config: ConfigFile::Discover,
        }
    }

    /// The folder the other paths are relative to; messages name files relative to it.
    /// By default the current folder.
    pub fn root(mut self, dir: impl Into<PathBuf>) -> Generator {
        self.root = dir.into();
        self
    }

    /// The folder of specs: every `*.yaml`, `*.yml` and `*.json` directly in it (but no
    /// `*.overlay.yaml`) is one API, named after the file's stem.
    pub fn specs(mut self, dir: impl Into<PathBuf>) -> Generator {
        self.specs = dir.into();
        self
    }

    /// The output folder. [`Generator::run`] replaces it as a whole, and refuses a folder that
    /// is neither empty nor earlier output.
    pub fn out(mut self, dir: impl Into<PathBuf>) -> Generator {
        self.out = dir.into();
        self
    }

    /// A folder of tera templates (`crate/models.Cargo.toml.tera`, `docs/markdoc/operation.md.tera`,
    /// …) used in place of the embedded ones of the same names.
    pub fn templates_override(mut self, dir: impl Into<PathBuf>) -> Generator {
        self.templates = Some(dir.into());
        self
    }

    /// Leave out every operation or component that is broken (and what depends on it), and
    /// generate the rest; each [`Summary::skipped`] says what was left out and why.
    pub fn skip_invalid(mut self, skip: bool) -> Generator {
        self.skip_invalid = skip;
        self
    }

    /// The configuration file (`specforge.toml`, see [`crate::config`]): which outputs each API
    /// gets, crate names and versions, derives, type replacements, docs styles. Without this,
    /// `specforge.toml` beside the specs folder is used if there is one, else the one in the
    /// root, else none.
    pub fn config(mut self, file: impl Into<PathBuf>) -> Generator {
        self.config = ConfigFile::Given(file.into());
        self
    }

    /// Generate from the specs alone, even where a `specforge.toml` could be found.
    pub fn without_config(mut self) -> Generator {
        self.config = ConfigFile::Without;
        self
    }

    /// The configuration file to read, as messages name it, if there is one.
    pub fn config_file(&self) -> Option<PathBuf> {
        match &self.config {
            ConfigFile::Given(file) => Some(file.clone()),
            ConfigFile::Without => None,
            ConfigFile::Discover => {
                let beside = self
                    .specs
                    .parent()
                    .unwrap_or(Path::new(""))
                    .join(config::FILE);
                [beside, PathBuf::from(config::FILE)]
                    .into_iter()
                    .find(|file| self.path(file).is_file())
            }
        }
    }

    /// Generates in memory and writes nothing.
    pub fn files(&self) -> Result<Generated> {
        let options = LoadOptions {
            skip_invalid: self.skip_invalid,
        };
        let specs_dir = self.specs.display().to_string();
        // The templates are parsed on one core while the specs are read on the other (loading
        // a spec is one thread's work); a template's error is reported before a spec's.
        let (templates, loaded) = rayon::join(
            || match &self.templates {
                Some(dir) => Templates::with_overrides(&self.path(dir)),
                None => Templates::embedded(),
            },
            || generate::load_specs(&self.root, &specs_dir, options),
        );
        let templates = templates?;
        let loaded = loaded?;
        let configs = match self.config_file() {
            Some(file) => {
                let config = Config::load(&self.path(&file), &file.display().to_string())?;
                let specs: Vec<&Spec> = loaded.iter().map(|(spec, _)| spec).collect();
                config.resolve(&specs, &templates)?
            }
            None => BTreeMap::new(),
        };
        let mut specs = Vec::new();
        let mut load_times = Vec::new();
        for (mut spec, took) in loaded {
            let start = Instant::now();
            if self.skip_invalid {
                let settings = configs
                    .get(&spec.name)
                    .map(|config| config.settings.clone())
                    .unwrap_or_default();
                ir::leave_out_invalid_with(&mut spec, &settings)?;
            }
            specs.push(spec);
            load_times.push(took + start.elapsed());
        }
        let mut generated = generate::generate_owned(Inputs {
            specs,
            templates,
            configs,
        })?;
        for (summary, took) in generated.apis.iter_mut().zip(load_times) {
            summary.took += took;
        }
        Ok(generated)
    }

    /// Generates and replaces the output folder with the result, all at once: if anything
    /// fails, the folder is left as it was.
    pub fn run(&self) -> Result<Report> {
        let generated = self.files()?;
        output::write(&generated.files, &self.path(&self.out))?;
        Ok(self.report(generated, Drift::default()))
    }

    /// Generates and compares the result with the output folder, writing nothing:
    /// [`Report::drift`] lists what differs.
    pub fn check(&self) -> Result<Report> {
        let generated = self.files()?;
        let drift = output::check(&generated.files, &self.path(&self.out))?;
        Ok(self.report(generated, drift))
    }

    fn report(&self, generated: Generated, drift: Drift) -> Report {
        Report {
            files: generated.files.len(),
            apis: generated.apis,
            out: self.out.clone(),
            drift,
        }
    }

    /// A path given to the builder, below the root unless absolute.
    fn path(&self, path: &Path) -> PathBuf {
        self.root.join(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: '1'\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: The pets.\n          content:\n            application/json:\n              schema:\n                type: array\n                items:\n                  $ref: '#/components/schemas/Pet'\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        name:\n          type: string\n";

    fn scratch() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
        std::fs::create_dir_all(dir.path().join("specs")).unwrap_or_else(|err| panic!("{err}"));
        std::fs::write(dir.path().join("specs/pets.yaml"), SPEC)
            .unwrap_or_else(|err| panic!("{err}"));
        dir
    }

    #[test]
    fn run_writes_what_check_then_finds_up_to_date() {
        let dir = scratch();
        let generator = Generator::new().root(dir.path());
        let before = generator.check().unwrap_or_else(|err| panic!("{err}"));
        assert!(!before.is_up_to_date());
        assert_eq!(before.drift.missing.len(), before.files);
        let report = generator.run().unwrap_or_else(|err| panic!("{err}"));
        assert!(dir
            .path()
            .join("generated/pets/models/Cargo.toml")
            .is_file());
        assert!(dir
            .path()
            .join("generated/pets/server/src/lib.rs")
            .is_file());
        assert_eq!(report.apis.len(), 1);
        let pets = &report.apis[0];
        assert_eq!(
            (pets.api.as_str(), pets.file.as_str()),
            ("pets", "specs/pets.yaml")
        );
        assert_eq!((pets.types, pets.operations, pets.webhooks), (1, 1, 0));
        assert!(pets.files > 0 && pets.files < report.files);
        let line = pets.to_string();
        assert!(
            line.starts_with(&format!(
                "pets: 1 type, 1 operation, {} files in ",
                pets.files
            )) && line.ends_with(" ms"),
            "{line}"
        );
        let after = generator.check().unwrap_or_else(|err| panic!("{err}"));
        assert!(after.is_up_to_date(), "{:?}", after.drift);
    }

    #[test]
    fn an_override_changes_only_its_template() {
        let dir = scratch();
        let own = dir.path().join("own/crate");
        std::fs::create_dir_all(&own).unwrap_or_else(|err| panic!("{err}"));
        let manifest = Templates::embedded()
            .and_then(|templates| {
                let mut context = tera::Context::new();
                context.insert("package", "x");
                context.insert("version", "0.1.0");
                templates.render("crate/runtime.Cargo.toml", &context)
            })
            .unwrap_or_else(|err| panic!("{err}"));
        assert!(manifest.contains("\"x\""), "{manifest}");
        std::fs::write(
            own.join("runtime.Cargo.toml.tera"),
            "# own runtime of {{ package }}\n",
        )
        .unwrap_or_else(|err| panic!("{err}"));
        let plain = Generator::new().root(dir.path()).files();
        let with_own = Generator::new()
            .root(dir.path())
            .templates_override("own")
            .files();
        let (plain, with_own) = match (plain, with_own) {
            (Ok(plain), Ok(with_own)) => (plain.files, with_own.files),
            (Err(err), _) | (_, Err(err)) => panic!("{err}"),
        };
        assert_eq!(
            with_own.get("runtime/Cargo.toml"),
            Some("# own runtime of specforge-runtime\n")
        );
        for (path, contents) in plain
            .iter()
            .filter(|(path, _)| *path != "runtime/Cargo.toml")
        {
            assert_eq!(with_own.get(path), Some(contents), "{path}");
        }
    }

    #[test]
    fn a_broken_spec_is_an_error_naming_its_file_and_nothing_is_written() {
        let dir = scratch();
        std::fs::write(dir.path().join("specs/broken.yaml"), "openapi: [\n")
            .unwrap_or_else(|err| panic!("{err}"));
        let err = Generator::new()
            .root(dir.path())
            .run()
            .err()
            .map(|err| err.to_string())
            .unwrap_or_default();
        assert!(err.starts_with("specs/broken.yaml:"), "{err}");
        assert!(!dir.path().join("generated").exists());
    }
}
