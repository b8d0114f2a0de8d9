//! The requests the API sends to its subscribers (the spec's `webhooks`), each with its
//! payload.

use crate::types::{OrderPaid, OrderShippedWebhook};

/// A request the API sends to a subscriber: one variant per webhook, holding its payload.
///
/// The webhook's name is not part of the request: read a delivery with [`Self::from_json`] under the name its URL or its payload says.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Webhook {
    /// `order.paid` (`POST`): An order was paid
    ///
    /// Sent once the payment of an order has been captured.
    ///
    /// The payload: The paid order.
    ///
    /// The subscriber answers:
    /// - `200`: Acknowledge receipt; any other status is retried.
    /// - `410`: Stop sending this webhook to the URL.
    OrderPaid(OrderPaid),
    /// `order_shipped` (`POST`): An order left the warehouse
    ///
    /// The subscriber answers:
    /// - `200`: Whether the subscriber took the shipment on.
    OrderShipped(OrderShippedWebhook),
    /// `ping` (`POST`)
    ///
    /// Sent to check that a URL answers.
    ///
    /// The subscriber answers:
    /// - `204`: The URL answers.
    Ping,
}

impl Webhook {
    /// Every webhook's name, as the spec's `webhooks` keys it.
    pub const NAMES: &'static [&'static str] = &["order.paid", "order_shipped", "ping"];
    /// The webhook's name, as the spec's `webhooks` keys it.
    pub fn name(&self) -> &'static str {
        match self {
            Self::OrderPaid(_) => "order.paid",
            Self::OrderShipped(_) => "order_shipped",
            Self::Ping => "ping",
        }
    }
    /// Reads a delivery of the webhook `name` from its JSON body; `None` when the API
    /// has no webhook of that name. A webhook without a payload reads nothing.
    pub fn from_json(name: &str, json: &[u8]) -> Option<serde_json::Result<Self>> {
        Some(
            match name {
                "order.paid" => serde_json::from_slice(json).map(Self::OrderPaid),
                "order_shipped" => serde_json::from_slice(json).map(Self::OrderShipped),
                "ping" => Ok(Self::Ping),
                _ => return None,
            },
        )
    }
}
