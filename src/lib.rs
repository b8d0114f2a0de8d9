//! specforge turns OpenAPI 3.0 specs into Rust model crates, axum server stubs and markdown docs.
//!
//! The pipeline is a chain of plain functions (see `DESIGN.md`):
//! [`spec::load`] reads a file into an OpenAPI document, [`ir::lower`] resolves it into the
//! language-neutral [`ir::Api`], the emitters in [`emit`] turn that into files, and [`output`]
//! compares them with, or writes them to, the output tree.

#[cfg(feature = "cli")]
pub mod cli;
pub mod emit;
pub mod error;
pub mod generate;
pub mod generator;
pub mod import;
pub mod importer;
pub mod ir;
pub mod output;
pub mod overlay;
pub mod spec;
pub mod specs;
pub mod templates;

pub use error::{Error, Result};
pub use generator::{Generator, Report};
pub use importer::{Importer, Imports};
