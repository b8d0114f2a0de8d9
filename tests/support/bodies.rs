//! Request bodies that are not what a spec asks for, for the property tests that send them and
//! check that the server answers 4xx in the API's error body and changes nothing.

use proptest::prelude::*;
use serde_json::Value;

/// Up to 64 random bytes.
pub fn random_bytes() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 0..64)
}

/// A JSON value as the bytes of a body.
pub fn json_text(value: impl Strategy<Value = Value>) -> impl Strategy<Value = Vec<u8>> {
    value.prop_map(|value| value.to_string().into_bytes())
}

/// JSON where an object belongs (`null`, a number, a string, `[]`), or a value of one of the
/// strategies given: objects whose fields have the wrong shapes for the API at hand. Each is
/// equally likely.
//
// The allows are the macro's `dead_code`: sailpoint's test sends patch documents, not this.
#[allow(unused_macros)]
macro_rules! wrong_json {
    ($($wrong_fields:expr),* $(,)?) => {
        proptest::prop_oneof![
            proptest::strategy::Just(serde_json::json!(null)),
            proptest::strategy::Strategy::prop_map(
                proptest::prelude::any::<i64>(),
                |n| serde_json::json!(n),
            ),
            proptest::strategy::Strategy::prop_map(".*", |s| serde_json::json!(s)),
            $($wrong_fields,)*
            proptest::strategy::Just(serde_json::json!([])),
        ]
    };
}
#[allow(unused_imports)]
pub(crate) use wrong_json;
