//! Authlete: `POST /api/{serviceId}/auth/token/update` and
//! `/api/{serviceId}/client/authorization/update/{clientId}`, in JSON and as forms.
//!
//! Valid requests write the `properties` (JSON) or the `tokenId` (a form) of john's
//! `history.read` token, read the store's other three tokens (a token update naming only the
//! token changes nothing), and update the client's tokens of a subject who has none. The
//! guarded state is every token but those two fields of the first: the rejected requests set
//! scopes, expiry times, token ids and authorization details of the others, and john's scopes.

use authlete_models::{ClientAuthorizationUpdateRequest, Nullable};
use authlete_models::{Property, ResultModel, TokenUpdateResponse, TokenUpdateResponseAction};
use serde_json::{json, Value};

use super::{check_written, to_json, typed, written};
use crate::http::Request;
use crate::mix::{Api, Check, Class, Expect, Planned, REJECTED, WRITTEN};

const SERVICE: &str = "21653835348762";
const OTHER_SERVICE: &str = "715948317";
const CLIENT: &str = "26478243745571";
/// john's `history.read` token, the one valid requests write.
const WRITTEN_TOKEN: &str = "Z5a40U6dWvw2gMoCOAFbZcM85q4HC0Z--0YKD9-Nf6Q";
/// john's second token, alice's, and john's in the other service: only read.
const SECOND_TOKEN: &str = "hT2bq7XcW0m4n9LrVd8sY1kPz6uJfEaGqR3oNtBwMiA";
const ALICE_TOKEN: &str = "aL1c3tK9vQm2xR7pW4nZ8bY5sD0fH6jG3eU1oI9cVkE";
const OTHER_SERVICE_TOKEN: &str = "oT4hErS3rV1c3x9QwE2rT5yU8iO7pA6sD4fG1hJ0kLz";
const FORM: &str = "application/x-www-form-urlencoded";

pub struct Authlete;

fn token_update(service: &str) -> String {
    format!("/api/{service}/auth/token/update")
}

fn client_update() -> String {
    format!("/api/{SERVICE}/client/authorization/update/{CLIENT}")
}

/// A token update that names only `token` (`accessToken`, the request's one required
/// field): a read.
fn read(token: &str) -> Value {
    json!({ "accessToken": token })
}

/// Checks a token update's answer: the token was found and updated.
fn updated(
    token: &'static str,
    extra: impl Fn(&TokenUpdateResponse) -> Result<(), String> + Send + Sync + 'static,
) -> Check {
    Box::new(move |body| {
        let answer: TokenUpdateResponse = typed(body)?;
        if answer.action != Some(TokenUpdateResponseAction::Ok) {
            return Err(format!("action {:?}, not OK", answer.action));
        }
        if answer.access_token.as_deref() != Some(token) {
            return Err(format!("the answer is of {:?}", answer.access_token));
        }
        extra(&answer)
    })
}

