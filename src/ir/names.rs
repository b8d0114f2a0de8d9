//! Names are decided here, once: wire names become Rust identifiers that are valid, idiomatic,
//! escaped for keywords and unique within their scope. Emitters never convert case themselves.

use foldhash::HashSet;
use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use serde::Serialize;

/// A wire name and its Rust spelling in the scope it was decided for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Name {
    /// The name on the wire or in the spec (`providedResourceId`, `4XX`, `OAuth2TokenDetail`).
    pub wire: String,
    /// The Rust identifier (`provided_resource_id`, `r#type`, `OAuth2TokenDetail`).
    pub rust: String,
}

impl Name {
    /// The identifier without a raw prefix (`type` for `r#type`), for composing other names.
    pub fn bare(&self) -> &str {
        self.rust.strip_prefix("r#").unwrap_or(&self.rust)
    }
}

/// Keywords that can be used as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static",
    "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
    "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore (`self_`).
const PLAIN_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names the generated code itself relies on: a schema with one of these names is renamed
/// so that it does not shadow the standard prelude or the crate's own helpers.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Box",
    "Vec",
    "String",
    "Default",
    "Clone",
    "Debug",
    "PartialEq",
    "Serialize",
    "Deserialize",
    "Nullable",
    "Value",
    "Map",
    // What a models crate re-exports from the runtime.
    "FilePart",
    "Base64Bytes",
];

/// The identifiers already taken in one scope (a crate's types, a struct's fields, an enum's
/// variants), handing out unique ones deterministically: the first claimant of a spelling keeps
/// it, later ones get `2`, `3`, … appended.
#[derive(Debug, Default)]
pub struct Scope {
    taken: HashSet<String>,
    snake: bool,
}

impl Scope {
    /// A scope of UpperCamelCase identifiers (types, variants).
    pub fn camel() -> Self {
        Scope {
            taken: HashSet::default(),
            snake: false,
        }
    }

    /// A scope of snake_case identifiers (fields, functions).
    pub fn snake() -> Self {
        Scope {
            taken: HashSet::default(),
            snake: true,
        }
    }

    /// Takes `ident` or the first free numbered spelling of it.
    pub fn claim(&mut self, ident: String) -> String {
        if self.taken.insert(bare(&ident).to_owned()) {
            return ident;
        }
        let base = bare(&ident).to_owned();
        (2..)
            .map(|n| {
                if self.snake && !base.ends_with('_') {
                    format!("{base}_{n}")
                } else if self.snake {
                    format!("{base}{n}")
                } else {
                    // `Self_` is UpperCamelCase, `Self_2` is not: the number replaces the `_`.
                    format!("{}{n}", base.trim_end_matches('_'))
                }
            })
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or(base)
    }

    /// Marks `ident` as taken without naming anything (names the emitter uses itself).
    pub fn reserve(&mut self, ident: &str) {
        self.taken.insert(ident.to_owned());
    }
}

fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Replaces everything but ASCII letters and digits with word breaks, so that case conversion
/// sees `messaging.v1.service` as three words and never yields a non-ASCII identifier.
fn ascii_words(wire: &str) -> String {
    wire.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// An UpperCamelCase identifier for a type or variant (`2fa` → `V2fa`, `Self` → `Self_`).
pub fn camel_ident(wire: &str, digit_prefix: &str, empty: &str) -> String {
    let mut ident = ascii_words(wire).to_upper_camel_case();
    if ident.is_empty() {
        ident = empty.to_owned();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident = format!("{digit_prefix}{ident}");
    }
    escape_keyword(ident)
}

/// A type name: UpperCamelCase, and never one of the names generated code relies on.
pub fn type_ident(wire: &str) -> String {
    let ident = camel_ident(wire, "T", "Unnamed");
    if RESERVED_TYPES.contains(&ident.as_str()) {
        format!("{ident}Model")
    } else {
        ident
    }
}

/// A type name's part after its parent's (`self` → `Self`, in `ListSelfItem`): UpperCamelCase
/// but not escaped, since a keyword or a reserved name inside a longer name is neither; the
/// whole name is checked with [`type_name`]. Escaping each part would leave an `_` inside
/// the name (`ListSelf_Item`), which is not UpperCamelCase.
pub fn type_part(wire: &str) -> String {
    let ident = ascii_words(wire).to_upper_camel_case();
    if ident.is_empty() {
        "Unnamed".to_owned()
    } else if ident.starts_with(|c: char| c.is_ascii_digit()) {
        format!("T{ident}")
    } else {
        ident
    }
}

/// A type name made of parts (`Self_` + `Request`, `List` + [`type_part`] + `Item`) as one
/// UpperCamelCase identifier: without the `_` an escaped part ends with (`SelfRequest`, not
/// `Self_Request`, which is not UpperCamelCase), and escaped if it is a whole keyword or
/// reserved name.
pub fn type_name(ident: &str) -> String {
    let joined: String = ident.chars().filter(|&c| c != '_').collect();
    if joined.is_empty() {
        return ident.to_owned();
    }
    if RESERVED_TYPES.contains(&joined.as_str()) {
        format!("{joined}Model")
    } else {
        escape_keyword(joined)
    }
}

/// An enum variant name.
pub fn variant_ident(wire: &str) -> String {
    camel_ident(wire, "V", "Empty")
}

/// A snake_case identifier for a field or function (`fooBar` → `foo_bar`, `type` → `r#type`).
pub fn snake_ident(wire: &str) -> String {
    let mut ident = ascii_words(wire).to_snake_case();
    if ident.is_empty() {
        ident = "empty".to_owned();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident = format!("_{ident}");
    }
    escape_keyword(ident)
}

/// A snake_case identifier as the end of a longer one (`default_` + it): without `r#`, and
/// without the `_` a leading digit is escaped with (`_1st`), which would make `default__1st`,
/// not snake_case. Distinct identifiers of one scope stay distinct: only those starting with a
/// digit start with `_`.
pub fn suffix(ident: &str) -> &str {
    let ident = ident.strip_prefix("r#").unwrap_or(ident);
    match ident.strip_prefix('_') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => rest,
        _ => ident,
    }
}

