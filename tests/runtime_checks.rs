//! What the generated routers check before an implementation is called, on the runtime crate
//! directly: the spec's limits (`pattern`, lengths, bounds, item counts) and the reading of
//! query, header and cookie parameters.

use serde_json::json;
use specforge_runtime::server::{self as runtime, check_shape, Limits, Objects, Shape};

const HANDLE: Limits = Limits {
    pattern: Some("^[a-z][a-z0-9_]*$"),
    min_length: Some(3),
    max_length: Some(20),
    ..Limits::NONE
};
const AGE: Limits = Limits {
    minimum: Some(13.0),
    maximum: Some(130.0),
    exclusive_maximum: true,
    ..Limits::NONE
};
const TAGS: Limits = Limits {
    min_items: Some(1),
    max_items: Some(2),
    ..Limits::NONE
};
const PROFILE: Objects = &[&[
    ("handle", Shape::Limited(&HANDLE, &Shape::Any)),
    ("age", Shape::Limited(&AGE, &Shape::Any)),
    ("tags", Shape::Limited(&TAGS, &Shape::Array(&Shape::Any))),
]];

/// The rejection message for a body, or `None` when it passes.
fn problem(body: serde_json::Value) -> Option<(Option<String>, String)> {
    check_shape(&body, Shape::Object(0), PROFILE, &mut String::new())
        .err()
        .map(|rejection| (rejection.field, rejection.message))
}

#[test]
fn values_within_the_limits_pass() {
    assert_eq!(
        problem(json!({"handle": "ada_99", "age": 13, "tags": ["a", "b"]})),
        None
    );
    assert_eq!(problem(json!({"age": 129.5})), None);
    assert_eq!(
        problem(json!({"handle": null})),
        None,
        "null is for serde to judge"
    );
}

#[test]
fn each_limit_names_the_field_and_what_was_expected() {
    let cases = [
        (
            json!({"handle": "ab"}),
            "handle",
            "expected at least 3 characters, found 2",
        ),
        (
            json!({"handle": "a".repeat(21)}),
            "handle",
            "expected at most 20 characters, found 21",
        ),
        (
            json!({"handle": "Ada"}),
            "handle",
            "expected a match of `^[a-z][a-z0-9_]*$`",
        ),
        (json!({"age": 12}), "age", "expected at least 13, found 12"),
        (
            json!({"age": 130}),
            "age",
            "expected less than 130, found 130",
        ),
        (
            json!({"tags": []}),
            "tags",
            "expected at least 1 items, found 0",
        ),
        (
            json!({"tags": [1, 2, 3]}),
            "tags",
            "expected at most 2 items, found 3",
        ),
    ];
    for (body, field, expected) in cases {
        let (named, message) = problem(body.clone()).unwrap_or_else(|| panic!("{body} passed"));
        assert_eq!(named.as_deref(), Some(field), "{body}");
        assert_eq!(
            message,
            format!("invalid field `{field}`: {expected}"),
            "{body}"
        );
    }
}

#[test]
fn an_array_where_an_object_belongs_is_refused() {
    let (field, message) = problem(json!(["ada", 30])).unwrap_or_else(|| panic!("passed"));
    assert_eq!(field, None);
    assert_eq!(message, "invalid body: expected an object, found an array");
}

mod parameters {
    //! Query, header and cookie parameters are read by their types, lists included.

    use serde::Deserialize;
    use specforge_runtime::server::{cookies, headers, query, FormValue, Limits, Objects, Shape};

    /// No limits on these parameters, apart from `limit`'s bounds in `LIMITED`.
    const ANY: (Shape, Objects) = (Shape::Any, &[]);
    const LIMIT: Limits = Limits {
        minimum: Some(1.0),
        maximum: Some(100.0),
        ..Limits::NONE
    };
    const LIMITED: (Shape, Objects) = (
        Shape::Object(0),
        &[&[("limit", Shape::Limited(&LIMIT, &Shape::Any))]],
    );

