//! The generated docs are pages of the same kind as the seed pages in `specs/pages/`: each seed's
//! page is regenerated from its spec (in memory) and compared with the seed.
//!
//! - 000 (markdoc) and 002 (sdk-model, outside its example code block) are markdown: after
//!   normalising whitespace and table padding, at least 95% of their lines must be the same
//!   (a difflib-style ratio, 2·M/T with M the longest common subsequence of lines).
//! - 001 (oracle-rest), 003 (mintlify) and 004 (docusaurus) are the text of HTML pages: every fact
//!   on them (each field with its type, required and nullable marks, title, read-only flag,
//!   default, possible values, example and description, the prose, the section headings in
//!   order, the response example) is read from the seed text and must appear in the generated
//!   page, a field's facts in that field's own list entry.
//!
//! The facts and checks are `docs_support::facts`, shared with `import_seed_facts`, which runs
//! them on the docs of each seed's pages imported without their overlay.
//!
//! Run with `--nocapture` to see the measured ratios and fact counts.

mod docs_support;

use docs_support::examples::{client_authorization_update_example, token_update_request_example};
use docs_support::facts::{self, RustExample};
use specforge::emit::docs::{self, ApiView, Rendering};
use specforge::generate::{self, Inputs};
use specforge::ir::{self, Api};
use specforge::output::FileSet;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn inputs() -> Inputs {
    generate::load_inputs(root(), "specs", "templates").unwrap_or_else(|err| panic!("{err}"))
}

/// An API lowered from its spec, its docs view and its docs pages.
struct Docs {
    view: ApiView,
    pages: FileSet,
}

fn docs_of(name: &str) -> Docs {
    let inputs = inputs();
    let spec = inputs
        .specs
        .iter()
        .find(|spec| spec.file == format!("specs/{name}.yaml"))
        .unwrap_or_else(|| panic!("no specs/{name}.yaml"));
    let api: Api = ir::lower(spec).unwrap_or_else(|err| panic!("{err}"));
    let view = docs::view(&api)
        .unwrap_or_else(|err| panic!("{err}"))
        .unwrap_or_else(|| panic!("specs/{name}.yaml names no docs style"));
    let pages = docs::emit(&api, &inputs.templates).unwrap_or_else(|err| panic!("{err}"));
    Docs { view, pages }
}

impl Docs {
    /// The page of the operation with this method and path.
    fn operation_page(&self, method: &str, path: &str) -> &str {
        let op = self
            .view
            .operations
            .iter()
            .find(|op| op.method == method && op.path == path)
            .unwrap_or_else(|| panic!("no operation {method} {path}"));
        self.page(&op.page)
    }

    /// The model page of the type with this Rust name.
    fn model_page(&self, rust: &str) -> &str {
        let model = self
            .view
            .models
            .iter()
            .find(|model| model.schema.named.rust == rust)
            .unwrap_or_else(|| panic!("no model page for {rust}"));
        self.page(&model.page)
    }

    fn page(&self, path: &str) -> &str {
        self.pages
            .get(path)
            .unwrap_or_else(|| panic!("no page {path}"))
    }
}

fn seed(path: &str) -> String {
    std::fs::read_to_string(root().join("specs/pages").join(path))
        .unwrap_or_else(|err| panic!("specs/pages/{path}: {err}"))
}

#[test]
fn markdoc_page_matches_seed_000() {
    let docs = docs_of("fimidara");
    let page = docs.operation_page("post", "/v1/clientAssignedTokens/updateToken");
    facts::check_markdoc_000(
        "000 fimidara markdoc",
        &seed("fimidara/update-token.md"),
        page,
    );
}

#[test]
fn sdk_model_page_matches_seed_002_outside_its_example() {
    let docs = docs_of("authlete");
    let page = docs.model_page("TokenUpdateRequest");
    // The example is Rust (the seed's is TypeScript) and is the code compiled in
    // `token_update_request_example`.
    facts::check_sdk_model_002(
        "002 authlete sdk-model",
        &seed("authlete/token-update-request.md"),
        page,
        RustExample::Compiled(token_update_request_example()),
    );
}

#[test]
fn oracle_rest_page_has_every_fact_of_seed_001() {
    let docs = docs_of("awx");
    let page = docs.operation_page("put", "/api/v2/tokens/{id}/");
    facts::oracle_rest_001_facts(&seed("awx/update-token.txt"), page).report("001 awx oracle-rest");
}

#[test]
fn mintlify_page_has_every_fact_of_seed_003() {
    let docs = docs_of("authlete");
    let page = docs.operation_page(
        "post",
        "/api/{serviceId}/client/authorization/update/{clientId}",
    );
    facts::mintlify_003_facts(
        &seed("authlete/client-authorization-update.txt"),
        page,
        RustExample::Compiled(client_authorization_update_example()),
    )
    .report("003 authlete mintlify");
}

