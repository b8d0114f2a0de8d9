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
//! Run with `--nocapture` to see the measured ratios and fact counts.

mod docs_support;

use docs_support::{
    entries, headings, line_ratio, norm, rust_blocks, squash, strip_code_blocks, unified_diff,
    Entry,
};
use specforge::emit::docs::{self, ApiView};
use specforge::generate::{self, Inputs};
use specforge::ir::{self, Api};
use specforge::output::FileSet;
use std::path::Path;

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

/// Asserts that `generated` has at least `minimum` of the seed's lines, printing the ratio and,
/// on failure, the diff.
fn assert_lines_match(seed_name: &str, seed: &str, generated: &str, minimum: f64) {
    let ratio = line_ratio(seed, generated);
    eprintln!("{seed_name}: line ratio {ratio:.4} (at least {minimum})");
    assert!(
        ratio >= minimum,
        "{seed_name}: only {:.1}% of the lines match the seed (need {:.0}%); diff of normalised lines, - seed + generated:\n{}",
        ratio * 100.0,
        minimum * 100.0,
        unified_diff(seed, generated)
    );
}

#[test]
fn markdoc_page_matches_seed_000() {
    let docs = docs_of("fimidara");
    let page = docs.operation_page("post", "/v1/clientAssignedTokens/updateToken");
    assert_lines_match(
        "000 fimidara markdoc",
        &seed("fimidara/update-token.md"),
        page,
        0.95,
    );
}

#[test]
fn sdk_model_page_matches_seed_002_outside_its_example() {
    let docs = docs_of("authlete");
    let page = docs.model_page("TokenUpdateRequest");
    let seed = seed("authlete/token-update-request.md");
    assert_lines_match(
        "002 authlete sdk-model",
        &strip_code_blocks(&seed),
        &strip_code_blocks(page),
        0.95,
    );
    // The example is Rust (the seed's is TypeScript) and is the code compiled below.
    let blocks = rust_blocks(page);
    assert_eq!(blocks.len(), 1, "one Rust example on the page:\n{page}");
    assert_eq!(squash(&blocks[0]), squash(token_update_request_example()));
}

/// The Example Usage of the TokenUpdateRequest page, compiled against the generated models
/// crate (and returned as text, to compare with the page).
fn token_update_request_example() -> &'static str {
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
fn client_authorization_update_example() -> &'static str {
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

/// Facts checked and missed.
#[derive(Default)]
struct Facts {
    checked: usize,
    missed: usize,
    missing: Vec<String>,
}

impl Facts {
    fn check(&mut self, fact: impl Into<String>, found: bool) {
        self.count(fact, 1, found);
    }

    /// Counts `atoms` facts that stand or fall together.
    fn count(&mut self, fact: impl Into<String>, atoms: usize, found: bool) {
        self.checked += atoms;
        if !found {
            self.missed += atoms;
            self.missing.push(fact.into());
        }
    }

    /// Some entry of the page is the field's: its heading names the field and its type (and
    /// `required`, `nullable` or the location when the seed says so) and its text holds every
    /// fact of the field. `times`: how many such entries the seed has. Each of these is a fact:
    /// the name, the type, each mark, the required mark or its absence, and each text.
    fn field(&mut self, entries: &[Entry], field: &SeedField, times: usize) {
        if std::env::var_os("DOCS_FIDELITY_DEBUG").is_some() {
            eprintln!("{times} x {field:?}");
        }
        let matching = entries
            .iter()
            .filter(|entry| {
                let words = entry.head_words();
                words.first() == Some(&field.name)
                    && words.contains(&field.ty)
                    && field.marks.iter().all(|mark| words.contains(mark))
                    && (!field.required_known
                        || words.iter().any(|w| w == "required") == field.required)
                    && field
                        .facts
                        .iter()
                        .all(|fact| entry.text.contains(fact.as_str()))
            })
            .count();
        let atoms = 2 + field.marks.len() + usize::from(field.required_known) + field.facts.len();
        self.count(
            format!(
                "{times} entr{} for `{}` {} {:?}{} with {:?}",
                if times == 1 { "y" } else { "ies" },
                field.name,
                field.ty,
                field.marks,
                if field.required { " required" } else { "" },
                field.facts
            ),
            atoms * times,
            matching >= times,
        );
    }

