//! The repository's specs made from pages: `specs/pages/<api>/*` and `specs/<api>.overlay.yaml`
//! → `specs/<api>.yaml`, the step `cargo xtask import` runs.
//!
//! [`crate::import`] reads the pages into an OpenAPI document, [`crate::overlay`] adds what the
//! pages do not say, and the result is written as YAML under a header that says where it comes
//! from. Nothing here writes a file: the caller compares the text with, or writes it to, the
//! spec's path.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};
use crate::import::{self, Imported, Options, Source};
use crate::overlay::Overlay;

/// One spec made from pages.
#[derive(Debug)]
pub struct Made {
    pub imported: Imported,
    /// The document with the overlay applied.
    pub document: Value,
    /// The spec's text, as written to `path`.
    pub text: String,
    /// Where the spec goes.
    pub path: PathBuf,
}

/// What to import: the API's name, its page files, an overlay, and where the spec goes.
#[derive(Debug, Clone)]
pub struct Request {
    pub api: String,
    /// Each page file with the name errors show for it.
    pub pages: Vec<(PathBuf, String)>,
    pub options: Options,
    /// The overlay file with the name errors show for it.
    pub overlay: Option<(PathBuf, String)>,
    pub out: PathBuf,
    /// How the spec's header names its sources.
    pub sources: String,
}

/// An overlay file beside the specs (`<api>.overlay.yaml`), not a spec.
pub fn is_overlay(file_name: &str) -> bool {
    [".overlay.yaml", ".overlay.yml", ".overlay.json"]
        .iter()
        .any(|ext| file_name.ends_with(ext))
}

/// The APIs of `specs_dir` that have pages (`specs_dir/pages/<api>/`), sorted.
pub fn apis_with_pages(root: &Path, specs_dir: &str) -> Result<Vec<Request>> {
    let pages_dir = root.join(specs_dir).join("pages");
    if !pages_dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut apis = Vec::new();
    let entries = std::fs::read_dir(&pages_dir).map_err(|source| Error::Read {
        file: format!("{specs_dir}/pages"),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::Read {
            file: format!("{specs_dir}/pages"),
            source,
        })?;
        if entry.path().is_dir() {
            apis.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    apis.sort();
    apis.into_iter()
        .map(|api| {
            let dir = pages_dir.join(&api);
            let pages = import::page_files(&dir)?
                .into_iter()
                .map(|path| {
                    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                    let shown = format!("{specs_dir}/pages/{api}/{}", name.unwrap_or_default());
                    (path, shown)
                })
                .collect();
            let overlay_name = format!("{specs_dir}/{api}.overlay.yaml");
            let overlay_path = root.join(&overlay_name);
            let overlay = overlay_path
                .is_file()
                .then(|| (overlay_path, overlay_name.clone()));
            let sources = match &overlay {
                Some(_) => format!("{specs_dir}/pages/{api}/ and {overlay_name}"),
                None => format!("{specs_dir}/pages/{api}/"),
            };
            Ok(Request {
                out: root.join(specs_dir).join(format!("{api}.yaml")),
                api,
                pages,
                options: Options::default(),
                overlay,
                sources,
            })
        })
        .collect()
}

/// Imports the pages, applies the overlay and renders the spec.
pub fn make(request: &Request) -> Result<Made> {
    let sources = request
        .pages
        .iter()
        .map(|(path, shown)| Source::read(path, shown))
        .collect::<Result<Vec<_>>>()?;
    let imported = import::import_with(&request.api, &sources, request.options)?;
    let mut document = imported.document.clone();
    if let Some((path, shown)) = &request.overlay {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            file: shown.clone(),
            source,
        })?;
        Overlay::parse(shown, &text)?.apply(&mut document)?;
    }
    let text = render(&document, &request.sources)?;
    Ok(Made {
        imported,
        document,
        text,
        path: request.out.clone(),
    })
}

/// The spec's text: a header naming its sources, then the document as YAML.
pub fn render(document: &Value, sources: &str) -> Result<String> {
    let yaml = serde_yaml::to_string(document).map_err(|err| Error::Import {
        file: sources.to_string(),
        line: None,
        message: format!("the imported document does not serialise as YAML: {err}"),
    })?;
    Ok(format!(
        "# Written by `cargo xtask import` from {sources}.\n# Edit those, not this file.\n{yaml}"
    ))
}
