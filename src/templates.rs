//! The tera templates under `templates/`: read once, like the specs, before anything is emitted.
//!
//! A template's name is its path below the folder without the `.tera` ending
//! (`templates/crate/models.Cargo.toml.tera` is `crate/models.Cargo.toml`).

use std::path::Path;

use crate::error::{Error, Result};

/// Every template of the templates folder, parsed.
#[derive(Debug)]
pub struct Templates {
    tera: tera::Tera,
}

impl Templates {
    /// Reads every `*.tera` file below `dir`.
    pub fn load(dir: &Path) -> Result<Templates> {
        let mut sources = Vec::new();
        collect(dir, dir, &mut sources)?;
        sources.sort();
        Templates::from_sources(sources)
    }

    /// Parses templates given as `(name, source)` pairs.
    pub fn from_sources(sources: Vec<(String, String)>) -> Result<Templates> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(Vec::new());
        tera.add_raw_templates(sources)
            .map_err(|err| Error::Template {
                template: "templates/".to_owned(),
                message: error_chain(&err),
            })?;
        Ok(Templates { tera })
    }

    /// Whether a template of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|known| known == name)
    }

    /// The names of all templates below a folder (`docs/markdoc/`), sorted.
    pub fn names_under(&self, folder: &str) -> Vec<String> {
        let mut names: Vec<String> = self
            .tera
            .get_template_names()
            .filter(|name| name.starts_with(folder))
            .map(str::to_owned)
            .collect();
        names.sort();
        names
    }

    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String> {
        self.tera
            .render(name, context)
            .map_err(|err| Error::Template {
                template: name.to_owned(),
                message: error_chain(&err),
            })
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> Result<()> {
    let read_error = |source| Error::Read {
        file: dir.display().to_string(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(read_error)? {
        let path = entry.map_err(read_error)?.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else if path.extension().is_some_and(|ext| ext == "tera") {
            let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
                file: path.display().to_string(),
                source,
            })?;
            let relative = path.strip_prefix(root).unwrap_or(&path).with_extension("");
            let name = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((name, text));
        }
    }
    Ok(())
}

/// A tera error with its causes, which is where tera says what actually went wrong.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