    #[derive(Debug, Deserialize, PartialEq)]
    struct Query {
        limit: i64,
        #[serde(default)]
        tags: Option<Vec<String>>,
        #[serde(default)]
        ids: Option<Vec<i64>>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Headers {
        #[serde(rename = "X-Request-Id")]
        request_id: String,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Cookies {
        session: String,
    }

    fn parts(uri: &str, headers: &[(&str, &str)]) -> axum::http::request::Parts {
        let mut request = axum::http::Request::builder().uri(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request
            .body(())
            .unwrap_or_else(|err| panic!("{err}"))
            .into_parts()
            .0
    }

    const QUERY: &[(&str, FormValue)] = &[
        ("limit", FormValue::Integer),
        ("tags", FormValue::List(&FormValue::Text, None)),
        ("ids", FormValue::List(&FormValue::Integer, Some('|'))),
    ];

    #[test]
    fn repeated_and_delimited_lists_are_read_into_their_types() {
        let read: Query = query(
            &parts("/x?limit=5&tags=a&tags=b&ids=1|2|3", &[]),
            QUERY,
            LIMITED,
        )
        .unwrap_or_else(|rejection| panic!("{rejection:?}"));
        assert_eq!(
            read,
            Query {
                limit: 5,
                tags: Some(vec!["a".to_owned(), "b".to_owned()]),
                ids: Some(vec![1, 2, 3]),
            }
        );
    }

    #[test]
    fn a_missing_or_mistyped_parameter_is_400_naming_it() {
        let missing = query::<Query>(&parts("/x", &[]), QUERY, ANY).err();
        assert_eq!(missing.as_ref().map(|r| r.status), Some(400));
        assert_eq!(missing.and_then(|r| r.field).as_deref(), Some("limit"));
        let mistyped = query::<Query>(&parts("/x?limit=five", &[]), QUERY, ANY).err();
        assert_eq!(mistyped.and_then(|r| r.field).as_deref(), Some("limit"));
    }

    #[test]
    fn a_parameter_outside_its_limits_is_400_naming_it() {
        let rejection = query::<Query>(&parts("/x?limit=500", &[]), QUERY, LIMITED).err();
        assert_eq!(rejection.as_ref().map(|r| r.status), Some(400));
        assert_eq!(
            rejection.map(|r| r.message).as_deref(),
            Some("invalid field `limit`: expected at most 100, found 500")
        );
    }

    #[test]
    fn headers_and_cookies_are_read_from_where_they_travel() {
        let read: Headers = headers(
            &parts("/x", &[("x-request-id", "abc")]),
            &[("X-Request-Id", FormValue::Text)],
            ANY,
        )
        .unwrap_or_else(|rejection| panic!("{rejection:?}"));
        assert_eq!(read.request_id, "abc");
        let read: Cookies = cookies(
            &parts("/x", &[("cookie", "theme=dark; session=s3cr3t")]),
            &[("session", FormValue::Text)],
            ANY,
        )
        .unwrap_or_else(|rejection| panic!("{rejection:?}"));
        assert_eq!(read.session, "s3cr3t");
    }
}

/// `oneOf` branches over a `kind` field: a text needs a string `body`, a list an array of
/// integers (or null) in `items`.
const SHAPES: runtime::Combinations = runtime::Combinations {
    exactly_one: true,
    branches: &[
        runtime::Combination {
            summary: "`kind` is text; `body` (required) is a string",
            required: &["body"],
            fields: &[
                (
                    "kind",
                    runtime::Allowed {
                        values: &["\"text\""],
                        kind: Some(runtime::JsonKind::String),
                        nullable: false,
                        items: None,
                    },
                ),
                (
                    "body",
                    runtime::Allowed {
                        values: &[],
                        kind: Some(runtime::JsonKind::String),
                        nullable: false,
                        items: None,
                    },
                ),
            ],
        },
        runtime::Combination {
            summary: "`kind` is list; `items` is a list of integers or null",
            required: &[],
            fields: &[
                (
                    "kind",
                    runtime::Allowed {
                        values: &["\"list\""],
                        kind: Some(runtime::JsonKind::String),
                        nullable: false,
                        items: None,
                    },
                ),
                (
                    "items",
                    runtime::Allowed {
                        values: &[],
                        kind: Some(runtime::JsonKind::Array),
                        nullable: true,
                        items: Some(&runtime::Allowed {
                            values: &[],
                            kind: Some(runtime::JsonKind::Integer),
                            nullable: false,
                            items: None,
                        }),
                    },
                ),
            ],
        },
    ],
    excluded: &[],
};
const NOTE: Objects = &[&[
    ("kind", Shape::Any),
    ("body", Shape::Any),
    ("items", Shape::Any),
]];

fn combination_problem(body: serde_json::Value, exactly_one: bool) -> Option<String> {
    let combinations = runtime::Combinations {
        exactly_one,
        ..SHAPES
    };
    let combinations: &'static runtime::Combinations = Box::leak(Box::new(combinations));
    let shape = Shape::Combined(combinations, &Shape::Object(0));
    // The shapes pass never judges combinations; the combinations pass does.
    assert!(check_shape(&body, shape, NOTE, &mut String::new()).is_ok());
    runtime::check_combinations(&body, shape, NOTE, &mut String::new())
        .err()
        .map(|rejection| rejection.message)
}

#[test]
fn an_object_must_fit_its_combinations() {
    assert_eq!(
        combination_problem(json!({"kind": "text", "body": "hi"}), true),
        None
    );
    assert_eq!(
        combination_problem(json!({"kind": "list", "items": [1, 2]}), true),
        None
    );
    assert_eq!(
        combination_problem(json!({"kind": "list", "items": null}), true),
        None
    );
    assert_eq!(combination_problem(json!({"kind": "list"}), true), None);
    let none = "invalid body: fits none of the allowed combinations: (1) `kind` is text; `body` \
                (required) is a string; (2) `kind` is list; `items` is a list of integers or null";
    for body in [
        json!({"kind": "text"}),
        json!({"kind": "text", "body": 5}),
        json!({"kind": "list", "items": [1, "2"]}),
        json!({"kind": "list", "items": 1.5}),
        json!({"kind": "other", "body": "hi"}),
    ] {
        assert_eq!(
            combination_problem(body.clone(), true).as_deref(),
            Some(none),
            "{body}"
        );
    }
}

#[test]
fn one_of_wants_exactly_one_and_any_of_at_least_one() {
    // No `kind`: both branches hold (neither requires it).
    let both = json!({"body": "hi", "items": [1]});
    let problem = combination_problem(both.clone(), true).unwrap_or_default();
    assert!(
        problem.starts_with("invalid body: fits more than one of the combinations"),
        "{problem}"
    );
    assert_eq!(combination_problem(both, false), None);
}

/// `not: {required: [body, items]}`: a note may have a body or items, never both.
#[test]
fn an_object_must_not_fit_an_excluded_combination() {
    const BOTH: runtime::Combination = runtime::Combination {
        summary: "`body` is present; `items` is present",
        required: &["body", "items"],
        fields: &[],
    };
    const NOT_BOTH: runtime::Combinations = runtime::Combinations {
        exactly_one: false,
        branches: &[],
        excluded: &[BOTH],
    };
    let shape = Shape::Combined(&NOT_BOTH, &Shape::Object(0));
    let problem = |body: serde_json::Value| {
        runtime::check_combinations(&body, shape, NOTE, &mut String::new())
            .err()
            .map(|rejection| rejection.message)
    };
    assert_eq!(problem(json!({"body": "hi"})), None);
    assert_eq!(problem(json!({})), None);
    let both = problem(json!({"body": "hi", "items": [1]})).expect("refused");
    assert!(
        both.contains("not allowed: `body` is present; `items` is present"),
        "{both}"
    );
}
