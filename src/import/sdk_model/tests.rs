use serde_json::{json, Value};

use super::{detect, read};
use crate::import::openapi::write_schema;
use crate::import::page::{Field, Page, Schema, Type};

const SEED: &str = include_str!("../../../specs/pages/authlete/token-update-request.md");

/// The other seeds, as `specs/pages/` keeps them.
const OTHERS: [&str; 4] = [
    include_str!("../../../specs/pages/fimidara/update-token.md"),
    include_str!("../../../specs/pages/awx/update-token.txt"),
    include_str!("../../../specs/pages/authlete/client-authorization-update.txt"),
    include_str!("../../../specs/pages/sailpoint/patch-personal-access-token.txt"),
];

fn only_type(page: &Page) -> &Schema {
    assert_eq!(page.types.len(), 1, "one type: {:?}", page.types);
    &page.types[0].schema
}

fn field<'a>(schema: &'a Schema, name: &str) -> &'a Field {
    schema
        .fields
        .iter()
        .find(|field| field.name == name)
        .unwrap_or_else(|| panic!("no field `{name}`"))
}

fn named(name: &str) -> Type {
    Type::Named(name.to_string())
}

fn array(kind: Type) -> Type {
    Type::Array(Box::new(Schema::of(kind)))
}

/// A page of this title and fields table (rows given without padding).
fn fields_page(header: &str, rows: &[&str]) -> String {
    let columns = header.matches('|').count().saturating_sub(1);
    let separator = format!("|{}", " --- |".repeat(columns));
    format!(
        "# Thing\n\n## Example Usage\n\n```typescript\nimport {{ Thing }} from \"sdk/models\";\n\nlet value: Thing = {{}};\n```\n\n## Fields\n\n{header}\n{separator}\n{}\n",
        rows.join("\n")
    )
}

const HEADER: &str = "| Field | Type | Required | Description |";

#[test]
fn the_seed_is_one_named_type_with_every_field() {
    let page = read(SEED).expect("the seed reads");
    assert!(page.unread.is_empty(), "unread: {:?}", page.unread);
    assert_eq!(page.lines, 26);
    assert!(page.operations.is_empty());
    assert_eq!(page.title.as_deref(), Some("TokenUpdateRequest"));
    assert_eq!(page.types[0].name, "TokenUpdateRequest");
    assert_eq!(page.types[0].line, 1);
    let schema = only_type(&page);
    assert_eq!(schema.kind, Type::Object);
    assert_eq!(schema.description, None);
    assert_eq!(schema.example, Some(json!({ "accessToken": "<value>" })));
    let names: Vec<&str> = schema.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "accessToken",
            "accessTokenExpiresAt",
            "scopes",
            "properties",
            "accessTokenExpiresAtUpdatedOnScopeUpdate",
            "accessTokenHash",
            "accessTokenValueUpdated",
            "accessTokenPersistent",
            "certificateThumbprint",
            "dpopKeyThumbprint",
            "authorizationDetails",
            "forExternalAttachment",
            "refreshTokenExpiresAt",
            "refreshTokenExpiresAtUpdatedOnScopeUpdate",
            "tokenId",
        ]
    );

    let access_token = field(schema, "accessToken");
    assert!(access_token.required);
    assert_eq!(access_token.line, 17);
    assert_eq!(access_token.schema.kind, Type::String);
    assert_eq!(
        access_token.schema.description.as_deref(),
        Some("An access token.\n")
    );
    let expires = field(schema, "accessTokenExpiresAt");
    assert!(!expires.required);
    assert_eq!(expires.schema.kind, Type::Number);
    assert_eq!(expires.schema.format, None);
    assert_eq!(field(schema, "scopes").schema.kind, array(Type::String));
    assert_eq!(
        field(schema, "properties").schema.kind,
        array(named("Property"))
    );
    assert_eq!(
        field(schema, "authorizationDetails").schema.kind,
        named("AuthzDetails")
    );
    assert_eq!(
        field(schema, "forExternalAttachment").schema.kind,
        Type::Boolean
    );
    for field in &schema.fields {
        let s = &field.schema;
        assert!(
            !s.nullable && !s.read_only && !s.deprecated,
            "{}",
            field.name
        );
        assert!(
            s.default.is_none() && s.enumeration.is_empty(),
            "{}",
            field.name
        );
        assert!(
            s.description.as_deref().is_some_and(|d| d.ends_with('\n')),
            "{}: a description ends with its line break",
            field.name
        );
    }
    assert_eq!(
        field(schema, "accessTokenPersistent").schema.description.as_deref(),
        Some(
            "The flag which indicates whether the access token expires or not. By default, all access tokens\n\
             expire after a period of time determined by their service. If this request parameter is `true`\n\
             then the access token will not automatically expire and must be revoked or deleted manually at\n\
             the service.\n\n\
             If this request parameter is `true`, the `accessTokenExpiresAt` request parameter is ignored.\n\
             If this request parameter is `false`, the `accessTokenExpiresAt` request parameter is processed\n\
             normally.\n"
        )
    );
}

