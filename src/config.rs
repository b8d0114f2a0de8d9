//! `specforge.toml`: what a team decides about its generated crates that the specs do not say.
//!
//! The file has defaults at its top, for every API, and a table per API, `[api.<name>]` (the
//! spec's file stem), whose keys take the place of the defaults:
//!
//! ```toml
//! outputs = ["models", "server", "docs"]
//! derives = ["Eq", "Hash"]
//!
//! [formats]
//! decimal = "rust_decimal::Decimal"
//!
//! [dependencies]
//! rust_decimal = { version = "1", features = ["serde-str"] }
//!
//! [api.pets]
//! outputs = ["models"]
//! models-crate = "acme-pets"
//! version = "2.1.0"
//! docs-style = "markdoc"
//!
//! [api.pets.replace]
//! Money = "acme_money::Money"
//! ```
//!
//! A list (`outputs`, `derives`) or a style of an API replaces the default; the tables
//! (`formats`, `dependencies`) are merged, the API's entries winning. Everything is checked
//! before anything is generated: a key specforge does not know, a value of the wrong type, a
//! version that is not semver, a Rust path that does not parse, a schema or an API the specs do
//! not have, a docs style without templates. Each is an [`Error::Config`] naming the file, the
//! line and the column, every problem of the file in one run.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Result, SourceLine};
use crate::ir::{Dependency, Settings};
use crate::spec::Spec;
use crate::templates::Templates;

/// The file a configuration is looked for under, beside the specs folder or in the root.
pub const FILE: &str = "specforge.toml";

/// What specforge writes of one API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Output {
    /// The models crate, `<api>/models`.
    Models,
    /// The server stub crate, `<api>/server` (it depends on the models crate).
    Server,
    /// The markdown docs, `<api>/docs`.
    Docs,
}

/// Which of an API's outputs are written. By default all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outputs {
    pub models: bool,
    pub server: bool,
    pub docs: bool,
}

impl Default for Outputs {
    fn default() -> Outputs {
        Outputs {
            models: true,
            server: true,
            docs: true,
        }
    }
}

/// One API's configuration, checked: what lowering and the emitters are told, and which
/// outputs are written. The default is the spec alone, every output written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiConfig {
    pub settings: Settings,
    pub outputs: Outputs,
}

/// A configuration file as read: its name (as messages give it), its text (to point into)
/// and its tables.
#[derive(Debug, Clone)]
pub struct Config {
    file: String,
    text: String,
    table: Table,
}

/// The keys every API may set, at the top (defaults) or in its own table. `Table` and
/// `ApiTable` repeat them rather than `#[serde(flatten)]` this: serde cannot deny unknown
/// fields through a flattened struct.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Shared {
    outputs: Option<Spanned<Vec<Spanned<Output>>>>,
    derives: Option<Vec<Spanned<String>>>,
    docs_style: Option<Spanned<String>>,
    model_docs_style: Option<Spanned<String>>,
    #[serde(default)]
    formats: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    dependencies: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
}

/// The whole file: the defaults, and a table per API.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Table {
    outputs: Option<Spanned<Vec<Spanned<Output>>>>,
    derives: Option<Vec<Spanned<String>>>,
    docs_style: Option<Spanned<String>>,
    model_docs_style: Option<Spanned<String>>,
    #[serde(default)]
    formats: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    dependencies: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    #[serde(default)]
    api: BTreeMap<Spanned<String>, ApiTable>,
}

/// `[api.<name>]`: the shared keys, and those only one API can have.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ApiTable {
    outputs: Option<Spanned<Vec<Spanned<Output>>>>,
    derives: Option<Vec<Spanned<String>>>,
    docs_style: Option<Spanned<String>>,
    model_docs_style: Option<Spanned<String>>,
    #[serde(default)]
    formats: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    dependencies: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    models_crate: Option<Spanned<String>>,
    server_crate: Option<Spanned<String>>,
    version: Option<Spanned<String>>,
    #[serde(default)]
    replace: BTreeMap<Spanned<String>, Spanned<String>>,
}

