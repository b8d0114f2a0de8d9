//! What every generated handler does before the implementation is called, and the
//! writing of responses. Nothing here depends on the spec; it is public so that a
//! hand-written handler added to the router can check requests the same way.
//!
//! Each concern is a module of its own; what they make public is re-exported here.

mod auth;
mod body;
mod combinations;
mod limits;
mod multipart;
mod parameters;
mod rejection;
mod response;
mod serve;
mod shape;

pub use auth::{authenticate, Credential, Scheme};
pub use body::{
    body, optional_body, optional_received, received, Kind, Media, Received, BODY_LIMIT,
};
pub use combinations::{Allowed, Combination, Combinations, JsonKind};
pub use limits::Limits;
pub use parameters::{cookies, headers, path, query, FormValue};
pub use rejection::{method_not_allowed, not_found, Rejection};
pub use response::{empty, header_text, json, json_as, raw, with_headers};
pub use serve::{
    BodyReadTimeout, Server, DEFAULT_BODY_READ_TIMEOUT, DEFAULT_HEADER_READ_TIMEOUT,
    DEFAULT_MAX_CONNECTIONS,
};
pub use shape::{check_combinations, check_shape, Objects, Shape};
