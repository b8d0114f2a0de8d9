//! Per operation: its parameter structs and its response enum, with one variant per
//! documented status or status range.

use crate::types::Subscription;

/// Responses of `subscribe`: `POST /subscriptions`.
///
/// Subscribe a URL to the webhooks
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum SubscribeResponse {
    /// `201`: The subscription.
    Created(Subscription),
}

impl SubscribeResponse {
    /// The HTTP status code of this response.
    pub fn status(&self) -> u16 {
        match self {
            Self::Created(..) => 201,
        }
    }
}
