//! The Rust examples the generated docs of seeds 002 and 003 show, compiled against the
//! generated `authlete-models` crate and returned as the text the page must show.

/// Runs the code (so it must compile and its assertions hold) and returns the code up to its
/// first `assert_eq!`, as text: what the page shows.
macro_rules! shown_and_compiled {
    ($($code:tt)*) => {{
        fn run() {
            $($code)*
        }
        run();
        let text = stringify!($($code)*);
        text.split("assert_eq!").next().unwrap_or(text)
    }};
}

/// The Example Usage of the TokenUpdateRequest page, compiled against the generated models
/// crate (and returned as text, to compare with the page).
pub fn token_update_request_example() -> &'static str {
    shown_and_compiled! {
        use authlete_models::{Nullable, TokenUpdateRequest};

        let value = TokenUpdateRequest {
            access_token: "<value>".to_owned(),
            access_token_expires_at: None,
            scopes: Nullable::Absent,
            properties: Nullable::Absent,
            access_token_expires_at_updated_on_scope_update: None,
            access_token_hash: None,
            access_token_value_updated: None,
            access_token_persistent: None,
            certificate_thumbprint: None,
            dpop_key_thumbprint: None,
            authorization_details: None,
            for_external_attachment: None,
            refresh_token_expires_at: None,
            refresh_token_expires_at_updated_on_scope_update: None,
            token_id: None,
        };
        assert_eq!(
            serde_json::to_value(&value).unwrap_or_default(),
            serde_json::json!({"accessToken": "<value>"})
        );
    }
}

/// The SDK example of the client authorization update page, compiled against the models crate.
pub fn client_authorization_update_example() -> &'static str {
    shown_and_compiled! {
        use authlete_models::{
            ClientAuthorizationUpdateApiPath, ClientAuthorizationUpdateRequest, Nullable,
        };

        let path = ClientAuthorizationUpdateApiPath {
            service_id: "21653835348762".to_owned(),
            client_id: "26478243745571".to_owned(),
        };
        let body = ClientAuthorizationUpdateRequest {
            subject: "john".to_owned(),
            scopes: Nullable::Value(vec!["history.read".to_owned()]),
        };
        assert_eq!(path.service_id, "21653835348762");
        assert_eq!(
            serde_json::to_value(&body).unwrap_or_default(),
            serde_json::json!({"subject": "john", "scopes": ["history.read"]})
        );
    }
}