/// A kebab-case file name for a page (`updateClientAssignedToken` → `update-client-assigned-token`).
pub fn kebab_name(wire: &str) -> String {
    ascii_words(wire).to_kebab_case()
}

/// An API's crate: the package name (`awx-models`) and the library name Rust code uses
/// (`awx_models`).
pub fn crate_name(api: &str, suffix: &str) -> Name {
    Name {
        wire: format!("{api}-{suffix}"),
        rust: format!("{}_{suffix}", api.replace('-', "_")),
    }
}

fn escape_keyword(ident: String) -> String {
    if PLAIN_KEYWORDS.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if RAW_KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_keywords() {
        assert_eq!(snake_ident("type"), "r#type");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(snake_ident("crate"), "crate_");
        assert_eq!(type_ident("Self"), "Self_");
        assert_eq!(type_ident("Result"), "ResultModel");
    }

    #[test]
    fn composed_type_names_stay_upper_camel_case() {
        // Found by tests/totality.rs: a path parameter `self` made `ListSelf_Item`.
        assert_eq!(
            type_name(&format!("List{}Item", type_part("self"))),
            "ListSelfItem"
        );
        assert_eq!(
            type_name(&format!("{}Request", type_ident("Self"))),
            "SelfRequest"
        );
        assert_eq!(type_name("Self_"), "Self_");
        assert_eq!(type_name("Option"), "OptionModel");
        let mut types = Scope::camel();
        assert_eq!(types.claim(type_ident("Self")), "Self_");
        assert_eq!(types.claim(type_ident("self")), "Self2");
        // The runtime's types a models crate re-exports.
        assert_eq!(type_ident("FilePart"), "FilePartModel");
    }

    #[test]
    fn suffixes_are_snake_case() {
        // Found by tests/totality.rs: `handle__1op`, `default__1st`.
        assert_eq!(suffix(&snake_ident("1op")), "1op");
        assert_eq!(suffix(&snake_ident("type")), "type");
        assert_eq!(suffix(&snake_ident("fooBar")), "foo_bar");
    }

    #[test]
    fn converts_case_of_odd_names() {
        assert_eq!(
            type_ident("messaging.v1.service.alpha_sender"),
            "MessagingV1ServiceAlphaSender"
        );
        assert_eq!(variant_ident("2fa"), "V2fa");
        assert_eq!(variant_ident(""), "Empty");
        assert_eq!(variant_ident("with space"), "WithSpace");
        assert_eq!(snake_ident("providedResourceId"), "provided_resource_id");
        assert_eq!(snake_ident("X-Rate-Limit"), "x_rate_limit");
    }

    #[test]
    fn scopes_number_collisions() {
        let mut fields = Scope::snake();
        assert_eq!(fields.claim(snake_ident("foo_bar")), "foo_bar");
        assert_eq!(fields.claim(snake_ident("fooBar")), "foo_bar_2");
        assert_eq!(fields.claim(snake_ident("FooBar")), "foo_bar_3");
        let mut variants = Scope::camel();
        assert_eq!(variants.claim(variant_ident("A")), "A");
        assert_eq!(variants.claim(variant_ident("a")), "A2");
    }
}
