//! fimidara: `POST /v1/clientAssignedTokens/updateToken` on the store's one token.
//!
//! Valid requests read the token (by `tokenId`) or rename it, finding it by `tokenId`,
//! `providedResourceId` or as the token that authorised the call; its `name` and
//! `lastUpdatedAt` are all they change. Everything else of the token is guarded: the rejected
//! requests set its `description` or clear its `providedResourceId`. The request schema has no
//! required field, enum or format, so the invalid bodies have values of the wrong type.

use fimidara_models::{
    EndpointErrorResult, Nullable, UpdateClientAssignedTokenEndpointParams as Params,
    UpdateClientAssignedTokenEndpointParamsToken as TokenUpdate,
    UpdateClientAssignedTokenEndpointSuccessResult as Success,
};
use serde_json::{json, Value};

use super::{check_written, to_json, typed, written};
use crate::http::Request;
use crate::mix::{Api, Check, Class, Expect, Planned};

const PATH: &str = "/v1/clientAssignedTokens/updateToken";
/// The store's token, and its `providedResourceId` and `name` before the run.
const TOKEN_ID: &str = "ctok_01hq3v9q0000";
const PROVIDED_ID: &str = "ci-runner-7";
const NAME: &str = "CI runner";

pub struct Fimidara;

fn post(token: &str, body: &Value) -> Request {
    Request::json("POST", PATH, token, body)
}

impl Api for Fimidara {
    fn name(&self) -> &'static str {
        "fimidara"
    }

    fn valid(&self, n: u64, token: &str) -> Planned {
        let name = written(n);
        let rename = Some(TokenUpdate {
            name: Some(name.clone()),
            ..TokenUpdate::default()
        });
        let (what, params) = match n % 4 {
            0 => (
                "a read by tokenId",
                Params {
                    token_id: Some(TOKEN_ID.to_owned()),
                    ..Params::default()
                },
            ),
            1 => (
                "a rename by tokenId",
                Params {
                    token_id: Some(TOKEN_ID.to_owned()),
                    token: rename,
                    ..Params::default()
                },
            ),
            2 => (
                "a rename by providedResourceId",
                Params {
                    provided_resource_id: Some(PROVIDED_ID.to_owned()),
                    token: rename,
                    ..Params::default()
                },
            ),
            _ => (
                "a rename of the token that authorised the call",
                Params {
                    on_referenced: Some(true),
                    token: rename,
                    ..Params::default()
                },
            ),
        };
        let renames = params.token.is_some();
        let check: Check = Box::new(move |body| {
            let success: Success = typed(body)?;
            if success.token.resource_id != TOKEN_ID {
                return Err(format!("the answer is of {}", success.token.resource_id));
            }
            if renames && success.token.name != name {
                return Err(format!(
                    "renamed {name:?}, but the answer has {:?}",
                    success.token.name
                ));
            }
            Ok(())
        });
        Planned::sent(
            Class::Valid,
            what,
            &post(token, &to_json(&params)),
            Expect::Ok(check),
        )
    }

    fn invalid(&self, n: u64, token: &str) -> Planned {
        let marker = format!("{}{n}", crate::mix::REJECTED);
        let (what, body) = match n % 7 {
            0 => (
                "a number for token.name",
                json!({"tokenId": TOKEN_ID, "token": {"description": marker, "name": 7}}),
            ),
            1 => (
                "a string for token.permissionGroups",
                json!({"tokenId": TOKEN_ID, "token": {"description": marker, "permissionGroups": marker}}),
            ),
            2 => (
                "a string for a permission group's order",
                json!({"tokenId": TOKEN_ID, "token": {"description": marker,
                    "permissionGroups": [{"permissionGroupId": marker, "order": "first"}]}}),
            ),
            3 => (
                "a string for onReferenced",
                json!({"onReferenced": "yes", "token": {"description": marker}}),
            ),
            4 => (
                "a number for tokenId",
                json!({"tokenId": 5, "token": {"providedResourceId": null, "description": marker}}),
            ),
            5 => (
                "a list for token",
                json!({"tokenId": TOKEN_ID, "token": [{"description": marker}]}),
            ),
            _ => (
                "a list for the body",
                json!([{"tokenId": TOKEN_ID, "token": {"description": marker}}]),
            ),
        };
        Planned::sent(
            Class::Invalid,
            what,
            &post(token, &body),
            Expect::Rejected(400),
        )
    }

    fn guarded_write(&self, _n: u64, token: &str, marker: &str) -> Request {
        let params = Params {
            token_id: Some(TOKEN_ID.to_owned()),
            token: Some(TokenUpdate {
                description: Some(marker.to_owned()),
                provided_resource_id: Nullable::Null,
                ..TokenUpdate::default()
            }),
            ..Params::default()
        };
        post(token, &to_json(&params))
    }

    fn envelope(&self, _status: u16, body: &Value) -> Result<(), String> {
        let result: EndpointErrorResult = typed(body)?;
        if result.errors.is_empty() {
            return Err("no errors".to_owned());
        }
        match result
            .errors
            .iter()
            .find(|error| error.name.is_empty() || error.message.is_empty())
        {
            Some(error) => Err(format!("an error without a name or message: {error:?}")),
            None => Ok(()),
        }
    }

    fn probes(&self, token: &str) -> Vec<Request> {
        vec![post(token, &json!({"tokenId": TOKEN_ID}))]
    }

    fn guarded(&self, body: &Value) -> Result<Option<(String, Value)>, String> {
        let mut state = body
            .get("token")
            .cloned()
            .ok_or_else(|| format!("no token: {body}"))?;
        check_written(
            "token.name",
            state.get("name").and_then(Value::as_str),
            Some(NAME),
        )?;
        let resource = state
            .get("resourceId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if let Some(fields) = state.as_object_mut() {
            fields.remove("name");
            fields.remove("lastUpdatedAt");
        }
        Ok(Some((resource, state)))
    }
}
