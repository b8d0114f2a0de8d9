//! The language-neutral model every emitter reads.
//!
//! Lowering resolves OpenAPI's looseness once: every name is decided and escaped here, every
//! inline schema gets a named type, every field says whether it is required and whether it is
//! nullable, readOnly and writeOnly fields are split into request and response types, and every
//! operation lists all its parameters, bodies and responses. Emitters are plain functions of this.
//!
//! [`model`] holds the types; [`api`] assembles one API from the lowering of its schemas
//! (`schemas`, with `view`, `shape`, `combinations` and `refs` beneath it), operations
//! (`operations`, `paths`, `security`, and `multipart` for the file parts of multipart bodies),
//! webhooks (`webhooks`: the requests the API sends to its subscribers) and the passes over the
//! finished type graph (`cycles`, `sizes`, `examples`).

mod access;
mod api;
mod combinations;
mod cycles;
mod examples;
mod model;
mod multipart;
pub(crate) mod names;
mod operations;
mod package;
mod paths;
mod refs;
mod same;
mod schemas;
mod security;
mod settings;
mod shape;
mod sizes;
mod view;
mod webhooks;

pub use api::{leave_out_invalid, leave_out_invalid_with, lower, lower_with};
pub use model::*;
pub use package::Package;
pub use settings::{Dependency, Settings};
