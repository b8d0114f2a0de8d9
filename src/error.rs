//! The one error type of the library.
//!
//! Every message names the file and the place in it (a line where one is known, and the JSON
//! pointer of the offending node), says what was expected and what was found.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

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
    /// The text of `line`, with the node's key and value to point at, when the line is known
    /// (boxed: errors travel in every `Result` of the library, and are kept small).
    pub quoted: Option<Box<SourceLine>>,
}

/// The text of the line an error is about (without its line break) and the byte range of it to
/// point at, for the snippet [`Error::render`] shows under the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLine {
    pub text: String,
    pub span: Range<usize>,
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
        /// The text of `line`, with the character at `column` to point at.
        quoted: Option<Box<SourceLine>>,
    },

    /// The document parsed but is not an OpenAPI 3.0 document we can read.
    #[error("{location}: {message}")]
    Spec {
        location: Box<Location>,
        message: String,
    },

    /// The document uses an OpenAPI feature the generator does not support.
    #[error("{location}: unsupported: {message}")]
    Unsupported {
        location: Box<Location>,
        message: String,
    },

    /// A documented page could not be imported, or the pages of one API disagree.
    #[error("{file}{}: {message}", line.map(|line| format!(":{line}")).unwrap_or_default())]
    Import {
        file: String,
        line: Option<usize>,
        message: String,
        /// The text of `line`, to show under the message (see [`Error::quoting`]).
        quoted: Option<Box<SourceLine>>,
    },

    /// An overlay is not an OpenAPI Overlay 1.0 document, or one of its actions cannot apply.
    #[error("{file}{}: {message}", line.map(|line| format!(":{line}")).unwrap_or_default())]
    Overlay {
        file: String,
        line: Option<usize>,
        message: String,
        /// The text of `line`, to show under the message (see [`Error::quoting`]).
        quoted: Option<Box<SourceLine>>,
    },

    /// The configuration (`specforge.toml`) is not valid TOML, has a key specforge does not
    /// know, or a value it cannot use.
    #[error("{file}:{line}:{column}: {message}")]
    Config {
        file: String,
        line: usize,
        column: usize,
        message: String,
        /// The text of `line`, with the offending key or value to point at.
        quoted: Option<Box<SourceLine>>,
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
    /// The message, as [`Display`](fmt::Display) writes it, with the source line each problem
    /// is on under its own line of the message, the offending key and value (or, for invalid
    /// YAML, the character) marked with carets, the way rustc shows code:
    ///
    /// ```text
    /// specs/pets.yaml:17: #/components/schemas/Pet/properties/name/type: unknown schema type "strnig"
    ///   --> specs/pets.yaml:17:11
    ///    |
    /// 17 |           type: strnig
    ///    |           ^^^^^^^^^^^^
    /// ```
    ///
    /// A problem whose line is not known has no snippet. With `colour`, the snippets carry ANSI
    /// colours (for a terminal).
    pub fn render(&self, colour: bool) -> String {
        let renderer = match colour {
            true => Renderer::styled(),
            false => Renderer::plain(),
        };
        self.render_with(&renderer)
    }

    fn render_with(&self, renderer: &Renderer) -> String {
        if let Error::Several(errors) = self {
            return errors
                .iter()
                .map(|error| error.render_with(renderer))
                .collect::<Vec<_>>()
                .join("\n");
        }
        let mut out = self.to_string();
        if let Some((file, line, source)) = self.source_line() {
            let snippet = Group::with_level(Level::ERROR).element(
                Snippet::source(source.text.as_str())
                    .line_start(line)
                    .path(file)
                    .annotation(AnnotationKind::Primary.span(source.span.clone())),
            );
            out.push('\n');
            out.push_str(renderer.render(&[snippet]).trim_end());
        }
        out
    }

    /// The file, line and source line a problem is on, when they are known.
    fn source_line(&self) -> Option<(&str, usize, &SourceLine)> {
        match self {
            Error::Spec { location, .. } | Error::Unsupported { location, .. } => {
                Some((&location.file, location.line?, location.quoted.as_ref()?))
            }
            Error::Syntax {
                file,
                line,
                quoted: Some(source),
                ..
            }
            | Error::Config {
                file,
                line,
                quoted: Some(source),
                ..
            } => Some((file, *line, source)),
            Error::Import {
                file,
                line: Some(line),
                quoted: Some(source),
                ..
            }
            | Error::Overlay {
                file,
                line: Some(line),
                quoted: Some(source),
                ..
            } => Some((file, *line, source)),
            _ => None,
        }
    }

    /// The JSON pointer, in the loaded document, of the node an error about a spec is about.
    pub fn pointer(&self) -> Option<&str> {
        match self {
            Error::Spec { location, .. } | Error::Unsupported { location, .. } => {
                Some(&location.node)
            }
            _ => None,
        }
    }

    /// This error with the source line under each import or overlay problem whose line is
    /// known, as `quote(file, line)` gives it: line `line` of the page or overlay the problem
    /// names, from the text the caller read.
    pub(crate) fn quoting(self, quote: &dyn Fn(&str, usize) -> Option<Box<SourceLine>>) -> Error {
        match self {
            Error::Several(errors) => Error::Several(
                errors
                    .into_iter()
                    .map(|error| error.quoting(quote))
                    .collect(),
            ),
            Error::Import {
                file,
                line: Some(line),
                message,
                quoted: None,
            } => Error::Import {
                quoted: quote(&file, line),
                file,
                line: Some(line),
                message,
            },
            Error::Overlay {
                file,
                line: Some(line),
                message,
                quoted: None,
            } => Error::Overlay {
                quoted: quote(&file, line),
                file,
                line: Some(line),
                message,
            },
            other => other,
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

#[cfg(test)]
mod tests {
    use crate::spec;

    const PETS: &str = "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        name:\n          type: strnig\n";

    #[test]
    fn a_spec_error_shows_its_line_with_carets_under_the_key_and_value() {
        let spec = spec::parse("specs/pets.yaml", "pets", PETS).expect("a spec");
        let err = spec.error(
            "/components/schemas/Pet/properties/name/type",
            "unknown schema type \"strnig\"",
        );
        let rendered = err.render(false);
        let lines: Vec<&str> = rendered.lines().collect();
        assert_eq!(lines[0], err.to_string(), "{rendered}");
        assert_eq!(
            lines[0],
            "specs/pets.yaml:12: #/components/schemas/Pet/properties/name/type: unknown schema type \"strnig\""
        );
        assert_eq!(
            &lines[1..],
            [
                "  --> specs/pets.yaml:12:11",
                "   |",
                "12 |           type: strnig",
                "   |           ^^^^^^^^^^^^",
            ],
            "{rendered}"
        );
        assert!(!rendered.contains('\u{1b}'), "no colour when plain");
        assert!(err.render(true).contains('\u{1b}'), "colour when asked");
    }

    #[test]
    fn a_key_whose_value_is_below_is_marked_alone() {
        let spec = spec::parse("specs/pets.yaml", "pets", PETS).expect("a spec");
        let rendered = spec
            .error("/components/schemas/Pet/properties", "no properties here")
            .render(false);
        assert!(
            rendered.ends_with("\n10 |       properties:\n   |       ^^^^^^^^^^"),
            "{rendered}"
        );
    }

    #[test]
    fn invalid_yaml_has_a_caret_at_its_column() {
        let text = "openapi: 3.0.3\npaths:\n  /ping:\n    get:\n      operationId: [ping\n      responses: {}\n";
        let err = spec::parse("specs/bad.yaml", "bad", text).expect_err("invalid YAML");
        let rendered = err.render(false);
        let (first, snippet) = rendered.split_once('\n').expect("a snippet");
        assert_eq!(first, err.to_string());
        let super::Error::Syntax { line, column, .. } = err else {
            panic!("not a syntax error: {err}");
        };
        let shown = format!("{line} | ");
        let quoted = snippet
            .lines()
            .find(|quoted| quoted.starts_with(&shown))
            .unwrap_or_else(|| panic!("line {line} not shown:\n{rendered}"));
        let caret = snippet.lines().last().unwrap_or_default();
        assert_eq!(
            caret.find('^'),
            Some(shown.len() + column - 1),
            "{rendered}"
        );
        assert_eq!(caret.matches('^').count(), 1, "{rendered}");
        assert!(quoted.len() > shown.len(), "{rendered}");
    }

    #[test]
    fn several_problems_have_a_snippet_each_and_a_lineless_one_none() {
        let spec = spec::parse("specs/pets.yaml", "pets", PETS).expect("a spec");
        let err = super::Error::several(vec![
            spec.error("/components/schemas/Pet/type", "one"),
            spec.error("/components/schemas/Nope", "two"),
            spec.error("/info/title", "three"),
        ]);
        let rendered = err.render(false);
        let problems: Vec<&str> = rendered
            .lines()
            .filter(|line| line.starts_with("specs/"))
            .collect();
        assert_eq!(problems, err.to_string().lines().collect::<Vec<_>>());
        assert_eq!(rendered.matches("--> ").count(), 2, "{rendered}");
        assert!(
            rendered.contains("\n9 |       type: object\n  |       ^^^^^^^^^^^^"),
            "{rendered}"
        );
        assert!(
            rendered.contains("\n3 |   title: Pets\n  |   ^^^^^^^^^^^"),
            "{rendered}"
        );
    }
}