impl Table {
    fn shared(&self) -> Shared {
        Shared {
            outputs: self.outputs.clone(),
            derives: self.derives.clone(),
            docs_style: self.docs_style.clone(),
            model_docs_style: self.model_docs_style.clone(),
            formats: self.formats.clone(),
            dependencies: self.dependencies.clone(),
        }
    }
}

impl ApiTable {
    /// The API's keys over the defaults: its lists and styles in place of theirs, its table
    /// entries beside theirs (its own winning).
    fn over(&self, defaults: Shared) -> Shared {
        let mut formats = defaults.formats;
        formats.extend(self.formats.clone());
        let mut dependencies = defaults.dependencies;
        dependencies.extend(self.dependencies.clone());
        Shared {
            outputs: self.outputs.clone().or(defaults.outputs),
            derives: self.derives.clone().or(defaults.derives),
            docs_style: self.docs_style.clone().or(defaults.docs_style),
            model_docs_style: self.model_docs_style.clone().or(defaults.model_docs_style),
            formats,
            dependencies,
        }
    }
}

/// Derives every generated type has already, or that cannot be on every type.
const NOT_DERIVABLE: &[(&str, &str)] = &[
    ("Debug", "every type derives it already"),
    ("Clone", "every type derives it already"),
    ("PartialEq", "every type derives it already"),
    ("Serialize", "every type derives it already"),
    ("Deserialize", "every type derives it already"),
    (
        "Default",
        "only a struct whose fields are all optional can have it (those derive it already)",
    ),
    (
        "Copy",
        "types holding strings, lists or boxes cannot have it",
    ),
];

/// Dependencies the generated manifests name themselves.
const OWN_DEPENDENCIES: &[&str] = &[
    "specforge-runtime",
    "serde",
    "serde_json",
    "chrono",
    "uuid",
    "axum",
];

/// The keys of a dependency table that cargo knows.
const DEPENDENCY_KEYS: &[&str] = &[
    "version",
    "path",
    "git",
    "branch",
    "tag",
    "rev",
    "features",
    "default-features",
    "package",
    "registry",
];