impl Api for Authlete {
    fn name(&self) -> &'static str {
        "authlete"
    }

    fn valid(&self, n: u64, bearer: &str) -> Planned {
        let value = written(n);
        let (what, request, check) = match n % 7 {
            0 => {
                let mut body = read(WRITTEN_TOKEN);
                body["properties"] = to_json(&[Property {
                    key: Some("run".to_owned()),
                    value: Some(value.clone()),
                    hidden: None,
                }]);
                let check = updated(WRITTEN_TOKEN, move |answer| {
                    let stored = answer.properties.as_deref().unwrap_or_default();
                    match stored {
                        [property] if property.value.as_deref() == Some(value.as_str()) => Ok(()),
                        other => Err(format!("wrote {value:?}, the answer has {other:?}")),
                    }
                });
                let request = Request::json("POST", token_update(SERVICE), bearer, &body);
                ("a JSON write of properties", request, check)
            }
            1 => {
                let form = format!("accessToken={WRITTEN_TOKEN}&tokenId={value}");
                let check = updated(WRITTEN_TOKEN, move |answer| {
                    if answer.token_id.as_deref() == Some(value.as_str()) {
                        Ok(())
                    } else {
                        Err(format!(
                            "wrote {value:?}, the answer has {:?}",
                            answer.token_id
                        ))
                    }
                });
                let request = Request::new("POST", token_update(SERVICE), bearer, FORM, form);
                ("a form write of tokenId", request, check)
            }
            2 | 3 => {
                let token = if n % 7 == 2 {
                    SECOND_TOKEN
                } else {
                    ALICE_TOKEN
                };
                let request = Request::json("POST", token_update(SERVICE), bearer, &read(token));
                (
                    "a JSON read of a token",
                    request,
                    updated(token, |_| Ok(())),
                )
            }
            4 => {
                let form = format!("accessToken={OTHER_SERVICE_TOKEN}");
                let request = Request::new("POST", token_update(OTHER_SERVICE), bearer, FORM, form);
                (
                    "a form read in the other service",
                    request,
                    updated(OTHER_SERVICE_TOKEN, |_| Ok(())),
                )
            }
            5 => {
                let body = ClientAuthorizationUpdateRequest {
                    subject: "nobody".to_owned(),
                    scopes: Nullable::Value(vec!["profile".to_owned()]),
                };
                let request = Request::json("POST", client_update(), bearer, &to_json(&body));
                (
                    "a JSON client update of no token",
                    request,
                    nothing_updated(),
                )
            }
            _ => {
                let form = "subject=nobody&scopes=profile+history.read";
                let request = Request::new("POST", client_update(), bearer, FORM, form);
                (
                    "a form client update of no token",
                    request,
                    nothing_updated(),
                )
            }
        };
        Planned::sent(Class::Valid, what, &request, Expect::Ok(check))
    }

    fn invalid(&self, n: u64, bearer: &str) -> Planned {
        let marker = format!("{REJECTED}{n}");
        let path = token_update(SERVICE);
        let (what, request) = match n % 9 {
            0 => (
                "a string for accessTokenExpiresAt",
                Request::json(
                    "POST",
                    path,
                    bearer,
                    &json!({"accessToken": SECOND_TOKEN, "scopes": ["history.write"], "accessTokenExpiresAt": "soon", "tokenId": marker}),
                ),
            ),
            1 => (
                "a string for scopes",
                Request::json(
                    "POST",
                    path,
                    bearer,
                    &json!({"accessToken": SECOND_TOKEN, "scopes": "history.write", "tokenId": marker}),
                ),
            ),
            2 => (
                "no accessToken",
                Request::json(
                    "POST",
                    path,
                    bearer,
                    &json!({"scopes": ["history.write"], "tokenId": marker}),
                ),
            ),
            3 => (
                "an int64 out of range",
                Request::json(
                    "POST",
                    path,
                    bearer,
                    &json!({"accessToken": ALICE_TOKEN, "refreshTokenExpiresAt": 1e20, "tokenId": marker}),
                ),
            ),
            4 => (
                "an authorization details element without its type",
                Request::json(
                    "POST",
                    path,
                    bearer,
                    &json!({"accessToken": ALICE_TOKEN, "authorizationDetails": {"elements": [{"locations": [marker]}]}}),
                ),
            ),
            5 => (
                "a string for a property's hidden",
                Request::json(
                    "POST",
                    path,
                    bearer,
                    &json!({"accessToken": SECOND_TOKEN, "properties": [{"key": "k", "value": marker, "hidden": "yes"}]}),
                ),
            ),
            6 => (
                "numbers for a client update's scopes",
                Request::json(
                    "POST",
                    client_update(),
                    bearer,
                    &json!({"subject": "john", "scopes": [7, marker]}),
                ),
            ),
            7 => (
                "a form with a string for accessTokenExpiresAt",
                Request::new(
                    "POST",
                    path,
                    bearer,
                    FORM,
                    format!(
                        "accessToken={SECOND_TOKEN}&accessTokenExpiresAt=soon&tokenId={marker}"
                    ),
                ),
            ),
            _ => (
                "a form client update without a subject",
                Request::new(
                    "POST",
                    client_update(),
                    bearer,
                    FORM,
                    format!("scopes=history.write+{marker}"),
                ),
            ),
        };
        Planned::sent(Class::Invalid, what, &request, Expect::Rejected(400))
    }

    fn guarded_write(&self, _n: u64, bearer: &str, marker: &str) -> Request {
        let body = ClientAuthorizationUpdateRequest {
            subject: "john".to_owned(),
            scopes: Nullable::Value(vec![marker.to_owned()]),
        };
        Request::json("POST", client_update(), bearer, &to_json(&body))
    }

    fn envelope(&self, _status: u16, body: &Value) -> Result<(), String> {
        let result: ResultModel = typed(body)?;
        let code = result.result_code.unwrap_or_default();
        let message = result.result_message.unwrap_or_default();
        if !code.is_empty() && message.starts_with(&format!("[{code}] ")) {
            Ok(())
        } else {
            Err(format!("resultCode {code:?}, resultMessage {message:?}"))
        }
    }

    fn probes(&self, bearer: &str) -> Vec<Request> {
        [
            (SERVICE, WRITTEN_TOKEN),
            (SERVICE, SECOND_TOKEN),
            (SERVICE, ALICE_TOKEN),
            (OTHER_SERVICE, OTHER_SERVICE_TOKEN),
        ]
        .into_iter()
        .map(|(service, token)| Request::json("POST", token_update(service), bearer, &read(token)))
        .collect()
    }

    fn guarded(&self, body: &Value) -> Result<Option<(String, Value)>, String> {
        // A client update's answer shows no token.
        let Some(token) = body.get("accessToken").and_then(Value::as_str) else {
            return Ok(None);
        };
        let mut state = body.clone();
        if token == WRITTEN_TOKEN {
            check_written("tokenId", body.get("tokenId").and_then(Value::as_str), None)?;
            let properties = body.get("properties").and_then(Value::as_array);
            let written_only = properties.is_some_and(|properties| {
                properties.iter().all(|property| {
                    property["value"]
                        .as_str()
                        .is_some_and(|value| value.starts_with(WRITTEN))
                })
            });
            if !written_only {
                return Err(format!(
                    "properties hold what no valid write stored: {properties:?}"
                ));
            }
            if let Some(fields) = state.as_object_mut() {
                fields.remove("tokenId");
                fields.remove("properties");
            }
        }
        Ok(Some((token.to_owned(), state)))
    }
}

/// Checks a client update's answer: no token was updated.
fn nothing_updated() -> Check {
    Box::new(|body| {
        let result: ResultModel = typed(body)?;
        match result.result_message.as_deref() {
            Some(message)
                if result.result_code.as_deref() == Some("A138001")
                    && message.contains("Updated 0 access token(s)") =>
            {
                Ok(())
            }
            _ => Err(format!("not a client update of no token: {body}")),
        }
    })
}
