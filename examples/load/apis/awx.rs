//! AWX: `PUT` and `PATCH /api/v2/tokens/42/`.
//!
//! Valid requests read the token (a `PATCH` of `{}`), change its `description` (`PATCH`), or
//! replace both writable fields (`PUT`, with the `scope` it has, `read`). The guarded state is
//! everything but `description` and `modified`: the rejected requests set `scope` to `write`
//! (and the read-only fields never change). Every valid answer shows the token, so a rejected
//! change would be seen by the next valid request, unless a `PUT` restored `read` first.

use awx_models::{
    Error, OAuth2TokenDetail, OAuth2TokenDetailPatch, OAuth2TokenDetailRequest, ValidationError,
};
use serde_json::{json, Value};

use super::{check_written, string_member, to_json, typed, written};
use crate::http::Request;
use crate::mix::{Api, Check, Class, Expect, Planned, REJECTED};

const PATH: &str = "/api/v2/tokens/42/";
const ID: i64 = 42;
/// The token's `description` and `scope` before the run.
const DESCRIPTION: &str = "Token for the nightly sync job";
const SCOPE: &str = "read";

pub struct Awx;

impl Api for Awx {
    fn name(&self) -> &'static str {
        "awx"
    }

    fn valid(&self, n: u64, token: &str) -> Planned {
        let description = written(n);
        let (what, request, writes) = match n % 3 {
            0 => (
                "a read (a PATCH of nothing)",
                Request::json("PATCH", PATH, token, &json!({})),
                false,
            ),
            1 => (
                "a PATCH of the description",
                Request::json(
                    "PATCH",
                    PATH,
                    token,
                    &to_json(&OAuth2TokenDetailPatch {
                        description: Some(description.clone()),
                        ..OAuth2TokenDetailPatch::default()
                    }),
                ),
                true,
            ),
            _ => (
                "a PUT of both fields",
                Request::json(
                    "PUT",
                    PATH,
                    token,
                    &to_json(&OAuth2TokenDetailRequest {
                        description: description.clone(),
                        scope: SCOPE.to_owned(),
                    }),
                ),
                true,
            ),
        };
        let check: Check = Box::new(move |body| {
            let token: OAuth2TokenDetail = typed(body)?;
            if token.id != Some(ID) {
                return Err(format!("the answer is of token {:?}", token.id));
            }
            if writes && token.description != description {
                return Err(format!(
                    "wrote {description:?}, but the answer has {:?}",
                    token.description
                ));
            }
            Ok(())
        });
        Planned::sent(Class::Valid, what, &request, Expect::Ok(check))
    }

    fn invalid(&self, n: u64, token: &str) -> Planned {
        let marker = format!("{REJECTED}{n}");
        let (what, method, path, body, status) = match n % 8 {
            0 => (
                "a number for description",
                "PATCH",
                PATH,
                json!({"description": 5, "scope": "write"}),
                400,
            ),
            1 => (
                "a list for scope",
                "PATCH",
                PATH,
                json!({"description": marker, "scope": ["write"]}),
                400,
            ),
            2 => (
                "a scope outside the pattern",
                "PATCH",
                PATH,
                json!({"description": marker, "scope": "admin"}),
                400,
            ),
            3 => (
                "a scope with two spaces",
                "PUT",
                PATH,
                json!({"description": marker, "scope": "read  write"}),
                400,
            ),
            4 => (
                "a list for the body",
                "PUT",
                PATH,
                json!([{"description": marker, "scope": "write"}]),
                400,
            ),
            5 => (
                "null for description",
                "PATCH",
                PATH,
                json!({"description": null, "scope": "write"}),
                400,
            ),
            6 => ("a string for the body", "PATCH", PATH, json!(marker), 400),
            _ => (
                "an id that is not an integer",
                "PUT",
                "/api/v2/tokens/forty-two/",
                json!({"description": marker, "scope": "write"}),
                404,
            ),
        };
        Planned::sent(
            Class::Invalid,
            what,
            &Request::json(method, path, token, &body),
            Expect::Rejected(status),
        )
    }

    fn guarded_write(&self, _n: u64, token: &str, marker: &str) -> Request {
        let patch = OAuth2TokenDetailPatch {
            description: Some(marker.to_owned()),
            scope: Some("write".to_owned()),
        };
        Request::json("PATCH", PATH, token, &to_json(&patch))
    }

    fn envelope(&self, status: u16, body: &Value) -> Result<(), String> {
        string_member(body, "detail")?;
        if status == 400 {
            typed::<ValidationError>(body).map(drop)
        } else {
            typed::<Error>(body).map(drop)
        }
    }

    fn probes(&self, token: &str) -> Vec<Request> {
        vec![Request::json("PATCH", PATH, token, &json!({}))]
    }

    fn guarded(&self, body: &Value) -> Result<Option<(String, Value)>, String> {
        check_written(
            "description",
            body.get("description").and_then(Value::as_str),
            Some(DESCRIPTION),
        )?;
        let mut state = body.clone();
        if let Some(fields) = state.as_object_mut() {
            fields.remove("description");
            fields.remove("modified");
        }
        let id = body.get("id").map(Value::to_string).unwrap_or_default();
        Ok(Some((format!("token {id}"), state)))
    }
}