#[test]
fn docusaurus_page_has_every_fact_of_seed_004() {
    let docs = docs_of("sailpoint");
    let page = docs.operation_page("patch", "/personal-access-tokens/{id}");
    facts::docusaurus_004_facts(&seed("sailpoint/patch-personal-access-token.txt"), page)
        .report("004 sailpoint docusaurus");
}

#[test]
fn every_summary_link_is_a_book_page_and_every_page_is_in_the_book() {
    let inputs = inputs();
    let files = generate::generate(&inputs).unwrap_or_else(|err| panic!("{err}"));
    let book = files
        .get("docs/book.toml")
        .unwrap_or_else(|| panic!("no docs/book.toml"));
    assert!(
        book.lines().any(|line| line.trim() == "src = \"src\""),
        "the book's source folder is docs/src:\n{book}"
    );
    assert!(book.contains("create-missing = false"), "{book}");
    let summary = files
        .get("docs/src/SUMMARY.md")
        .unwrap_or_else(|| panic!("no docs/src/SUMMARY.md (in the book's source folder)"));
    let links = summary_links(summary);
    for (title, link) in &links {
        let page = files
            .get(&format!("docs/src/{link}"))
            .unwrap_or_else(|| panic!("SUMMARY.md links {link}, which is not generated"));
        assert_eq!(
            book_page_title(page).as_deref(),
            Some(title.as_str()),
            "the sidebar titles {link} {title:?}, the page's heading differs:\n{page}"
        );
    }
    let pages: Vec<&str> = files
        .iter()
        .map(|(path, _)| path)
        .filter(|path| {
            path.contains("/docs/") && !path.starts_with("docs/") && path.ends_with(".md")
        })
        .collect();
    assert!(pages.len() >= 14, "docs pages: {pages:?}");
    for page in &pages {
        let in_book = page.replacen("/docs/", "/", 1);
        assert!(
            links.iter().any(|(_, link)| *link == in_book),
            "SUMMARY.md does not link {in_book}, the book's rendering of {page}"
        );
    }
    assert_eq!(links.len(), pages.len(), "{links:?}");
    for api in ["fimidara", "awx", "authlete", "sailpoint"] {
        assert!(
            pages
                .iter()
                .any(|page| page.starts_with(&format!("{api}/docs/operations/"))),
            "no operation pages for {api}"
        );
    }
    // Links between pages resolve too (model pages link each other as `../models/x.md`), in
    // each page's source form and in the book's.
    for (path, contents) in files.iter().filter(|(path, _)| {
        pages.contains(path) || (path.starts_with("docs/src/") && path.ends_with(".md"))
    }) {
        let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
        for target in contents
            .split("](")
            .skip(1)
            .filter_map(|rest| rest.split_once(')').map(|(link, _)| link))
            .filter(|link| link.ends_with(".md"))
        {
            let resolved = docs_support::resolve(folder, target);
            assert!(
                files.get(&resolved).is_some(),
                "{path} links {target} ({resolved}), which is not generated"
            );
        }
    }
}

/// The Markdoc pages keep their source form (frontmatter, the title as the frontmatter's
/// variable), and their book rendering has neither: its heading is the title.
#[test]
fn markdoc_pages_keep_their_source_form_and_the_book_gets_plain_markdown() {
    let files = generate::generate(&inputs()).unwrap_or_else(|err| panic!("{err}"));
    let source = files
        .get("fimidara/docs/operations/update-client-assigned-token.md")
        .unwrap_or_else(|| panic!("no fimidara page"));
    assert!(
        source.starts_with("---\ntitle: Update Client Assigned Token Endpoint\n"),
        "{source}"
    );
    assert!(
        source.contains("\n# {% $markdoc.frontmatter.title %}\n"),
        "{source}"
    );
    let book = files
        .get("docs/src/fimidara/operations/update-client-assigned-token.md")
        .unwrap_or_else(|| panic!("no fimidara page in the book"));
    assert!(
        book.starts_with(
            "# Update Client Assigned Token Endpoint\n\nUpdate client assigned token endpoint.\n"
        ),
        "{book}"
    );
    assert!(!book.contains("{%") && !book.contains("title:"), "{book}");
    // Past the heading, the two renderings are the same page.
    let after = |page: &str| page.split_once("\n## ").map(|(_, rest)| rest.to_owned());
    assert_eq!(after(source), after(book));
}

/// The `[title](link)` entries of a SUMMARY.md, without the sections (`[Models]()`).
fn summary_links(summary: &str) -> Vec<(String, String)> {
    summary
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("- ["))
        .filter_map(|rest| rest.rsplit_once("]("))
        .filter_map(|(title, rest)| Some((title.to_owned(), rest.strip_suffix(')')?.to_owned())))
        .filter(|(_, link)| !link.is_empty())
        .collect()
}

