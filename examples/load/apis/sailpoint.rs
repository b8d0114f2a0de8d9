//! SailPoint: `PATCH /personal-access-tokens/{id}` with JSON Patch operations.
//!
//! Valid requests rename the first token (`replace`, or `add` with a `test` of its scope),
//! copy its scope onto itself, send no operation, or `test` the second token's name. The
//! guarded state is both tokens but the first one's `name`: every rejected patch starts with a
//! `replace` of the token's `scope`, so a patch applied in part would show.

use sailpoint_models::{
    ErrorResponseDto, JsonPatchOperation, JsonPatchOperationFrom as From,
    JsonPatchOperationOp as Op, JsonPatchOperationPath as Pointer, PatchPersonalAccessTokenOkBody,
    PatchPersonalAccessTokenUnauthorizedBody,
};
use serde_json::{json, Value};

use super::{check_written, string_member, to_json, typed, written};
use crate::http::Request;
use crate::mix::{Api, Check, Class, Expect, Planned, REJECTED};

/// The token valid requests rename, its name before the run, and its scope.
const RENAMED: &str = "ef38f94347e94562b5bb8424a56397d8";
const NAME: &str = "nightly-sync";
const SCOPE: &str = "sp:scopes:default";
/// The owner's second token, and its name (which the first may not take).
const OTHER: &str = "2c91808a7813090a017814121e121518";
const OTHER_NAME: &str = "ci-deploy";
const PATCH: &str = "application/json-patch+json";

pub struct Sailpoint;

fn patch(id: &str, bearer: &str, body: &Value) -> Request {
    Request::new(
        "PATCH",
        format!("/personal-access-tokens/{id}"),
        bearer,
        PATCH,
        body.to_string(),
    )
}

fn operation(
    op: Op,
    path: Pointer,
    value: Option<Value>,
    from: Option<From>,
) -> JsonPatchOperation {
    JsonPatchOperation {
        op,
        path,
        value,
        from,
    }
}

impl Api for Sailpoint {
    fn name(&self) -> &'static str {
        "sailpoint"
    }

    fn valid(&self, n: u64, bearer: &str) -> Planned {
        let name = written(n);
        let rename = operation(Op::Replace, Pointer::Name, Some(json!(name)), None);
        let (what, id, operations, renames) = match n % 5 {
            0 => ("a replace of the name", RENAMED, vec![rename], true),
            1 => (
                "an add of the name after a test of the scope",
                RENAMED,
                vec![
                    operation(Op::Add, Pointer::Name, Some(json!(name)), None),
                    operation(Op::Test, Pointer::Scope, Some(json!([SCOPE])), None),
                ],
                true,
            ),
            2 => (
                "a copy of the scope onto itself",
                RENAMED,
                vec![operation(Op::Copy, Pointer::Scope, None, Some(From::Scope))],
                false,
            ),
            3 => ("no operation", RENAMED, Vec::new(), false),
            _ => (
                "a test of the other token's name",
                OTHER,
                vec![operation(
                    Op::Test,
                    Pointer::Name,
                    Some(json!(OTHER_NAME)),
                    None,
                )],
                false,
            ),
        };
        let check: Check = Box::new(move |body| {
            let token: PatchPersonalAccessTokenOkBody = typed(body)?;
            if token.id != id {
                return Err(format!("the answer is of {}", token.id));
            }
            if renames && token.name != name {
                return Err(format!("renamed {name:?}, the answer has {:?}", token.name));
            }
            Ok(())
        });
        Planned::sent(
            Class::Valid,
            what,
            &patch(id, bearer, &to_json(&operations)),
            Expect::Ok(check),
        )
    }

    fn invalid(&self, n: u64, bearer: &str) -> Planned {
        let marker = format!("{REJECTED}{n}");
        let scope = json!({"op": "replace", "path": "/scope", "value": [marker]});
        let (what, body, status) = match n % 10 {
            0 => (
                "an op outside the enum",
                json!([scope, {"op": "rename", "path": "/name", "value": marker}]),
                400,
            ),
            1 => (
                "a path outside the enum",
                json!([scope, {"op": "replace", "path": "/owner", "value": marker}]),
                400,
            ),
            2 => (
                "a number for the name",
                json!([scope, {"op": "replace", "path": "/name", "value": 5}]),
                400,
            ),
            3 => (
                "an operation without a path",
                json!([scope, {"op": "replace", "value": marker}]),
                400,
            ),
            4 => (
                "a remove of the name",
                json!([scope, {"op": "remove", "path": "/name"}]),
                400,
            ),
            5 => (
                "a move of the scope onto the name",
                json!([scope, {"op": "move", "path": "/name", "from": "/scope"}]),
                400,
            ),
            6 => ("an operation that is not in a list", scope, 400),
            7 => (
                "a string for the scope",
                json!([{"op": "replace", "path": "/scope", "value": marker}]),
                400,
            ),
            8 => (
                "a failed test",
                json!([scope, {"op": "test", "path": "/name", "value": marker}]),
                409,
            ),
            _ => (
                "the other token's name",
                json!([scope, {"op": "replace", "path": "/name", "value": OTHER_NAME}]),
                409,
            ),
        };
        Planned::sent(
            Class::Invalid,
            what,
            &patch(RENAMED, bearer, &body),
            Expect::Rejected(status),
        )
    }

    fn guarded_write(&self, n: u64, bearer: &str, marker: &str) -> Request {
        let id = if n % 2 == 0 { RENAMED } else { OTHER };
        let operations = vec![operation(
            Op::Replace,
            Pointer::Scope,
            Some(json!([marker])),
            None,
        )];
        patch(id, bearer, &to_json(&operations))
    }

    fn envelope(&self, status: u16, body: &Value) -> Result<(), String> {
        if status == 401 {
            typed::<PatchPersonalAccessTokenUnauthorizedBody>(body)?;
            return string_member(body, "error");
        }
        let error: ErrorResponseDto = typed(body)?;
        let code = error.detail_code.unwrap_or_default();
        if !code.starts_with(&format!("{status} ")) {
            return Err(format!("detailCode {code:?}"));
        }
        let messages = error.messages.unwrap_or_default();
        match messages.first().and_then(|message| message.text.as_deref()) {
            Some(text) if !text.is_empty() => Ok(()),
            _ => Err("no message text".to_owned()),
        }
    }

    fn probes(&self, bearer: &str) -> Vec<Request> {
        vec![
            patch(RENAMED, bearer, &json!([])),
            patch(OTHER, bearer, &json!([])),
        ]
    }

    fn guarded(&self, body: &Value) -> Result<Option<(String, Value)>, String> {
        let id = body
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("no id: {body}"))?
            .to_owned();
        let mut state = body.clone();
        if id == RENAMED {
            check_written("name", body.get("name").and_then(Value::as_str), Some(NAME))?;
            if let Some(fields) = state.as_object_mut() {
                fields.remove("name");
            }
        }
        Ok(Some((id, state)))
    }
}
