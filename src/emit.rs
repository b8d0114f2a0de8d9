//! Emitters: plain functions from the IR to files.
//!
//! Rust is built as token streams with `quote!`, parsed with `syn` and printed with
//! `prettyplease`; text that is not Rust (crate manifests, docs) comes from tera templates.
//! The runtime crate, which does not depend on the spec, is ordinary source copied as it is.

pub mod docs;
pub mod models;
pub mod runtime;
mod rust;
pub mod server;
