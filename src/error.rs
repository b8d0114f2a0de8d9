//! The one error type of the library.
//!
//! Every message names the file and the place in it (a line where one is known, and the JSON
//! pointer of the offending node), says what was expected and what was found.

use std::fmt;
use std::path::PathBuf;

/// A place in a spec file: the file as the user named it, the JSON pointer of the node, and the
/// 1-based line of that node when it could be found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub pointer: String,
    pub line: Option<usize>,
    /// The node's pointer in the loaded document: `pointer`, unless the node was bundled in
    /// from another file than the document's entry file.
    pub node: String,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": #{}", self.pointer)
    }
}

/// Everything that can go wrong, one variant per stage.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("{file}: cannot read the file: {source}")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },

    /// The text is not valid YAML (or JSON).
    #[error("{file}:{line}:{column}: invalid YAML: {message}")]
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },

    /// The document parsed but is not an OpenAPI 3.0 document we can read.
    #[error("{location}: {message}")]
    Spec { location: Location, message: String },

    /// The document uses an OpenAPI feature the generator does not support.
    #[error("{location}: unsupported: {message}")]
    Unsupported { location: Location, message: String },

    /// A documented page could not be imported, or the pages of one API disagree.
    #[error("{file}{}: {message}", line.map(|line| format!(":{line}")).unwrap_or_default())]
    Import {
        file: String,
        line: Option<usize>,
        message: String,
    },

    /// An overlay is not an OpenAPI Overlay 1.0 document, or one of its actions cannot apply.
    #[error("{file}{}: {message}", line.map(|line| format!(":{line}")).unwrap_or_default())]
    Overlay {
        file: String,
        line: Option<usize>,
        message: String,
    },

    /// Several problems, each on its own line, found in one run.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Several(Vec<Error>),

    /// A template failed to render.
    #[error("template {template}: {message}")]
    Template { template: String, message: String },

    /// The Rust code an emitter built did not parse; this is a bug in the emitter.
    #[error("generated/{file}: generated Rust does not parse (a specforge bug): {message}")]
    Emit { file: String, message: String },

    /// The output tree could not be written.
    #[error("{path}: cannot write: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// The JSON pointer, in the loaded document, of the node an error about a spec is about.
    pub fn pointer(&self) -> Option<&str> {
        match self {
            Error::Spec { location, .. } | Error::Unsupported { location, .. } => {
                Some(&location.node)
            }
            _ => None,
        }
    }

    /// One error for these problems: the only one, or all of them (several inside are
    /// spliced in, so the list is flat).
    pub fn several(errors: Vec<Error>) -> Error {
        let mut errors: Vec<Error> = errors
            .into_iter()
            .flat_map(|error| match error {
                Error::Several(inner) => inner,
                one => vec![one],
            })
            .collect();
        if errors.len() == 1 {
            errors.remove(0)
        } else {
            Error::Several(errors)
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
