//! Snapshots of the server emitter on the same fixture specs as the models snapshots, one
//! concept each. Review every `.snap` change: it is the generated code a user will read.

mod emit_support;

use emit_support::emitted;
use specforge::emit::server;

/// The server crate of a fixture, as one text: each Rust file under a heading comment.
fn server_of(fixture: &str) -> String {
    emitted(fixture, server::emit, &["src/lib.rs", "src/api.rs"])
}

snapshot_every_fixture!(server_of);