impl Config {
    /// Reads and parses the file at `path`, named `file` in messages.
    pub fn load(path: &Path, file: &str) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            file: file.to_owned(),
            source,
        })?;
        Config::parse(file, &text)
    }

    /// Parses a configuration's text: valid TOML whose every key specforge knows, each value
    /// of its key's type. What the values mean is checked by [`Config::resolve`].
    pub fn parse(file: &str, text: &str) -> Result<Config> {
        let table: Table = toml::from_str(text).map_err(|err| {
            let span = err.span().unwrap_or(0..0);
            located(file, text, span, err.message().trim_end().to_owned())
        })?;
        Ok(Config {
            file: file.to_owned(),
            text: text.to_owned(),
            table,
        })
    }

    /// The file, as messages name it.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Checks every value against the specs and templates it is for, and gives each API its
    /// configuration (an API the file does not name gets the defaults). All problems are
    /// reported together.
    pub fn resolve(
        &self,
        specs: &[&Spec],
        templates: &Templates,
    ) -> Result<BTreeMap<String, ApiConfig>> {
        let mut problems = Vec::new();
        for name in self.table.api.keys() {
            if !specs.iter().any(|spec| &spec.name == name.get_ref()) {
                let known: Vec<&str> = specs.iter().map(|spec| spec.name.as_str()).collect();
                problems.push(self.error(
                    name.span(),
                    format!(
                        "there is no spec named \"{}\" (the specs are {})",
                        name.get_ref(),
                        if known.is_empty() {
                            "none".to_owned()
                        } else {
                            known.join(", ")
                        }
                    ),
                ));
            }
        }
        let mut configs = BTreeMap::new();
        for &spec in specs {
            let own = self.table.api.get(spec.name.as_str());
            match self.api_config(spec, own, templates) {
                Ok(config) => {
                    configs.insert(spec.name.clone(), config);
                }
                Err(err) => problems.push(err),
            }
        }
        match problems.is_empty() {
            true => Ok(configs),
            false => Err(Error::several(problems)),
        }
    }

    fn api_config(
        &self,
        spec: &Spec,
        own: Option<&ApiTable>,
        templates: &Templates,
    ) -> Result<ApiConfig> {
        let defaults = self.table.shared();
        let shared = match own {
            Some(own) => own.over(defaults),
            None => defaults,
        };
        let mut problems = Vec::new();
        let mut config = ApiConfig::default();

        if let Some(outputs) = &shared.outputs {
            let has = |output: Output| outputs.get_ref().iter().any(|o| *o.get_ref() == output);
            config.outputs = Outputs {
                models: has(Output::Models),
                server: has(Output::Server),
                docs: has(Output::Docs),
            };
            if config.outputs.server && !config.outputs.models {
                problems.push(self.error(
                    outputs.span(),
                    format!(
                        "{}: the server crate depends on the models crate: list \"models\" too",
                        spec.name
                    ),
                ));
            }
        }
        for derive in shared.derives.iter().flatten() {
            let path = derive.get_ref();
            if syn::parse_str::<syn::Path>(path).is_err() {
                problems.push(self.error(
                    derive.span(),
                    format!(
                        "\"{path}\" is not a Rust path (such as `Hash` or `schemars::JsonSchema`)"
                    ),
                ));
                continue;
            }
            let last = path.rsplit("::").next().unwrap_or(path).trim();
            if let Some((_, why)) = NOT_DERIVABLE.iter().find(|(name, _)| *name == last) {
                problems.push(self.error(derive.span(), format!("cannot add `{path}`: {why}")));
                continue;
            }
            if !config.settings.derives.contains(path) {
                config.settings.derives.push(path.clone());
            }
        }
        // `Ord` is `Eq` and `PartialOrd` as well: a derive of it alone does not compile.
        let named = |trait_name: &str| {
            shared.derives.iter().flatten().find(|derive| {
                derive.get_ref().rsplit("::").next().map(str::trim) == Some(trait_name)
            })
        };
        if let Some(ord) = named("Ord") {
            let missing: Vec<&str> = ["Eq", "PartialOrd"]
                .into_iter()
                .filter(|needed| named(needed).is_none())
                .collect();
            if !missing.is_empty() {
                problems.push(self.error(
                    ord.span(),
                    format!("`Ord` needs {} in the derives too", missing.join(" and ")),
                ));
            }
        }
        for (key, style, page) in [
            ("docs-style", &shared.docs_style, "operation.md"),
            ("model-docs-style", &shared.model_docs_style, "model.md"),
        ] {
            let Some(style) = style else {
                continue;
            };
            match self.style(style, page, templates) {
                Ok(()) => {
                    let name = Some(style.get_ref().clone());
                    match key {
                        "docs-style" => config.settings.docs_style = name,
                        _ => config.settings.model_docs_style = name,
                    }
                }
                Err(err) => problems.push(err),
            }
        }
        for (format, path) in &shared.formats {
            match self.rust_type(path) {
                Ok(()) => {
                    config
                        .settings
                        .formats
                        .insert(format.get_ref().clone(), path.get_ref().clone());
                }
                Err(err) => problems.push(err),
            }
        }
        for (name, value) in &shared.dependencies {
            match self.dependency(name, value) {
                Ok(dependency) => config.settings.dependencies.push(dependency),
                Err(err) => problems.push(err),
            }
        }
        if let Some(own) = own {
            self.own_keys(spec, own, &mut config.settings, &mut problems);
        }
        match problems.is_empty() {
            true => Ok(config),
            false => Err(Error::several(problems)),
        }
    }

    /// The keys only an API's own table has: crate names, version, replaced schemas.
    fn own_keys(
        &self,
        spec: &Spec,
        own: &ApiTable,
        settings: &mut Settings,
        problems: &mut Vec<Error>,
    ) {
        for (crate_name, slot) in [
            (&own.models_crate, &mut settings.models_crate),
            (&own.server_crate, &mut settings.server_crate),
        ] {
            let Some(name) = crate_name else {
                continue;
            };
            match package_name_problem(name.get_ref()) {
                None => *slot = Some(name.get_ref().clone()),
                Some(problem) => problems.push(self.error(name.span(), problem)),
            }
        }
        if let (Some(models), Some(server)) = (&own.models_crate, &own.server_crate) {
            if models.get_ref() == server.get_ref() {
                problems.push(self.error(
                    server.span(),
                    "the server crate needs a name of its own, not the models crate's",
                ));
            }
        }
        if let Some(version) = &own.version {
            match semver::Version::parse(version.get_ref()) {
                Ok(_) => settings.version = Some(version.get_ref().clone()),
                Err(err) => problems.push(self.error(
                    version.span(),
                    format!(
                        "version \"{}\" is not semver ({err}); cargo needs MAJOR.MINOR.PATCH",
                        version.get_ref()
                    ),
                )),
            }
        }
        let schemas = spec.document.components.as_ref().map(|c| &c.schemas);
        for (schema, path) in &own.replace {
            if !schemas.is_some_and(|schemas| schemas.contains_key(schema.get_ref())) {
                problems.push(self.error(
                    schema.span(),
                    format!(
                        "{} has no schema \"{}\" under #/components/schemas to replace",
                        spec.file,
                        schema.get_ref()
                    ),
                ));
                continue;
            }
            match self.rust_type(path) {
                Ok(()) => {
                    settings
                        .replace
                        .insert(schema.get_ref().clone(), path.get_ref().clone());
                }
                Err(err) => problems.push(err),
            }
        }
    }

    /// A docs style must have the page's template (`docs/<style>/operation.md`).
    fn style(&self, style: &Spanned<String>, page: &str, templates: &Templates) -> Result<()> {
        let name = style.get_ref();
        let plain = name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if plain && templates.has(&format!("docs/{name}/{page}")) {
            return Ok(());
        }
        let suffix = format!("/{page}");
        let known: Vec<String> = templates
            .names_under("docs/")
            .iter()
            .filter_map(|template| template.strip_prefix("docs/")?.strip_suffix(&suffix))
            .filter(|style| !style.contains('/'))
            .map(str::to_owned)
            .collect();
        Err(self.error(
            style.span(),
            format!(
                "there is no docs style \"{name}\" with a {page} template; the styles are {}",
                known.join(", ")
            ),
        ))
    }

    /// A replacement must be a Rust type (`rust_decimal::Decimal`, `Vec<u8>`).
    fn rust_type(&self, path: &Spanned<String>) -> Result<()> {
        match syn::parse_str::<syn::Type>(path.get_ref()) {
            Ok(_) => Ok(()),
            Err(_) => Err(self.error(
                path.span(),
                format!(
                    "\"{}\" is not a Rust type (such as `rust_decimal::Decimal`)",
                    path.get_ref()
                ),
            )),
        }
    }

    /// A dependency is a version requirement or a table, as in a Cargo.toml.
    fn dependency(
        &self,
        name: &Spanned<String>,
        value: &Spanned<toml::Value>,
    ) -> Result<Dependency> {
        if let Some(problem) = package_name_problem(name.get_ref()) {
            return Err(self.error(name.span(), problem));
        }
        if OWN_DEPENDENCIES.contains(&name.get_ref().as_str()) {
            return Err(self.error(
                name.span(),
                format!(
                    "the generated crates set their own `{}` dependency",
                    name.get_ref()
                ),
            ));
        }
        if let toml::Value::Table(table) = value.get_ref() {
            if let Some(key) = table
                .keys()
                .find(|key| !DEPENDENCY_KEYS.contains(&key.as_str()))
            {
                return Err(self.error(
                    value.span(),
                    format!(
                        "unknown key `{key}` in the dependency `{}`; cargo's are {}",
                        name.get_ref(),
                        DEPENDENCY_KEYS.join(", ")
                    ),
                ));
            }
        }
        let written = match value.get_ref() {
            toml::Value::String(_) | toml::Value::Table(_) => value.get_ref().to_string(),
            _ => {
                return Err(self.error(
                    value.span(),
                    "a dependency is a version (\"1\") or a table ({ version = \"1\", features = [...] }), as in Cargo.toml",
                ))
            }
        };
        Ok(Dependency {
            name: name.get_ref().clone(),
            value: written,
        })
    }

    fn error(&self, span: Range<usize>, message: impl Into<String>) -> Error {
        located(&self.file, &self.text, span, message.into())
    }
}

