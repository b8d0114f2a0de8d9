//! The spec's examples, each read into its type and written back.

#[rustfmt::skip]
#[path = "examples/round_trips.rs"]
mod round_trips;

use fimidara_models::*;