/// Every description the hand-written spec gives `TokenUpdateRequest` is the page's.
#[test]
fn the_seed_descriptions_are_the_specs() {
    let spec: Value = serde_yaml::from_str(include_str!("../../../specs/authlete.yaml")).unwrap();
    let properties = spec
        .pointer("/components/schemas/TokenUpdateRequest/properties")
        .and_then(Value::as_object)
        .expect("the spec's TokenUpdateRequest");
    let page = read(SEED).unwrap();
    let written = write_schema(only_type(&page));
    assert_eq!(written["required"], json!(["accessToken"]));
    for (name, property) in properties {
        assert_eq!(
            written["properties"][name]["description"], property["description"],
            "{name}"
        );
    }
    assert_eq!(
        written["properties"]["properties"]["items"],
        json!({ "$ref": "#/components/schemas/Property" })
    );
}

#[test]
fn detects_the_seed_and_no_other_page() {
    assert!(detect(SEED));
    for other in OTHERS {
        assert!(!detect(other), "{}", &other[..60.min(other.len())]);
    }
    // The seed copies in shared/, where they are beside the repository.
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if let Ok(entries) = std::fs::read_dir(&seeds) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if !name.ends_with(".txt") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            assert_eq!(detect(&text), name.starts_with("002_"), "{name}");
        }
    }
    assert!(!detect(""));
    assert!(!detect("# Title\n\nJust prose.\n"));
    assert!(!detect("# Title\n\n## Fields\n\nThe fields are below.\n"));
    // No example usage: still a model page.
    assert!(detect(
        "# Title\n\n## Fields\n\n| Field | Type | Required | Description |\n"
    ));
}

#[test]
fn an_enum_page_has_its_values_and_description() {
    let text = "# ApplicationType\n\nThe application type.\nSee `redirectUris`.\n\n\n## Example Usage\n\n```typescript\nimport { ApplicationType } from \"@authlete/typescript-sdk/models\";\n\nlet value: ApplicationType = \"WEB\";\n```\n\n## Values\n\n```typescript\n\"WEB\" | \"NATIVE\"\n```";
    let page = read(text).unwrap();
    assert!(page.unread.is_empty(), "{:?}", page.unread);
    let schema = only_type(&page);
    assert_eq!(schema.kind, Type::String);
    assert_eq!(schema.enumeration, [json!("WEB"), json!("NATIVE")]);
    // Two blank lines after it: the description ends with a line break.
    assert_eq!(
        schema.description.as_deref(),
        Some("The application type.\nSee `redirectUris`.\n")
    );
    assert_eq!(page.description, schema.description);
    assert_eq!(schema.example, Some(json!("WEB")));

    let one_blank = text.replace("`redirectUris`.\n\n\n", "`redirectUris`.\n\n");
    let page = read(&one_blank).unwrap();
    assert_eq!(
        only_type(&page).description.as_deref(),
        Some("The application type.\nSee `redirectUris`.")
    );
}

#[test]
fn an_enum_table_of_names_and_values() {
    let text = "# Level\n\n## Example Usage\n\n```typescript\nlet value: Level = 2;\n```\n\n## Values\n\n| Name | Value |\n| ---- | ----- |\n| `One` | 1 |\n| `Two` | 2 |\n";
    let page = read(text).unwrap();
    assert!(page.unread.is_empty(), "{:?}", page.unread);
    let schema = only_type(&page);
    assert_eq!(schema.kind, Type::Integer);
    assert_eq!(schema.enumeration, [json!(1), json!(2)]);
    assert_eq!(schema.example, Some(json!(2)));
}

#[test]
fn a_union_page_is_one_of_its_supported_types() {
    let text = "# Credential\n\nA credential.\n\n## Supported Types\n\n### `models.Password`\n\n```typescript\nconst value: models.Password = {\n  secret: \"<value>\",\n};\n```\n\n### `string`\n\n```typescript\nconst value: string = \"<value>\";\n```\n";
    let page = read(text).unwrap();
    assert!(page.unread.is_empty(), "{:?}", page.unread);
    let schema = only_type(&page);
    assert_eq!(schema.one_of.len(), 2);
    assert_eq!(schema.one_of[0].kind, named("Password"));
    assert_eq!(
        schema.one_of[0].example,
        Some(json!({ "secret": "<value>" }))
    );
    assert_eq!(schema.one_of[1].kind, Type::String);
    let written = write_schema(schema);
    assert_eq!(written["oneOf"][1]["type"], json!("string"));
}