/// Why a name is not a cargo package name, if it is not one.
fn package_name_problem(name: &str) -> Option<String> {
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    (!valid).then(|| {
        format!("\"{name}\" is not a package name: a letter, then letters, digits, `-` and `_`")
    })
}

/// An error at a byte range of the file: its line and column, and the line quoted with the
/// range (on that line) marked.
fn located(file: &str, text: &str, span: Range<usize>, message: String) -> Error {
    let start = span.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |at| start + at);
    let line = text[..start].matches('\n').count() + 1;
    let column = text[line_start..start].chars().count() + 1;
    let quoted_text = text[line_start..line_end].trim_end_matches('\r');
    let end = span
        .end
        .clamp(start + 1, line_start + quoted_text.len().max(1));
    let quoted = Box::new(SourceLine {
        text: quoted_text.to_owned(),
        span: (start - line_start)..(end - line_start).min(quoted_text.len().max(1)),
    });
    Error::Config {
        file: file.to_owned(),
        line,
        column,
        message,
        quoted: Some(quoted),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> String {
        match Config::parse("specforge.toml", text) {
            Ok(_) => panic!("no error for {text:?}"),
            Err(err) => err.render(false),
        }
    }

    #[test]
    fn an_unknown_key_is_an_error_at_its_line_and_column() {
        let rendered = message("derives = [\"Hash\"]\n\n[api.pets]\nmodel-crate = \"x\"\n");
        let first = rendered.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("specforge.toml:4:1: unknown field `model-crate`"),
            "{rendered}"
        );
        assert!(
            rendered.contains("4 | model-crate = \"x\"\n  | ^^^^^^^^^^^"),
            "{rendered}"
        );
    }

    #[test]
    fn a_value_of_the_wrong_type_is_an_error_at_the_value() {
        let rendered = message("[api.pets]\nversion = 2\n");
        assert!(rendered.starts_with("specforge.toml:2:11: "), "{rendered}");
        assert!(rendered.contains("expected a string"), "{rendered}");
        let rendered = message("outputs = [\"models\", \"book\"]\n");
        assert!(rendered.starts_with("specforge.toml:1:22: "), "{rendered}");
        assert!(rendered.contains("unknown variant `book`"), "{rendered}");
    }

    #[test]
    fn invalid_toml_is_an_error_at_its_line() {
        let rendered = message("outputs = [\"models\"\nderives = 1\n");
        assert!(rendered.starts_with("specforge.toml:"), "{rendered}");
        assert!(rendered.contains(" --> specforge.toml:"), "{rendered}");
    }

    #[test]
    fn an_api_table_takes_the_place_of_the_defaults_and_adds_to_their_tables() {
        let config = Config::parse(
            "specforge.toml",
            "derives = [\"Hash\"]\noutputs = [\"models\"]\n[formats]\ndecimal = \"rust_decimal::Decimal\"\nint64 = \"i128\"\n[api.pets]\nderives = [\"Eq\"]\n[api.pets.formats]\nint64 = \"u64\"\n",
        )
        .unwrap_or_else(|err| panic!("{err}"));
        let pets = config
            .table
            .api
            .get("pets")
            .map(|own| own.over(config.table.shared()));
        let pets = pets.unwrap_or_default();
        let derives: Vec<&str> = pets
            .derives
            .iter()
            .flatten()
            .map(|d| d.get_ref().as_str())
            .collect();
        assert_eq!(derives, ["Eq"]);
        assert!(pets.outputs.is_some());
        let formats: Vec<(&str, &str)> = pets
            .formats
            .iter()
            .map(|(k, v)| (k.get_ref().as_str(), v.get_ref().as_str()))
            .collect();
        assert_eq!(
            formats,
            [("decimal", "rust_decimal::Decimal"), ("int64", "u64")]
        );
    }

    #[test]
    fn a_dependency_table_is_written_inline_in_its_order() {
        let config = Config::parse(
            "specforge.toml",
            "[dependencies]\nrust_decimal = { version = \"1\", features = [\"serde\"] }\n",
        )
        .unwrap_or_else(|err| panic!("{err}"));
        let (name, value) = config
            .table
            .dependencies
            .iter()
            .next()
            .unwrap_or_else(|| panic!("a dependency"));
        let dependency = config
            .dependency(name, value)
            .unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(
            dependency.value,
            "{ version = \"1\", features = [\"serde\"] }"
        );
    }
}
