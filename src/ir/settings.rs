//! What lowering is told beyond the spec: the choices of a team's `specforge.toml` for one API
//! (read and checked by `crate::config`), as plain data. The default is the spec alone.

use indexmap::IndexMap;
use serde::Serialize;

/// One API's settings. Every field's default leaves the output as the spec alone makes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// The models crate's package name, in place of `<api>-models`.
    pub models_crate: Option<String>,
    /// The server crate's package name, in place of `<api>-server`.
    pub server_crate: Option<String>,
    /// The crates' version, in place of `info.version` (already checked to be semver).
    pub version: Option<String>,
    /// Component schemas the user already has a type for: schema name → Rust type. Such a
    /// schema gets no type of its own, and every use of it is the given type.
    pub replace: IndexMap<String, String>,
    /// Formats held as a given Rust type (`decimal` → `rust_decimal::Decimal`), whatever the
    /// schema's `type`.
    pub formats: IndexMap<String, String>,
    /// Derives added to the models crate's types, as Rust paths (`Hash`, `schemars::JsonSchema`).
    pub derives: Vec<String>,
    /// Dependencies added to the generated manifests, for the types `replace` and `formats`
    /// name and the derives come from.
    pub dependencies: Vec<Dependency>,
    /// The docs style of operation and webhook pages, in place of `info.x-specforge-docs.style`.
    pub docs_style: Option<String>,
    /// The docs style of model pages, in place of `info.x-specforge-docs.model-style`.
    pub model_docs_style: Option<String>,
}

/// A dependency the generated manifests list beside their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dependency {
    /// The package name (`rust_decimal`).
    pub name: String,
    /// The value as TOML writes it: `"1"`, or an inline table
    /// (`{ version = "1", features = ["serde"] }`).
    pub value: String,
}
