//! The facts of the seed pages (`specs/pages/`) and the checks that a generated page holds
//! them, shared by the docs fidelity test (docs of the committed specs) and the seed facts test
//! (docs of each seed's pages imported without their overlay).
//!
//! - 000 (markdoc) and 002 (sdk-model, outside its example code block) are markdown: after
//!   normalising whitespace and table padding, at least 95% of their lines must be the same
//!   (a difflib-style ratio, 2·M/T with M the longest common subsequence of lines).
//! - 001 (oracle-rest), 003 (mintlify) and 004 (docusaurus) are the text of HTML pages: every fact
//!   on them (each field with its type, required and nullable marks, title, read-only flag,
//!   default, possible values, example and description, the prose, the section headings in
//!   order, the response example) is read from the seed text and must appear in the generated
//!   page, a field's facts in that field's own list entry.

use super::{
    code_blocks, entries, headings, line_ratio, norm, rust_blocks, squash, strip_code_blocks,
    unified_diff, Entry,
};

/// The least share of a markdown seed's lines the generated page must have.
pub const LINE_RATIO: f64 = 0.95;

/// Asserts that `generated` has at least `minimum` of the seed's lines, printing the ratio and,
/// on failure, the diff.
pub fn assert_lines_match(seed_name: &str, seed: &str, generated: &str, minimum: f64) {
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

/// Seed 000 (markdoc): the generated operation page has at least [`LINE_RATIO`] of its lines.
pub fn check_markdoc_000(name: &str, seed: &str, page: &str) {
    assert_lines_match(name, seed, page, LINE_RATIO);
}

/// What a generated page's Rust example is checked against.
#[derive(Debug, Clone, Copy)]
pub enum RustExample<'a> {
    /// This code, which the caller compiles against the generated models crate: the example of
    /// the committed spec's docs, written by hand, with the type names, parameter examples and
    /// `Nullable` fields the spec has.
    Compiled(&'a str),
    /// Only the values of the seed's own example. The rest of the compiled example is not a
    /// fact of the page: the seeds name neither the body's type (003) nor the operation its
    /// path type is named after, show placeholders (`"<id>"`) for the path parameters, and mark
    /// no field nullable (the overlay reads `null` as a valid value from the descriptions, where
    /// the vendor's own spec marks none). What the page does state of the example, its values,
    /// is checked in both cases.
    SeedValues,
}

/// Seed 002 (sdk-model): outside the example code block the generated model page has at least
/// [`LINE_RATIO`] of its lines, and the page has one Rust example (the seed's is TypeScript),
/// as `example` says.
pub fn check_sdk_model_002(name: &str, seed: &str, page: &str, example: RustExample) {
    assert_lines_match(
        name,
        &strip_code_blocks(seed),
        &strip_code_blocks(page),
        LINE_RATIO,
    );
    let blocks = rust_blocks(page);
    assert_eq!(blocks.len(), 1, "one Rust example on the page:\n{page}");
    match example {
        RustExample::Compiled(example) => assert_eq!(squash(&blocks[0]), squash(example)),
        RustExample::SeedValues => {
            // The example's values: the string literals after its `import` lines.
            let typescript = code_blocks(seed, "typescript").concat();
            let literals: Vec<&str> = typescript
                .lines()
                .filter(|line| !line.trim_start().starts_with("import "))
                .flat_map(|line| line.split('"').skip(1).step_by(2))
                .collect();
            assert!(!literals.is_empty(), "no values in the seed's example");
            for literal in literals {
                assert!(
                    blocks[0].contains(&format!("\"{literal}\"")),
                    "{name}: the seed's example value \"{literal}\" is not in the Rust example:\n{}",
                    blocks[0]
                );
            }
        }
    }
}

/// Facts checked and missed.
#[derive(Default)]
pub struct Facts {
    pub checked: usize,
    pub missed: usize,
    pub missing: Vec<String>,
}

impl Facts {
    pub fn check(&mut self, fact: impl Into<String>, found: bool) {
        self.count(fact, 1, found);
    }

    /// Counts `atoms` facts that stand or fall together.
    pub fn count(&mut self, fact: impl Into<String>, atoms: usize, found: bool) {
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
    pub fn field(&mut self, entries: &[Entry], field: &SeedField, times: usize) {
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

    pub fn report(&self, name: &str) {
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
pub struct SeedField {
    pub name: String,
    /// The type as the page spells it.
    pub ty: String,
    /// Words the entry's heading must have besides name and type (`nullable`, `header`).
    pub marks: Vec<String>,
    /// Whether the page shows required marks at all, and whether this field has one.
    pub required_known: bool,
    pub required: bool,
    /// Normalised text the field's entry must hold.
    pub facts: Vec<String>,
}

/// The section headings of a page must include these, in this order.
pub fn check_sections(facts: &mut Facts, page: &str, sections: &[String]) {
    let found = headings(page);
    let mut rest = found.iter();
    for section in sections {
        let present = rest.any(|heading| heading.contains(section.as_str()));
        facts.check(format!("section heading \"{section}\" (in order)"), present);
    }
}

/// Each prose fact appears in the page's text.
pub fn check_prose(facts: &mut Facts, page: &str, prose: &[String]) {
    let text = norm(page);
    for sentence in prose {
        facts.check(
            format!("text \"{sentence}\""),
            text.contains(sentence.as_str()),
        );
    }
}

/// Seed 001 (oracle-rest): the facts of the seed found in the generated operation page.
pub fn oracle_rest_001_facts(seed: &str, page: &str) -> Facts {
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
    facts
}

/// The properties of the seed's root schemas: `name:` then the type, then `Title:` and a line
/// that runs title, `Read Only:true`, `Default Value:…` and description together (`- related:
/// string` is squeezed onto the end of the line before it).
pub fn oracle_properties(lines: &[&str]) -> Vec<SeedField> {
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

/// Seed 003 (mintlify): the facts of the seed found in the generated operation page, whose
/// Rust example is checked as `example` says.
pub fn mintlify_003_facts(seed: &str, page: &str, example: RustExample) -> Facts {
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
    if let RustExample::Compiled(example) = example {
        facts.check(
            "the Rust example is the one compiled by this test",
            rust_blocks(page)
                .iter()
                .any(|block| squash(block) == squash(example)),
        );
    }

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
    let json_blocks = code_blocks(page, "json");
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
    facts
}

/// The fields of a Mintlify page's sections: a name line, a type line, optional location and
/// `required` lines, then the description's paragraphs.
pub fn mintlify_fields(lines: &[&str], sections: &[&str]) -> Vec<SeedField> {
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

/// Seed 004 (docusaurus): the facts of the seed found in the generated operation page.
pub fn docusaurus_004_facts(seed: &str, page: &str) -> Facts {
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
    facts
}

/// A docusaurus field heading: `name type` with `nullable` and `required` run on (`scope
/// string[]nullablerequired`), maybe a list item: name, type, nullable, required.
pub fn docusaurus_head(line: &str) -> Option<(String, String, bool, bool)> {
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

pub fn docusaurus_fields(lines: &[&str]) -> Vec<SeedField> {
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