#[test]
fn a_page_of_one_supported_type_is_that_type() {
    let text = "# Labels\n\nLabels by key.\n\n## Example Usage\n\n```rust\nlet value = Labels::default();\n```\n\n## Supported Types\n\n### Record<string, *string*>\n";
    let page = read(text).unwrap();
    let schema = only_type(&page);
    assert!(schema.one_of.is_empty());
    assert_eq!(schema.kind, Type::Object);
    assert_eq!(
        schema.additional.as_deref().map(|values| &values.kind),
        Some(&Type::String)
    );
    assert_eq!(schema.description.as_deref(), Some("Labels by key."));
}

#[test]
fn field_types_of_the_family() {
    let text = fields_page(
        HEADER,
        &[
            "| `at` | *Date* | :heavy_check_mark: | When. |",
            "| `day` | *RFCDate* | :heavy_minus_sign: | N/A |",
            "| `maybe` | *string* \\| *null* | :heavy_minus_sign: | Text or null. |",
            "| `either` | *string* \\| *number* | :heavy_minus_sign: | N/A |",
            "| `labels` | Record<string, *string*> | :heavy_minus_sign: | N/A |",
            "| `byName` | Record<string, [models.Pet](../models/pet.md)> | :heavy_minus_sign: | N/A |",
            "| `grid` | *string*[][] | :heavy_minus_sign: | N/A |",
            "| `body` | [operations.PostBody](../../models/operations/postbody.md) | :heavy_check_mark: | N/A |",
            "| `raw` | *any* | :heavy_minus_sign: | A \\| B. |",
            "| `file` | *ReadableStream<Uint8Array>* | :heavy_minus_sign: | N/A |",
        ],
    );
    let page = read(&text).unwrap();
    assert!(page.unread.is_empty(), "{:?}", page.unread);
    let schema = only_type(&page);
    let at = &field(schema, "at").schema;
    assert_eq!(
        (&at.kind, at.format.as_deref()),
        (&Type::String, Some("date-time"))
    );
    assert_eq!(field(schema, "day").schema.format.as_deref(), Some("date"));
    assert_eq!(field(schema, "day").schema.description, None);
    let maybe = &field(schema, "maybe").schema;
    assert!(maybe.nullable && maybe.kind == Type::String);
    let either = &field(schema, "either").schema;
    assert_eq!(either.one_of.len(), 2);
    let labels = &field(schema, "labels").schema;
    assert_eq!(labels.kind, Type::Object);
    assert_eq!(
        labels.additional.as_deref(),
        Some(&Schema::of(Type::String))
    );
    let by_name = &field(schema, "byName").schema;
    assert_eq!(
        by_name.additional.as_deref(),
        Some(&Schema::of(named("Pet")))
    );
    assert_eq!(
        field(schema, "grid").schema.kind,
        array(array(Type::String))
    );
    assert_eq!(field(schema, "body").schema.kind, named("PostBody"));
    assert_eq!(field(schema, "raw").schema.kind, Type::Any);
    assert_eq!(
        field(schema, "raw").schema.description.as_deref(),
        Some("A | B.")
    );
    assert_eq!(
        field(schema, "file").schema.format.as_deref(),
        Some("binary")
    );
}

#[test]
fn an_example_column_and_additional_properties() {
    let text = fields_page(
        "| Field | Type | Required | Description | Example |",
        &[
            "| `serviceId` | *string* | :heavy_check_mark: | A service ID. | 715948317 |",
            "| `count` | *number* | :heavy_minus_sign: | N/A | 3 |",
            "| `client` | [models.Client](../models/client.md) | :heavy_minus_sign: | N/A | {<br/>\"number\": 1,<br/>\"name\": \"x\"<br/>} |",
            "| `empty` | *string* | :heavy_minus_sign: | N/A | |",
            "| `additionalProperties` | Record<string, *any*> | :heavy_minus_sign: | N/A | |",
        ],
    );
    let page = read(&text).unwrap();
    assert!(page.unread.is_empty(), "{:?}", page.unread);
    let schema = only_type(&page);
    assert_eq!(
        field(schema, "serviceId").schema.example,
        Some(json!("715948317"))
    );
    assert_eq!(field(schema, "count").schema.example, Some(json!(3)));
    assert_eq!(
        field(schema, "client").schema.example,
        Some(json!({ "number": 1, "name": "x" }))
    );
    assert_eq!(field(schema, "empty").schema.example, None);
    assert!(schema
        .fields
        .iter()
        .all(|f| f.name != "additionalProperties"));
    assert_eq!(schema.additional.as_deref(), Some(&Schema::of(Type::Any)));
    assert_eq!(write_schema(schema)["additionalProperties"], json!({}));
}

