//! Snapshots of the models emitter on small fixture specs, one concept each. Review every
//! `.snap` change: it is the generated code a user will read.

mod emit_support;

use emit_support::emitted;
use specforge::emit::models;

/// The models crate of a fixture, as one text: each Rust file under a heading comment.
fn models_of(fixture: &str) -> String {
    emitted(
        fixture,
        models::emit,
        &[
            "src/types.rs",
            "src/operations.rs",
            "src/webhooks.rs",
            "tests/examples/round_trips.rs",
        ],
    )
}

snapshot_every_fixture!(models_of);