    fn report(&self, name: &str) {
        eprintln!(
            "{name}: {} of {} facts found",
            self.checked - self.missed,
            self.checked
        );
        assert!(
            self.missing.is_empty(),
            "{name}: facts of the seed page missing from the generated page:\n  {}",
            self.missing.join("\n  ")
        );
    }
}

/// A field as a seed page shows it.
#[derive(Debug, Clone, PartialEq)]
struct SeedField {
    name: String,
    /// The type as the page spells it.
    ty: String,
    /// Words the entry's heading must have besides name and type (`nullable`, `header`).
    marks: Vec<String>,
    /// Whether the page shows required marks at all, and whether this field has one.
    required_known: bool,
    required: bool,
    /// Normalised text the field's entry must hold.
    facts: Vec<String>,
}

/// The section headings of a page must include these, in this order.
fn check_sections(facts: &mut Facts, page: &str, sections: &[String]) {
    let found = headings(page);
    let mut rest = found.iter();
    for section in sections {
        let present = rest.any(|heading| heading.contains(section.as_str()));
        facts.check(format!("section heading \"{section}\" (in order)"), present);
    }
}

/// Each prose fact appears in the page's text.
fn check_prose(facts: &mut Facts, page: &str, prose: &[String]) {
    let text = norm(page);
    for sentence in prose {
        facts.check(
            format!("text \"{sentence}\""),
            text.contains(sentence.as_str()),
        );
    }
}

#[test]
fn oracle_rest_page_has_every_fact_of_seed_001() {
    let docs = docs_of("awx");
    let page = docs.operation_page("put", "/api/v2/tokens/{id}/");
    let seed = seed("awx/update-token.txt");
    let lines: Vec<&str> = seed.lines().map(str::trim).collect();
    let mut facts = Facts::default();

    // Heading, method and path, and the description up to "Request".
    let request_at = lines
        .iter()
        .position(|line| *line == "Request")
        .unwrap_or(lines.len());
    let mut prose: Vec<String> = vec![lines[0].to_owned(), format!("{} {}", lines[1], lines[2])];
    prose.extend(
        lines[3..request_at]
            .iter()
            .map(|line| line.trim_end_matches('-').trim())
            .filter(|line| !line.is_empty())
            .map(norm),
    );
    prose.push("Type: object".to_owned());
    check_prose(&mut facts, page, &prose);

    // The sections, in order.
    let sections: Vec<String> = lines
        .iter()
        .filter(|line| {
            matches!(
                **line,
                "Request" | "Response" | "Supported Media Types" | "Path Parameters"
            ) || line.starts_with("Root Schema :")
                || (line.ends_with(" Response") && line.len() == "200 Response".len())
        })
        .map(|line| line.to_string())
        .collect();
    assert!(sections.len() >= 7, "sections of the seed: {sections:?}");
    check_sections(&mut facts, page, &sections);
    check_prose(&mut facts, page, &["application/json".to_owned()]);

    // Every property of both root schemas, with its title, read-only flag, default and
    // description.
    let properties = oracle_properties(&lines);
    assert!(
        properties.len() >= 28,
        "properties of the seed: {properties:#?}"
    );
    let entries = entries(page);
    let mut distinct: Vec<&SeedField> = Vec::new();
    for property in &properties {
        if !distinct.contains(&property) {
            distinct.push(property);
        }
    }
    for property in distinct {
        let times = properties.iter().filter(|p| *p == property).count();
        facts.field(&entries, property, times);
    }
    facts.report("001 awx oracle-rest");
}

