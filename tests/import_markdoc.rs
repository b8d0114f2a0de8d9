//! Importing Markdoc endpoint pages: the seed, the 31 real pages of the same API in
//! `../shared/pages/markdoc/`, the layout variants real sites use, and bad pages.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use specforge::generate;
use specforge::import::{self, Kind, Options, Source};
use specforge::spec;
use specforge::specs;
use specforge::templates::Templates;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn source(file: &str, text: &str) -> Source {
    Source {
        file: file.to_string(),
        text: text.to_string(),
    }
}

fn import_one(text: &str) -> import::Imported {
    import::import("api", &[source("page.md", text)], None).expect("the page imports")
}

fn at<'a>(document: &'a Value, pointer: &str) -> &'a Value {
    document
        .pointer(pointer)
        .unwrap_or_else(|| panic!("{pointer} is not in the document:\n{document:#}"))
}

#[test]
fn the_seed_page_is_read_to_the_last_line() {
    let text =
        std::fs::read_to_string(root().join("specs/pages/fimidara/update-token.md")).unwrap();
    assert_eq!(Kind::detect(&text), Some(Kind::Markdoc));
    let imported = import_one(&text);
    assert_eq!(imported.unread_lines(), Vec::<String>::new());
    let document = &imported.document;
    let post = at(
        document,
        "/paths/~1v1~1clientAssignedTokens~1updateToken/post",
    );
    assert_eq!(post["summary"], "Update Client Assigned Token Endpoint");
    assert_eq!(post["security"], json!([{ "authorization": [] }]));
    assert_eq!(post["requestBody"]["required"], true);
    assert_eq!(
        post["requestBody"]["description"],
        "HTTP JSON request content type."
    );
    let responses: Vec<&String> = post["responses"].as_object().unwrap().keys().collect();
    assert_eq!(responses, ["200", "4XX", "5XX"]);
    assert_eq!(
        post["responses"]["4XX"]["headers"]["Content-Length"]["description"],
        "HTTP response content length in bytes."
    );
    let token = at(document, "/components/schemas/ClientAssignedToken");
    assert_eq!(
        token["properties"]["providedResourceId"],
        json!({ "type": "string", "nullable": true, "description": "Resource ID provided by you." })
    );
    assert_eq!(
        token["properties"]["expires"]["format"], "date-time",
        "`iso date string` is a date-time"
    );
    assert!(!token["required"]
        .as_array()
        .unwrap()
        .contains(&json!("description")));
    // The request table says the group's fields are not required, the response table that they
    // are: one schema, and the response's use requires them.
    assert_eq!(
        at(document, "/components/schemas/AssignPermissionGroupInput").get("required"),
        None
    );
    assert_eq!(
        token["properties"]["permissionGroups"]["items"],
        json!({ "allOf": [
            { "$ref": "#/components/schemas/AssignPermissionGroupInput" },
            { "required": ["permissionGroupId", "order"] }
        ] })
    );
    // The inline `token` object of the request ("See below for 's object fields").
    let params = at(
        document,
        "/components/schemas/UpdateClientAssignedTokenEndpointParams/properties/token",
    );
    assert_eq!(params["type"], "object");
    assert_eq!(
        params["properties"]["permissionGroups"]["items"]["$ref"],
        "#/components/schemas/AssignPermissionGroupInput"
    );
    assert_eq!(
        at(
            document,
            "/components/schemas/EndpointErrorResult/properties/errors/description"
        ),
        "Endpoint call response errors."
    );
}

fn shared_pages() -> Vec<PathBuf> {
    let dir = root().join("../shared/pages/markdoc");
    import::page_files(&dir).expect("../shared/pages/markdoc is beside the repository")
}

fn shared_sources() -> Vec<Source> {
    shared_pages()
        .iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            Source::read(path, &format!("markdoc/{name}")).unwrap()
        })
        .collect()
}

#[test]
fn all_31_pages_of_the_api_import_into_one_document_that_generates() {
    let sources = shared_sources();
    assert_eq!(sources.len(), 31);
    let options = Options {
        rename_conflicts: true,
        ..Options::default()
    };
    let imported = import::import_with("fimidara", &sources, options).unwrap();
    assert_eq!(imported.unread_lines(), Vec::<String>::new());
    assert_eq!(
        imported.summary(),
        "fimidara: 31 operations, 83 schemas from 31 pages; 0 of 2131 lines not understood"
    );
    // fimidara's docs state two types under a name another page uses for other fields.
    assert_eq!(imported.renamed.len(), 2, "{:#?}", imported.renamed);
    assert!(imported.renamed[0].contains("`NewCollaborationRequestInput2`"));
    assert_eq!(
        import::openapi::undefined_types(&imported.document),
        Vec::<String>::new()
    );

    let text = specs::render(&imported.document, "markdoc pages").unwrap();
    let spec = spec::parse("fimidara-pages.yaml", "fimidara_pages", &text).unwrap();
    let templates = Templates::load(&root().join("templates")).unwrap();
    generate::check(&spec, &templates).unwrap();
}