/// A book page's title: its first line, a `# ` heading.
fn book_page_title(page: &str) -> Option<String> {
    page.lines().next()?.strip_prefix("# ").map(str::to_owned)
}

#[test]
fn a_spec_without_a_docs_style_gets_no_docs_and_an_unknown_style_is_an_error() {
    let inputs = generate::load_inputs(root(), "tests/corpus", "templates")
        .unwrap_or_else(|err| panic!("{err}"));
    for spec in &inputs.specs {
        let api = ir::lower(spec).unwrap_or_else(|err| panic!("{err}"));
        let pages = docs::emit(&api, &inputs.templates).unwrap_or_else(|err| panic!("{err}"));
        assert!(pages.is_empty(), "{}: no style, no docs", spec.file);
    }
    let fimidara = self::inputs();
    let spec = fimidara
        .specs
        .iter()
        .find(|spec| spec.file == "specs/fimidara.yaml")
        .unwrap_or_else(|| panic!("no fimidara spec"));
    let mut api = ir::lower(spec).unwrap_or_else(|err| panic!("{err}"));
    api.docs.style = Some("no-such-style".to_owned());
    let err = docs::emit(&api, &fimidara.templates)
        .err()
        .unwrap_or_else(|| panic!("an unknown style must be an error"))
        .to_string();
    assert!(
        err.contains("specs/fimidara.yaml")
            && err.contains("no-such-style")
            && err.contains("markdoc"),
        "the error names the spec, the style and the styles there are: {err}"
    );
}

#[test]
fn docs_are_deterministic() {
    let inputs = inputs();
    for spec in &inputs.specs {
        let api = ir::lower(spec).unwrap_or_else(|err| panic!("{err}"));
        for rendering in [Rendering::Source, Rendering::Book] {
            let emit = || {
                docs::emit_as(&api, &inputs.templates, rendering)
                    .unwrap_or_else(|err| panic!("{err}"))
            };
            assert_eq!(emit(), emit(), "{} ({rendering:?})", spec.file);
        }
    }
}

/// Every style renders every fixture and public spec (path, query and header parameters, enums,
/// maps, unions, recursion, form and JSON Patch bodies, range statuses…) without an error, with
/// links that resolve.
#[test]
fn every_style_renders_every_fixture_and_corpus_spec() {
    let templates = inputs().templates;
    let styles = |page: &str| -> Vec<String> {
        templates
            .names_under("docs/")
            .iter()
            .filter_map(|name| name.strip_prefix("docs/")?.strip_suffix(page))
            .filter_map(|style| style.strip_suffix('/'))
            .map(str::to_owned)
            .collect()
    };
    let operation_styles = styles("operation.md");
    let model_styles = styles("model.md");
    assert_eq!(
        operation_styles.len(),
        4,
        "operation styles: {operation_styles:?}"
    );
    assert_eq!(model_styles, ["sdk-model"]);
    for folder in ["tests/fixtures", "tests/corpus"] {
        let inputs = generate::load_inputs(root(), folder, "templates")
            .unwrap_or_else(|err| panic!("{err}"));
        for spec in &inputs.specs {
            let mut api = ir::lower(spec).unwrap_or_else(|err| panic!("{err}"));
            for style in &operation_styles {
                api.docs.style = Some(style.clone());
                api.docs.model_style = Some(model_styles[0].clone());
                let pages = docs::emit(&api, &templates)
                    .unwrap_or_else(|err| panic!("{} in {style}: {err}", spec.file));
                assert!(
                    pages.len() >= api.operations.len(),
                    "{} in {style}: a page per operation",
                    spec.file
                );
                for (path, contents) in pages.iter() {
                    assert!(
                        contents.starts_with('#') || contents.starts_with("---"),
                        "{path}"
                    );
                    let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
                    for target in contents
                        .split("](")
                        .skip(1)
                        .filter_map(|rest| rest.split_once(')').map(|(link, _)| link))
                        .filter(|link| link.ends_with(".md"))
                    {
                        let resolved = docs_support::resolve(folder, target);
                        assert!(
                            pages.get(&resolved).is_some(),
                            "{} in {style}: {path} links {target}, which is not generated",
                            spec.file
                        );
                    }
                }
                // The book's rendering: the same pages, each opening with its title, with
                // nothing only the style's toolchain reads.
                let book = docs::emit_as(&api, &templates, Rendering::Book)
                    .unwrap_or_else(|err| panic!("{} in {style}, book: {err}", spec.file));
                assert_eq!(
                    book.iter().map(|(path, _)| path).collect::<Vec<_>>(),
                    pages.iter().map(|(path, _)| path).collect::<Vec<_>>(),
                    "{} in {style}",
                    spec.file
                );
                for (path, contents) in book.iter() {
                    // A fence says its language only: the words after it are a title only
                    // the style's toolchain reads.
                    let titled_fence = contents
                        .lines()
                        .any(|line| line.starts_with("```") && line.trim().contains(' '));
                    assert!(
                        contents.starts_with("# ")
                            && !contents.contains("{%")
                            && !contents.contains(":heavy_")
                            && !titled_fence,
                        "{} in {style}, book: {path}\n{contents}",
                        spec.file
                    );
                }
            }
        }
    }
}

