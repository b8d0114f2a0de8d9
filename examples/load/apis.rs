//! The mix of each API, from its spec: which requests are valid reads and writes, which bodies
//! the spec does not allow, what its error body is, and which of its stored state no valid
//! request changes. The resources are the ones each example store starts with
//! (`examples/servers/<api>.rs`).

mod authlete;
mod awx;
mod fimidara;
mod sailpoint;

use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::mix::{Api, WRITTEN};

/// Every API with an example server.
pub fn all() -> Vec<Arc<dyn Api>> {
    vec![
        Arc::new(fimidara::Fimidara),
        Arc::new(awx::Awx),
        Arc::new(authlete::Authlete),
        Arc::new(sailpoint::Sailpoint),
    ]
}

/// A body of the models crate's type, as JSON.
fn to_json(value: &impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// `body` read as the models crate's type `T`: an error if it is not one.
fn typed<T: DeserializeOwned>(body: &Value) -> Result<T, String> {
    serde_json::from_value(body.clone())
        .map_err(|err| format!("not a {}: {err}", std::any::type_name::<T>()))
}

/// The value a valid write number `n` stores.
fn written(n: u64) -> String {
    format!("{WRITTEN}{n}")
}

/// Checks that a written field holds its value before the run (`initial`) or one a valid write
/// stored.
fn check_written(field: &str, value: Option<&str>, initial: Option<&str>) -> Result<(), String> {
    match value {
        Some(value) if value.starts_with(WRITTEN) => Ok(()),
        value if value == initial => Ok(()),
        value => Err(format!(
            "{field} is {value:?}: neither its value before the run nor one a valid write stored"
        )),
    }
}

/// Checks that `body.<key>` is a non-empty string.
fn string_member(body: &Value, key: &str) -> Result<(), String> {
    match body.get(key) {
        Some(Value::String(text)) if !text.is_empty() => Ok(()),
        other => Err(format!("`{key}` is not a non-empty string: {other:?}")),
    }
}
