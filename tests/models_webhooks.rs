//! The webhooks of `tests/fixtures/webhooks.yaml` through its generated models: a subscriber
//! reads each delivery into the `Webhook` enum by the webhook's name, gets the payload type the
//! spec names (a component no path uses, or the inline schema's `…Webhook` type), and keeps
//! values the spec does not list yet, since the API writes the payload.
//!
//! The models' sources are committed under `tests/stubs/webhooks/` (`tests/generate.rs` checks
//! they are what the fixture generates) and compiled here as modules: this crate stands in for
//! the models crate, so its root holds what the models crate's `lib.rs` holds.

#[rustfmt::skip]
#[path = "stubs/webhooks/models/src/types.rs"]
mod types;

#[rustfmt::skip]
#[path = "stubs/webhooks/models/src/operations.rs"]
mod operations;

#[rustfmt::skip]
#[path = "stubs/webhooks/models/src/webhooks.rs"]
mod webhooks;

// The spec's examples, the webhooks' payloads and answers among them, read and written back
// byte for byte, as in the models crate.
#[rustfmt::skip]
#[path = "stubs/webhooks/models/tests/examples/round_trips.rs"]
mod examples;

pub use operations::*;
pub use specforge_runtime::Nullable;
pub use types::*;
pub use webhooks::*;

/// The spec's example of the `order.paid` payload.
const ORDER_PAID: &str =
    r#"{"id":"ord_1","amount":1250,"status":"paid","paid_at":"2024-05-01T12:00:00Z"}"#;

fn read(name: &str, json: &str) -> Webhook {
    match Webhook::from_json(name, json.as_bytes()) {
        Some(Ok(webhook)) => webhook,
        Some(Err(err)) => panic!("{name}: {err}\n{json}"),
        None => panic!("no webhook {name}"),
    }
}

#[test]
fn a_delivery_is_read_into_the_payload_type_its_webhook_names() {
    let Webhook::OrderPaid(order) = read("order.paid", ORDER_PAID) else {
        panic!("an order.paid delivery");
    };
    assert_eq!(order.id, "ord_1");
    assert_eq!(order.amount, 1250);
    assert_eq!(order.status, OrderPaidStatus::Paid);
    // Read-only fields are the API's to send: a payload has them.
    let paid_at = order.paid_at.map(|at| at.to_rfc3339());
    assert_eq!(paid_at.as_deref(), Some("2024-05-01T12:00:00+00:00"));
    assert_eq!(Webhook::OrderPaid(order).name(), "order.paid");
}

#[test]
fn an_inline_payload_keeps_values_the_spec_does_not_list_and_null_apart_from_absent() {
    let shipped = read(
        "order_shipped",
        r#"{"order_id":"ord_1","carrier":"drone","tracking":null}"#,
    );
    let Webhook::OrderShipped(OrderShippedWebhook {
        carrier, tracking, ..
    }) = &shipped
    else {
        panic!("an order_shipped delivery: {shipped:?}");
    };
    assert_eq!(
        *carrier,
        OrderShippedWebhookCarrier::Unknown("drone".to_owned())
    );
    assert_eq!(*tracking, Nullable::Null);
    let Webhook::OrderShipped(untracked) =
        read("order_shipped", r#"{"order_id":"ord_2","carrier":"post"}"#)
    else {
        panic!("an order_shipped delivery");
    };
    assert_eq!(untracked.tracking, Nullable::Absent);
}

#[test]
fn a_webhook_without_a_payload_reads_nothing_and_an_unknown_name_is_none() {
    assert_eq!(read("ping", ""), Webhook::Ping);
    assert!(Webhook::from_json("order.refunded", ORDER_PAID.as_bytes()).is_none());
    let broken = Webhook::from_json("order.paid", br#"{"id":"ord_1"}"#);
    let message = match broken {
        Some(Err(err)) => err.to_string(),
        other => panic!("a payload without its required fields is an error: {other:?}"),
    };
    assert!(message.contains("missing field `amount`"), "{message}");
    assert_eq!(Webhook::NAMES, ["order.paid", "order_shipped", "ping"]);
}

#[test]
fn the_subscriber_answers_in_the_type_the_spec_gives() {
    let answer = OrderShippedWebhookOkBody { accepted: true };
    assert_eq!(
        serde_json::to_string(&answer).ok().as_deref(),
        Some(r#"{"accepted":true}"#)
    );
}