/// Every style gives each webhook a page, in the style's own layout, that names the webhook,
/// says the API sends it to the subscriber's URL and documents its payload's fields and the
/// subscriber's answers; the book's summary links every page.
#[test]
fn every_style_documents_each_webhook_on_a_page_of_its_own() {
    let templates = inputs().templates;
    let name = "tests/fixtures/webhooks.yaml";
    let spec =
        specforge::spec::load_named(&root().join(name), name).unwrap_or_else(|err| panic!("{err}"));
    let mut api = ir::lower(&spec).unwrap_or_else(|err| panic!("{err}"));
    for style in ["markdoc", "mintlify", "docusaurus", "oracle-rest"] {
        api.docs.style = Some(style.to_owned());
        let pages = docs::emit(&api, &templates).unwrap_or_else(|err| panic!("{style}: {err}"));
        let page = |path: &str| {
            pages
                .get(path)
                .unwrap_or_else(|| panic!("{style}: no {path}"))
        };
        let paid = page("webhooks/order-paid.md");
        for fact in [
            "order.paid",
            "to your URL",
            "The paid order.",
            "amount",
            "The amount paid, in cents.",
            "When the payment was captured.",
            "410",
            "Stop sending this webhook to the URL.",
        ] {
            assert!(paid.contains(fact), "{style}: no {fact:?} in\n{paid}");
        }
        let shipped = page("webhooks/order-shipped.md");
        assert!(
            shipped.contains("accepted"),
            "{style}: the answer's field\n{shipped}"
        );
        assert!(page("webhooks/ping.md").contains("Sent to check that a URL answers."));
        let book = docs::book(std::slice::from_ref(&api), &templates)
            .unwrap_or_else(|err| panic!("{err}"));
        let summary = book.get("docs/src/SUMMARY.md").unwrap_or_default();
        let links = summary_links(summary);
        for path in ["order-paid", "order-shipped", "ping"] {
            let link = format!("webhooks/webhooks/{path}.md");
            let (title, _) = links
                .iter()
                .find(|(_, linked)| *linked == link)
                .unwrap_or_else(|| panic!("{style}: no {link} in\n{summary}"));
            let page = book
                .get(&format!("docs/src/{link}"))
                .unwrap_or_else(|| panic!("{style}: no book page {link}"));
            assert_eq!(
                book_page_title(page).as_deref(),
                Some(title.as_str()),
                "{style}: {link}\n{page}"
            );
            assert!(!page.contains("{%"), "{style}: {link}\n{page}");
        }
    }
}

/// A webhook answer whose media types have different schemas is documented per schema, each
/// under its media types, in every style (as an operation's body is).
#[test]
fn every_style_documents_each_schema_of_a_webhook_answer_per_media_type() {
    let templates = inputs().templates;
    let text = r#"
openapi: 3.1.0
info: { title: W, version: "1" }
paths: {}
webhooks:
  hook:
    post:
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Event' }
      responses:
        "200":
          description: Received.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Ack' }
            text/plain:
              schema: { type: string }
components:
  schemas:
    Event:
      type: object
      properties:
        id: { type: string, description: The event's id. }
    Ack:
      type: object
      properties:
        acknowledged: { type: boolean, description: Whether it was taken. }
"#;
    let spec =
        specforge::spec::parse("hook.yaml", "hook", text).unwrap_or_else(|err| panic!("{err}"));
    let mut api = ir::lower(&spec).unwrap_or_else(|err| panic!("{err}"));
    for style in ["markdoc", "mintlify", "docusaurus", "oracle-rest"] {
        api.docs.style = Some(style.to_owned());
        let pages = docs::emit(&api, &templates).unwrap_or_else(|err| panic!("{style}: {err}"));
        let page = pages
            .get("webhooks/hook.md")
            .unwrap_or_else(|| panic!("{style}: no webhook page"));
        for fact in [
            "acknowledged",
            "Whether it was taken.",
            "text/plain",
            "Received.",
        ] {
            assert!(page.contains(fact), "{style}: no {fact:?} in\n{page}");
        }
    }
}