#[test]
fn one_name_for_two_different_types_is_an_error_naming_both_pages() {
    let err = import::import("fimidara", &shared_sources(), None)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "markdoc/collaborationRequests_updateRequest.md:27: type `NewCollaborationRequestInput` \
         is stated here with other fields than at markdoc/collaborationRequests_getRequest.md:82\n\
         markdoc/programAccessTokens_updateToken.md:23: type `UpdateAgentTokenEndpointParams` \
         is stated here with other fields than at markdoc/programAccessTokens_getToken.md:23"
    );
}

/// A page of the seed's layout around the given sections.
fn page(sections: &str) -> String {
    format!(
        "---\ntitle: Get File Endpoint\ndescription: Get a file.\n---\n\n# {{% $markdoc.frontmatter.title %}}\n{sections}"
    )
}

#[test]
fn layout_variants_of_real_sites_are_read() {
    let text = page(
        "## `/v1/files/:fileId` — `get`\n\n\
         **Request Parameter Pathnames**\n\n\
         | Field | Type | Required | Description |\n| --- | --- | --- | --- |\n\
         | `fileId` | `string` | Required | File ID. |\n\n\
         **Request Queries**\n\
         | Field | Type | Required | Description | Example |\n| - | - | - | - | - |\n\
         |`limit`|`number`|Not required|Page size.|`20`|\n\
         |~~`cursor`~~|`string`|Not required|Old paging.||\n\n\
         **Request Headers**\n| Field | Type | Required | Description |\n| - | - | - | - |\n\
         |`Authorization`|`string`|Required|Bearer token.|\n|`X-Trace`|`string`|Not required|Trace ID.|\n\n\
         **200 — Response Body Type** — `application/json`\n\n\
         `File`\n| Field | Type | Description |\n| - | - | - |\n\
         |`name` (required)|`string` or `undefined`|Name.|\n|`tags`|`array` of `string`|Tags.|\n\
         |`size`|`null or number`||\n",
    );
    let imported = import_one(&text);
    assert_eq!(imported.unread_lines(), Vec::<String>::new());
    let get = at(&imported.document, "/paths/~1v1~1files~1{fileId}/get");
    assert_eq!(
        get["parameters"],
        json!([
            { "name": "fileId", "in": "path", "description": "File ID.", "required": true, "schema": { "type": "string" } },
            { "name": "limit", "in": "query", "description": "Page size.", "schema": { "type": "number" }, "example": 20 },
            { "name": "cursor", "in": "query", "description": "Old paging.", "schema": { "type": "string", "deprecated": true } },
            { "name": "X-Trace", "in": "header", "description": "Trace ID.", "schema": { "type": "string" } }
        ])
    );
    assert_eq!(
        at(&imported.document, "/components/securitySchemes/bearerAuth"),
        &json!({ "type": "http", "scheme": "bearer", "description": "Bearer token." })
    );
    assert_eq!(
        get.get("requestBody"),
        None,
        "a GET without a body section has none"
    );
    let file = at(&imported.document, "/components/schemas/File");
    assert_eq!(file["required"], json!(["tags", "size"]));
    assert_eq!(
        file["properties"]["size"],
        json!({ "type": "number", "nullable": true })
    );
    assert_eq!(
        file["properties"]["tags"],
        json!({ "type": "array", "description": "Tags.", "items": { "type": "string" } })
    );
}

#[test]
fn lines_the_reader_does_not_understand_are_reported_with_their_numbers() {
    let text = page(
        "## `/v1/x` — `post`\nSome prose the layout does not have.\n\
         **Request Body Type** — `application/json`\n\n`X`\n| Field | Type | Required | Description |\n| - | - | - | - |\n\
         |`a`|`string`|Required|A.|\n",
    );
    let imported = import_one(&text);
    assert_eq!(
        imported.unread_lines(),
        ["page.md:8: Some prose the layout does not have."]
    );
}

fn import_error(text: &str) -> String {
    import::import("api", &[source("specs/pages/api/page.md", text)], None)
        .unwrap_err()
        .to_string()
}

#[test]
fn bad_pages_are_errors_naming_file_and_line() {
    let short_row = page(
        "## `/v1/x` — `post`\n**Request Body Type** — `application/json`\n\n`X`\n\
         | Field | Type | Required | Description |\n| - | - | - | - |\n|`a`|`string`|\n",
    );
    assert_eq!(
        import_error(&short_row),
        "specs/pages/api/page.md:13: markdoc page: a table row with 2 cells where the header has 4: `|`a`|`string`|`"
    );
    let cut_off = page(
        "## `/v1/x` — `post`\n**Request Body Type** — `application/json`\n\n`X`\n\
         | Field | Type | Required | Description |\n| - | - | - | - |\n\
         |`inner`|`object`|Required|See below for 's object fields.|\n",
    );
    assert_eq!(
        import_error(&cut_off),
        "specs/pages/api/page.md:13: markdoc page: this field's object fields are said to be below, but no table follows"
    );
    let open_frontmatter = "---\ntitle: x\n# {% $markdoc.frontmatter.title %}\n";
    assert_eq!(
        import_error(open_frontmatter),
        "specs/pages/api/page.md:1: markdoc page: the frontmatter opened here is not closed by a `---` line"
    );
    assert_eq!(
        import_error("Just some text.\n"),
        "specs/pages/api/page.md: not a page of a known kind (tried markdoc, sdk-model, oracle-rest, \
         mintlify, docusaurus); name one with --kind"
    );
}