/// The properties of the seed's root schemas: `name:` then the type, then `Title:` and a line
/// that runs title, `Read Only:true`, `Default Value:…` and description together (`- related:
/// string` is squeezed onto the end of the line before it).
fn oracle_properties(lines: &[&str]) -> Vec<SeedField> {
    let is_type = |text: &str| {
        let word = text.split('(').next().unwrap_or(text);
        matches!(
            word,
            "string" | "integer" | "number" | "boolean" | "array" | "object"
        )
    };
    let property = |name: &str, ty: &str| SeedField {
        name: name.to_owned(),
        ty: ty.to_owned(),
        marks: Vec::new(),
        required_known: false,
        required: false,
        facts: Vec::new(),
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < lines.len() {
        let Some(name) = lines[i].strip_suffix(':') else {
            i += 1;
            continue;
        };
        let name = name.trim_start_matches('-').trim();
        if name.contains(' ') || !is_type(lines[i + 1]) {
            i += 1;
            continue;
        }
        let mut field = property(name, lines[i + 1]);
        i += 2;
        let mut squeezed = None;
        if lines.get(i) == Some(&"Title:") {
            let mut rest = lines.get(i + 1).copied().unwrap_or_default().to_owned();
            i += 2;
            if let Some((before, after)) = rest.clone().split_once(" - ") {
                // `- related: string` on the end of the line.
                if let Some((other, ty)) = after.split_once(": ") {
                    squeezed = Some(property(other.trim(), ty.trim()));
                }
                rest = before.to_owned();
            }
            let rest = rest.trim_end_matches('-').trim();
            let mut text = rest.to_owned();
            let mut title = text.clone();
            if let Some((before, after)) = text.clone().split_once("Read Only:") {
                title = before.to_owned();
                let (flag, more) = after.split_at(
                    after
                        .find(|c: char| !c.is_ascii_lowercase())
                        .unwrap_or(after.len()),
                );
                field.facts.push(format!("Read Only: {flag}"));
                text = more.to_owned();
            } else if let Some((before, after)) = text.clone().split_once("Default Value:") {
                title = before.to_owned();
                // The default runs into the description: it ends where a capital letter starts
                // the description.
                let end = after
                    .char_indices()
                    .skip(1)
                    .find(|(_, c)| c.is_ascii_uppercase() || *c == ' ')
                    .map_or(after.len(), |(at, _)| at);
                field
                    .facts
                    .push(format!("Default Value: {}", &after[..end]));
                text = after[end..].to_owned();
            } else {
                text.clear();
            }
            field.facts.push(format!("Title: {}", title.trim()));
            if !text.trim().is_empty() {
                field.facts.push(norm(text.trim()));
            }
        } else if let Some(ty) = lines[i - 1].strip_prefix("- ") {
            field.ty = ty.to_owned();
        }
        out.push(field);
        out.extend(squeezed);
    }
    out
}

#[test]
fn mintlify_page_has_every_fact_of_seed_003() {
    let docs = docs_of("authlete");
    let page = docs.operation_page(
        "post",
        "/api/{serviceId}/client/authorization/update/{clientId}",
    );
    let seed = seed("authlete/client-authorization-update.txt");
    let lines: Vec<&str> = seed.lines().collect();
    let mut facts = Facts::default();

    // Method and path (one segment a line on the page).
    let method_at = lines
        .iter()
        .position(|line| *line == "POST")
        .unwrap_or_else(|| panic!("no method on the seed"));
    let sdk_at = lines
        .iter()
        .position(|line| line.ends_with("(SDK)"))
        .unwrap_or_else(|| panic!("no SDK example on the seed"));
    let path: String = lines[method_at + 1..sdk_at].concat();
    check_prose(
        &mut facts,
        page,
        &[format!("POST {path}"), "Rust (SDK)".to_owned()],
    );

    // The SDK example's values (not its placeholders) are in the Rust example.
    let call_start = lines
        .iter()
        .position(|line| line.contains("await"))
        .unwrap_or(sdk_at);
    let call_end = lines[call_start..]
        .iter()
        .position(|line| line.trim() == "});")
        .map_or(lines.len(), |at| call_start + at);
    let rust = rust_blocks(page).concat();
    for line in &lines[call_start..call_end] {
        for literal in line.split('"').skip(1).step_by(2) {
            if !literal.starts_with('<') {
                facts.check(
                    format!("SDK example value \"{literal}\""),
                    rust.contains(&format!("\"{literal}\"")),
                );
            }
        }
    }
    facts.check(
        "the Rust example is the one compiled by this test",
        rust_blocks(page)
            .iter()
            .any(|block| squash(block) == squash(client_authorization_update_example())),
    );

    // The response example: the JSON object after the SDK example.
    let json_start = lines
        .iter()
        .position(|line| *line == "{")
        .unwrap_or_else(|| panic!("no response example on the seed"));
    let json_end = lines[json_start..]
        .iter()
        .position(|line| *line == "}")
        .map_or(lines.len(), |at| json_start + at);
    let example: serde_json::Value = serde_json::from_str(&lines[json_start..=json_end].join("\n"))
        .unwrap_or_else(|err| panic!("the seed's response example: {err}"));
    let json_blocks = docs_support::code_blocks(page, "json");
    facts.check(
        format!("response example {example}"),
        json_blocks.iter().any(|block| {
            serde_json::from_str::<serde_json::Value>(block).ok() == Some(example.clone())
        }),
    );

    // Sections in order, then every field of each with its badges and description.
    let names = ["Authorizations", "Path Parameters", "Body", "Response"];
    let sections: Vec<String> = lines
        .iter()
        .filter(|line| names.contains(line))
        .map(|line| line.to_string())
        .collect();
    assert_eq!(sections.len(), 4, "sections of the seed");
    check_sections(&mut facts, page, &sections);
    let entries = entries(page);
    let fields = mintlify_fields(&lines[json_end..], &names);
    assert_eq!(fields.len(), 7, "fields of the seed: {fields:#?}");
    for field in &fields {
        facts.field(&entries, field, 1);
    }
    facts.report("003 authlete mintlify");
}

/// The fields of a Mintlify page's sections: a name line, a type line, optional location and
/// `required` lines, then the description's paragraphs.
fn mintlify_fields(lines: &[&str], sections: &[&str]) -> Vec<SeedField> {
    let is_type = |line: &str| {
        let word = line.trim_end_matches("[]");
        !line.is_empty()
            && word
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "<>-".contains(c))
            && matches!(
                word.split('<').next().unwrap_or(word),
                "string" | "integer" | "number" | "boolean" | "object" | "enum" | "file"
            )
    };
    let is_name = |line: &str| {
        !line.is_empty()
            && !sections.contains(&line)
            && line
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
    };
    let mut out: Vec<SeedField> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if is_name(line) && lines.get(i + 1).is_some_and(|next| is_type(next.trim())) {
            let mut field = SeedField {
                name: line.to_owned(),
                ty: lines[i + 1].trim().to_owned(),
                marks: Vec::new(),
                required_known: true,
                required: false,
                facts: Vec::new(),
            };
            i += 2;
            while let Some(mark) = lines.get(i).map(|l| l.trim()) {
                match mark {
                    "required" => field.required = true,
                    "header" | "query" | "path" | "cookie" => field.marks.push(mark.to_owned()),
                    _ => break,
                }
                i += 1;
            }
            out.push(field);
            continue;
        }
        if !line.is_empty() && !sections.contains(&line) {
            if let Some(field) = out.last_mut() {
                field.facts.push(norm(line));
            }
        }
        i += 1;
    }
    out
}