#[test]
fn deprecated_fields() {
    let text = fields_page(
        HEADER,
        &[
            "| ~~`old`~~ | *string* | :heavy_minus_sign: | : warning: ** DEPRECATED **: This will be removed in a future release, please migrate away from it as soon as possible.<br/><br/>The old name. |",
            "| `legacy` | *string* | :heavy_minus_sign: | :warning: **DEPRECATED**: Use `name`.<br/><br/>The legacy name. |",
        ],
    );
    let page = read(&text).unwrap();
    assert!(page.unread.is_empty(), "{:?}", page.unread);
    let schema = only_type(&page);
    let old = &field(schema, "old").schema;
    assert!(old.deprecated);
    let legacy = &field(schema, "legacy").schema;
    assert!(legacy.deprecated);
    assert_eq!(
        legacy.description.as_deref(),
        Some("Use `name`.\n\nThe legacy name.")
    );
}

#[test]
fn layout_variants() {
    // A table with a header and no rows, blank lines after headings, no example usage.
    let text = "# Empty\n\n\n## Fields\n\n\n| Field | Type | Required | Description |\n| ----- | ---- | -------- | ----------- |\n";
    let page = read(text).unwrap();
    assert!(page.unread.is_empty(), "{:?}", page.unread);
    assert_eq!(only_type(&page).kind, Type::Object);
    assert!(only_type(&page).fields.is_empty());

    // The generator's note that it has no example.
    let text = "# ResultError\n\n## Example Usage\n\n```typescript\nimport { ResultError } from \"sdk/models/errors\";\n\n// No examples available for this model\n```\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `resultCode` | *string* | :heavy_minus_sign: | N/A |\n";
    let page = read(text).unwrap();
    assert!(page.unread.is_empty(), "{:?}", page.unread);
    assert_eq!(only_type(&page).example, None);
}

#[test]
fn what_is_not_understood_is_reported() {
    let mut text = fields_page(
        HEADER,
        &[
            "| `shape` | *Geometry* | :heavy_minus_sign: | N/A |",
            "| `flag` | *boolean* | maybe | N/A |",
            "| `name` | *string* | :heavy_minus_sign: | N/A |",
        ],
    );
    text.push_str("\n## Notes\n\nSomething else.\n");
    let page = read(&text).unwrap();
    let unread: Vec<&str> = page.unread.iter().map(|u| u.text.as_str()).collect();
    assert_eq!(
        unread,
        [
            "| `shape` | *Geometry* | :heavy_minus_sign: | N/A |",
            "| `flag` | *boolean* | maybe | N/A |",
            "## Notes",
            "Something else.",
        ]
    );
    // The fields are still there, with what could be read of them.
    let schema = only_type(&page);
    assert_eq!(field(schema, "shape").schema.kind, Type::Any);
    assert_eq!(field(schema, "name").schema.kind, Type::String);

    // An example literal that is not plain data stays unread.
    let text = SEED.replace("accessToken: \"<value>\",", "accessToken: someVariable,");
    let page = read(&text).unwrap();
    assert_eq!(page.unread.len(), 3, "{:?}", page.unread);
    assert_eq!(only_type(&page).example, None);
}

#[test]
fn a_row_with_too_few_cells_is_an_error() {
    let text = fields_page(HEADER, &["| `name` | *string* |"]);
    let problem = read(&text).unwrap_err();
    assert_eq!(problem.line, 15);
    assert!(problem.message.contains("4 cells"), "{}", problem.message);
    assert!(problem.message.contains("found 2"), "{}", problem.message);
}

#[test]
fn a_code_block_cut_off_is_an_error() {
    let text = "# Thing\n\n## Example Usage\n\n```typescript\nlet value: Thing = {};\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n";
    let problem = read(text).unwrap_err();
    assert_eq!(problem.line, 5);
    assert!(
        problem.message.contains("not closed"),
        "{}",
        problem.message
    );
}

