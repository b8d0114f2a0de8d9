//! Import: documented endpoint pages → one OpenAPI 3.0.3 document per API.
//!
//! A page is read by the reader of its kind (one module per kind, named like the docs style that
//! writes it) into the neutral [`page::Page`]; [`openapi`] turns the pages of one API into one
//! document; [`crate::overlay`] then adds what the pages do not say. Nothing is dropped
//! silently: every line a reader does not understand is reported with its line number, and
//! `strict` fails on any.
//!
//! This module sits below `spec` and `ir`: it knows pages and OpenAPI's JSON shape, nothing of
//! the generator.

pub mod docusaurus;
pub mod lines;
pub mod markdoc;
pub mod mintlify;
pub mod openapi;
pub mod oracle_rest;
pub mod page;
pub mod sdk_model;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};
pub use page::{Kind, Page, Problem, ReadPage};

impl Kind {
    /// The kind this text is a page of, if any.
    pub fn detect(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.matches(text))
    }

    fn matches(self, text: &str) -> bool {
        match self {
            Kind::Markdoc => markdoc::detect(text),
            Kind::SdkModel => sdk_model::detect(text),
            Kind::OracleRest => oracle_rest::detect(text),
            Kind::Mintlify => mintlify::detect(text),
            Kind::Docusaurus => docusaurus::detect(text),
        }
    }

    /// Reads a page of this kind.
    pub fn read(self, text: &str) -> Result<Page, Problem> {
        match self {
            Kind::Markdoc => markdoc::read(text),
            Kind::SdkModel => sdk_model::read(text),
            Kind::OracleRest => oracle_rest::read(text),
            Kind::Mintlify => mintlify::read(text),
            Kind::Docusaurus => docusaurus::read(text),
        }
    }
}

/// A page to import: the file as the user named it, and its text.
#[derive(Debug, Clone)]
pub struct Source {
    pub file: String,
    pub text: String,
}

impl Source {
    /// Reads a page file.
    pub fn read(path: &Path, shown_as: &str) -> Result<Source> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            file: shown_as.to_string(),
            source,
        })?;
        Ok(Source {
            file: shown_as.to_string(),
            text,
        })
    }
}

/// The pages of one API turned into one OpenAPI document.
#[derive(Debug, Clone)]
pub struct Imported {
    pub api: String,
    pub pages: Vec<ReadPage>,
    /// The OpenAPI 3.0.3 document, in the order it is written.
    pub document: Value,
    /// Each type statement given a name of its own because another one of its name differs.
    pub renamed: Vec<String>,
}

impl Imported {
    /// Every line not understood, as `page:LINE: text`.
    pub fn unread_lines(&self) -> Vec<String> {
        self.pages
            .iter()
            .flat_map(|read| {
                read.page
                    .unread
                    .iter()
                    .map(move |unread| format!("{}:{}: {}", read.file, unread.line, unread.text))
            })
            .collect()
    }

    /// `NAME: N operations, M schemas from K pages; U of L lines not understood`.
    pub fn summary(&self) -> String {
        let operations = openapi::operation_count(&self.document);
        let schemas = self
            .document
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map_or(0, |schemas| schemas.len());
        let unread: usize = self.pages.iter().map(|read| read.page.unread.len()).sum();
        let lines: usize = self.pages.iter().map(|read| read.page.lines).sum();
        format!(
            "{}: {operations} operations, {schemas} schemas from {} pages; {unread} of {lines} lines not understood",
            self.api,
            self.pages.len()
        )
    }
}

/// Reads one page: of `kind` when given, else of the kind detected from its text.
pub fn read_page(source: &Source, kind: Option<Kind>) -> Result<ReadPage> {
    let kind = match kind {
        Some(kind) => kind,
        None => Kind::detect(&source.text).ok_or_else(|| Error::Import {
            file: source.file.clone(),
            quoted: None,
            line: None,
            message: format!(
                "not a page of a known kind (tried {}); name one with --kind",
                Kind::ALL.map(Kind::name).join(", ")
            ),
        })?,
    };
    let page = kind.read(&source.text).map_err(|problem| Error::Import {
        file: source.file.clone(),
        quoted: None,
        line: Some(problem.line),
        message: format!("{} page: {}", kind.name(), problem.message),
    })?;
    Ok(ReadPage {
        file: source.file.clone(),
        kind,
        page,
    })
}

/// How to import.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Read every page as this kind instead of detecting each page's kind.
    pub kind: Option<Kind>,
    /// A type name stated with different fields is an error; with this set, each different
    /// statement becomes a schema of its own (`Name2`, `Name3`, …) and the renaming is reported.
    pub rename_conflicts: bool,
}

/// Imports the pages of one API into one OpenAPI document (before any overlay).
pub fn import(api: &str, sources: &[Source], kind: Option<Kind>) -> Result<Imported> {
    import_with(
        api,
        sources,
        Options {
            kind,
            ..Options::default()
        },
    )
}

/// [`import`], with every option.
pub fn import_with(api: &str, sources: &[Source], options: Options) -> Result<Imported> {
    let mut pages = Vec::new();
    let mut problems = Vec::new();
    for source in sources {
        match read_page(source, options.kind) {
            Ok(page) => pages.push(page),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(Error::several(problems));
    }
    let (document, renamed) = openapi::document(api, &pages, options.rename_conflicts)?;
    Ok(Imported {
        api: api.to_string(),
        pages,
        document,
        renamed,
    })
}

/// The page files of one API's folder, sorted by name so that every run reads them alike.
pub fn page_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let shown = dir.display().to_string();
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
        file: shown.clone(),
        source,
    })?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| Error::Read {
            file: shown.clone(),
            source,
        })?;
        let path = entry.path();
        if path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
