//! Every JSON example of the spec, read into its type and written back byte for byte.

use super::*;

/// Reads `json` into `T` and writes it back: the bytes must be `expected`, which is `json`
/// itself, or `json` with its keys in the order of the type's fields where the example
/// lists them in another order.
fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(
    json: &str,
    expected: &str,
) {
    let value: T = match serde_json::from_str(json) {
        Ok(value) => value,
        Err(err) => panic!("the example does not deserialise: {err}\n{json}"),
    };
    let written = serde_json::to_string(&value)
        .unwrap_or_else(|err| panic!("cannot serialise: {err}"));
    assert_eq!(written, expected, "the example does not round-trip");
}

/// From `tests/fixtures/webhooks.yaml#/webhooks/order.paid/post/requestBody/content/application~1json/examples/card`.
#[test]
fn order_paid_webhook_card() {
    round_trip::<
        OrderPaid,
    >(
        r#"{"id":"ord_1","amount":1250,"status":"paid","paid_at":"2024-05-01T12:00:00Z"}"#,
        r#"{"id":"ord_1","amount":1250,"status":"paid","paid_at":"2024-05-01T12:00:00Z"}"#,
    );
}

/// From `tests/fixtures/webhooks.yaml#/webhooks/order_shipped/post/requestBody/content/application~1json/example`.
#[test]
fn order_shipped_webhook_example() {
    round_trip::<
        OrderShippedWebhook,
    >(
        r#"{"order_id":"ord_1","carrier":"drone","tracking":null}"#,
        r#"{"order_id":"ord_1","carrier":"drone","tracking":null}"#,
    );
}

/// From `tests/fixtures/webhooks.yaml#/webhooks/order_shipped/post/responses/200/content/application~1json/example`.
#[test]
fn order_shipped_webhook_200_example() {
    round_trip::<
        OrderShippedWebhookOkBody,
    >(r#"{"accepted":true}"#, r#"{"accepted":true}"#);
}