#[test]
fn a_page_without_a_title_or_a_section_is_an_error() {
    assert_eq!(read("").unwrap_err().line, 1);
    let problem = read("\nTokenUpdateRequest\n\n## Fields\n").unwrap_err();
    assert_eq!(problem.line, 2);
    assert!(
        problem.message.contains("`# Name` title"),
        "{}",
        problem.message
    );
    let problem = read("# Thing\n\n## Example Usage\n\n```typescript\n```\n").unwrap_err();
    assert!(
        problem.message.contains("no `## Fields`"),
        "{}",
        problem.message
    );
    let problem = read("# Thing\n\n## Fields\n\n| Name | Kind |\n| --- | --- |\n").unwrap_err();
    assert_eq!(problem.line, 5);
    assert!(
        problem.message.contains("Field | Type"),
        "{}",
        problem.message
    );
}

#[test]
fn odd_input_does_not_panic() {
    for text in [
        "#",
        "# \n",
        "# T\n## Fields\n|",
        "# T\n## Fields\n| Field | Type |\n|\n| `a` |",
        "# T\n## Values\n```\n",
        "# T\n## Values\n| Name |\n| `a` |\n",
        "# T\n## Supported Types\n### `\n### ``\n```\n",
        "# T\n## Example Usage\n```\nlet value: T = {a: [1, {b: new Date(\"x\")}], 'c': 'd\\'e',};\n```\n## Fields\n",
        "# T\n## Fields\n| Field | Type |\n| `a` | Record<int, *string*> |\n| `b` | [x](y |\n| `c` | *[]* |\n",
    ] {
        let _ = read(text);
    }
    let page =
        read("# T\n## Example Usage\n```\nlet value: T = {a: [1, {b: new Date(\"x\")}], 'c': 'd\\'e',};\n```\n## Fields\n")
            .unwrap();
    assert_eq!(
        only_type(&page).example,
        Some(json!({ "a": [1, { "b": "x" }], "c": "d'e" }))
    );
}

#[test]
fn other_sdk_languages_types() {
    let text = fields_page(
        HEADER,
        &[
            "| `name` | *Optional[str]* | :heavy_minus_sign: | N/A |",
            "| `count` | *int64* | :heavy_check_mark: | N/A |",
            "| `scopes` | List[*str*] | :heavy_minus_sign: | N/A |",
            "| `props` | List[[models.Property](../models/property.md)] | :heavy_minus_sign: | N/A |",
            "| `extra` | Dict[str, *Any*] | :heavy_minus_sign: | N/A |",
            "| `tags` | []*string* | :heavy_minus_sign: | N/A |",
            "| `labels` | map[string]*string* | :heavy_minus_sign: | N/A |",
            "| `when` | [*time.Time*](https://pkg.go.dev/time#Time) | :heavy_minus_sign: | N/A |",
            "| `gone` | *Nullable[datetime]* | :heavy_minus_sign: | N/A |",
        ],
    );
    let page = read(&text).unwrap();
    assert!(page.unread.is_empty(), "{:?}", page.unread);
    let schema = only_type(&page);
    // A link to a language's own docs is that language's type, not a named type of the API.
    let when = &field(schema, "when").schema;
    assert_eq!(
        (&when.kind, when.format.as_deref()),
        (&Type::String, Some("date-time"))
    );
    assert_eq!(field(schema, "name").schema.kind, Type::String);
    let count = &field(schema, "count").schema;
    assert_eq!(
        (&count.kind, count.format.as_deref()),
        (&Type::Integer, Some("int64"))
    );
    assert_eq!(field(schema, "scopes").schema.kind, array(Type::String));
    assert_eq!(field(schema, "props").schema.kind, array(named("Property")));
    let extra = &field(schema, "extra").schema;
    assert_eq!(extra.additional.as_deref(), Some(&Schema::of(Type::Any)));
    assert_eq!(field(schema, "tags").schema.kind, array(Type::String));
    let labels = &field(schema, "labels").schema;
    assert_eq!(
        labels.additional.as_deref(),
        Some(&Schema::of(Type::String))
    );
    let gone = &field(schema, "gone").schema;
    assert!(gone.nullable);
    assert_eq!(gone.format.as_deref(), Some("date-time"));
}

#[test]
fn a_duplicated_fields_section() {
    let table = "| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `name` | *string* | :heavy_check_mark: | The name. |\n";
    let text = format!("# Thing\n\n## Fields\n\n{table}\n## Fields\n\n{table}Loading...\n");
    let page = read(&text).unwrap();
    assert_eq!(only_type(&page).fields.len(), 1);
    let unread: Vec<&str> = page.unread.iter().map(|u| u.text.as_str()).collect();
    assert_eq!(unread, ["Loading..."]);

    let other = text.replacen(":heavy_check_mark:", ":heavy_minus_sign:", 1);
    let problem = read(&other).unwrap_err();
    assert_eq!(problem.line, 13);
    assert!(problem.message.contains("line 7"), "{}", problem.message);
}