#[test]
fn docusaurus_page_has_every_fact_of_seed_004() {
    let docs = docs_of("sailpoint");
    let page = docs.operation_page("patch", "/personal-access-tokens/{id}");
    let seed = seed("sailpoint/patch-personal-access-token.txt");
    let lines: Vec<&str> = seed
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && *line != "Skip to main content")
        .collect();
    let mut facts = Facts::default();
    let fields = docusaurus_fields(&lines);
    assert_eq!(fields.len(), 14, "fields of the seed: {fields:#?}");
    let entries = entries(page);
    for field in &fields {
        facts.field(&entries, field, 1);
    }

    // The prose: title, description, body description, response description; the patchable
    // fields as a list; the array body between `Array [` and `]`.
    let in_fields: Vec<String> = fields.iter().flat_map(|f| f.facts.clone()).collect();
    let prose: Vec<String> = lines
        .iter()
        .filter(|line| docusaurus_head(line).is_none() && !line.starts_with('•'))
        .map(|line| norm(line))
        .filter(|line| !in_fields.contains(line) && line.as_str() != "Path Parameters")
        .collect();
    assert!(prose.len() >= 4, "prose of the seed: {prose:?}");
    check_prose(&mut facts, page, &prose);
    check_sections(&mut facts, page, &["Path Parameters".to_owned()]);
    let items: Vec<String> = entries.iter().map(|entry| norm(&entry.head)).collect();
    for bullet in lines
        .iter()
        .filter(|line| docusaurus_head(line).is_none())
        .filter_map(|line| line.strip_prefix('•'))
    {
        let bullet = bullet.trim();
        facts.check(
            format!("list item \"{bullet}\""),
            items
                .iter()
                .any(|item| item.strip_prefix("- ").unwrap_or(item) == bullet),
        );
    }
    facts.report("004 sailpoint docusaurus");
}

