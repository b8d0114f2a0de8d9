//! One type per schema of the spec; inline schemas are named after where they appear.

use serde::{Deserialize, Serialize};
use crate::Nullable;

/// The `Subscription` schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subscription {
    /// Read-only: set by the server, never sent in a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Where the webhooks are sent.
    pub url: String,
}

/// An order whose payment was captured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderPaid {
    pub id: String,
    /// The amount paid, in cents.
    pub amount: i64,
    pub status: OrderPaidStatus,
    /// When the payment was captured.
    ///
    /// Read-only: set by the server, never sent in a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The `Subscription` schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionRequest {
    /// Where the webhooks are sent.
    pub url: String,
}

/// Inline schema at `tests/fixtures/webhooks.yaml#/components/schemas/OrderPaid/properties/status`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderPaidStatus {
    /// `paid`
    #[serde(rename = "paid")]
    Paid,
    /// `refunded`
    #[serde(rename = "refunded")]
    Refunded,
    /// A value the spec does not list, kept as sent so that newer servers do not
    /// break this client.
    #[serde(untagged)]
    Unknown(String),
}

impl OrderPaidStatus {
    /// The value as it is on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Paid => "paid",
            Self::Refunded => "refunded",
            Self::Unknown(value) => value,
        }
    }
}

impl std::fmt::Display for OrderPaidStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Inline schema at `tests/fixtures/webhooks.yaml#/webhooks/order_shipped/post/requestBody/content/application~1json/schema`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderShippedWebhook {
    /// The order that shipped.
    pub order_id: String,
    pub carrier: OrderShippedWebhookCarrier,
    /// The carrier's tracking code, when it has one.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub tracking: Nullable<String>,
}

/// Inline schema at `tests/fixtures/webhooks.yaml#/webhooks/order_shipped/post/requestBody/content/application~1json/schema/properties/carrier`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderShippedWebhookCarrier {
    /// `post`
    #[serde(rename = "post")]
    Post,
    /// `courier`
    #[serde(rename = "courier")]
    Courier,
    /// A value the spec does not list, kept as sent so that newer servers do not
    /// break this client.
    #[serde(untagged)]
    Unknown(String),
}

impl OrderShippedWebhookCarrier {
    /// The value as it is on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Post => "post",
            Self::Courier => "courier",
            Self::Unknown(value) => value,
        }
    }
}

impl std::fmt::Display for OrderShippedWebhookCarrier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Inline schema at `tests/fixtures/webhooks.yaml#/webhooks/order_shipped/post/responses/200/content/application~1json/schema`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderShippedWebhookOkBody {
    pub accepted: bool,
}