/// A docusaurus field heading: `name type` with `nullable` and `required` run on (`scope
/// string[]nullablerequired`), maybe a list item: name, type, nullable, required.
fn docusaurus_head(line: &str) -> Option<(String, String, bool, bool)> {
    let line = line.trim_start_matches('•').trim();
    let (name, rest) = line.split_once(' ')?;
    if rest.contains(' ') || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let (rest, required) = match rest.strip_suffix("required") {
        Some(rest) => (rest, true),
        None => (rest, false),
    };
    let (ty, nullable) = match rest.strip_suffix("nullable") {
        Some(rest) => (rest, true),
        None => (rest, false),
    };
    let base = ty.trim_end_matches("[]");
    matches!(
        base,
        "string"
            | "integer"
            | "number"
            | "boolean"
            | "object"
            | "date-time"
            | "date"
            | "int64"
            | "int32"
            | "uri"
            | "email"
            | "uuid"
    )
    .then(|| (name.to_owned(), ty.to_owned(), nullable, required))
}

fn docusaurus_fields(lines: &[&str]) -> Vec<SeedField> {
    let mut out: Vec<SeedField> = Vec::new();
    // Whether the last field is still being described, and whether its one-paragraph
    // description has been read (only an example may follow it).
    let mut open = false;
    let mut described = false;
    for line in lines {
        if let Some((name, ty, nullable, required)) = docusaurus_head(line) {
            out.push(SeedField {
                name,
                ty,
                marks: if nullable {
                    vec!["nullable".to_owned()]
                } else {
                    Vec::new()
                },
                required_known: true,
                required,
                facts: Vec::new(),
            });
            open = true;
            described = false;
            continue;
        }
        let Some(field) = out.last_mut().filter(|_| open && !line.starts_with('•')) else {
            open = false;
            continue;
        };
        if let Some(values) = line
            .strip_prefix("Possible values: [")
            .and_then(|rest| rest.strip_suffix(']'))
        {
            field.facts.push("Possible values:".to_owned());
            field
                .facts
                .extend(values.split(',').map(|value| value.trim().to_owned()));
        } else if line.starts_with("Default value:") || line.starts_with("Example:") {
            field.facts.push(norm(line));
        } else if described {
            open = false;
        } else {
            field.facts.push(norm(line));
            described = true;
        }
    }
    out
}

#[test]
fn every_summary_link_is_a_generated_page_and_every_page_is_linked() {
    let inputs = inputs();
    let files = generate::generate(&inputs).unwrap_or_else(|err| panic!("{err}"));
    let book = files
        .get("docs/book.toml")
        .unwrap_or_else(|| panic!("no docs/book.toml"));
    assert!(
        book.lines().any(|line| line.trim() == "src = \"..\""),
        "the book's source folder is the output root:\n{book}"
    );
    assert!(book.contains("create-missing = false"), "{book}");
    let summary = files
        .get("SUMMARY.md")
        .unwrap_or_else(|| panic!("no SUMMARY.md at the output root (the book's source folder)"));
    let links: Vec<&str> = summary
        .lines()
        .filter_map(|line| line.split_once("](").map(|(_, rest)| rest))
        .filter_map(|rest| rest.split_once(')').map(|(link, _)| link))
        .filter(|link| !link.is_empty())
        .collect();
    for link in &links {
        assert!(
            files.get(link).is_some(),
            "SUMMARY.md links {link}, which is not generated"
        );
    }
    let pages: Vec<&str> = files
        .iter()
        .map(|(path, _)| path)
        .filter(|path| path.contains("/docs/") && path.ends_with(".md"))
        .collect();
    assert!(pages.len() >= 14, "docs pages: {pages:?}");
    for page in &pages {
        assert!(links.contains(page), "SUMMARY.md does not link {page}");
    }
    for api in ["fimidara", "awx", "authlete", "sailpoint"] {
        assert!(
            pages
                .iter()
                .any(|page| page.starts_with(&format!("{api}/docs/operations/"))),
            "no operation pages for {api}"
        );
    }
    // Links between pages resolve too (model pages link each other as `../models/x.md`).
    for (path, contents) in files.iter().filter(|(path, _)| pages.contains(path)) {
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
        let first = docs::emit(&api, &inputs.templates).unwrap_or_else(|err| panic!("{err}"));
        let second = docs::emit(&api, &inputs.templates).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(first, second, "{}", spec.file);
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
            }
        }
    }
}
