//! What every Rust emitter shares: identifiers, type spellings, doc comments and printing.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::ir::{Api, FloatWidth, IntWidth, TypeRef};

/// An identifier token from an IR name (`r#type` becomes a raw identifier).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust spelling of a type use.
pub(crate) fn type_tokens(api: &Api, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String | TypeRef::FormattedString(_) => quote!(String),
        TypeRef::Integer(IntWidth::I32) => quote!(i32),
        TypeRef::Integer(IntWidth::I64) => quote!(i64),
        TypeRef::Number(FloatWidth::F32) => quote!(f32),
        TypeRef::Number(FloatWidth::F64) => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Uuid => quote!(uuid::Uuid),
        // Spelled by its path: the models and server crates both depend on the runtime.
        TypeRef::Base64Bytes => quote!(specforge_runtime::Base64Bytes),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Bytes => quote!(Vec<u8>),
        // The models crate re-exports it where a type holds one.
        TypeRef::File => quote!(FilePart),
        TypeRef::Array(inner) => {
            let inner = type_tokens(api, inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(api, inner);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Named(id) => {
            let name = ident(&api.type_def(*id).name.rust);
            quote!(#name)
        }
        // `crate::config` checks that it parses as a Rust type; settings made otherwise that do
        // not give one a compile error naming it, rather than another type.
        TypeRef::External(external) => external.path.parse::<TokenStream>().unwrap_or_else(|_| {
            let message = format!("not a Rust type: {}", external.path);
            quote!(compile_error!(#message))
        }),
    }
}

/// The named types a type use mentions.
pub(crate) fn named_in(ty: &TypeRef, out: &mut Vec<crate::ir::TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::Array(inner) | TypeRef::Map(inner) => named_in(inner, out),
        _ => {}
    }
}

/// Whether a type use needs chrono.
pub(crate) fn uses_chrono(ty: &TypeRef) -> bool {
    holds(ty, |leaf| matches!(leaf, TypeRef::DateTime | TypeRef::Date))
}

/// Whether a type use needs the uuid crate.
pub(crate) fn uses_uuid(ty: &TypeRef) -> bool {
    holds(ty, |leaf| matches!(leaf, TypeRef::Uuid))
}

/// Whether a type use holds the runtime's `Base64Bytes`.
pub(crate) fn uses_base64(ty: &TypeRef) -> bool {
    holds(ty, |leaf| matches!(leaf, TypeRef::Base64Bytes))
}

/// Whether a type use, or the items of the lists and maps it is, is a `leaf` type. Named
/// types are not followed: each is spelled, and checked, where it is defined.
fn holds(ty: &TypeRef, leaf: fn(&TypeRef) -> bool) -> bool {
    match ty {
        TypeRef::Array(inner) | TypeRef::Map(inner) => holds(inner, leaf),
        other => leaf(other),
    }
}

/// Doc comment lines from spec text: trailing space trimmed, indentation removed so that no
/// description turns into a doctest, bare code fences marked as text, and a paragraph that
/// follows a list or a quote without a blank line set apart.
pub(crate) fn doc_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    for line in text.trim().lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            let opening = !in_fence;
            in_fence = !in_fence;
            if opening && trimmed == "```" {
                lines.push(" ```text".to_owned());
                continue;
            }
        }
        let body = if in_fence { line.trim_end() } else { trimmed };
        // Indentation is gone, so a line after a list item that is not an item itself, or
        // after a quote that is not quoted itself, would read as the item's or the quote's
        // lazy continuation; spec text means a new paragraph there.
        let last = lines
            .last()
            .map(|last| last.trim_start())
            .unwrap_or_default();
        let lazy = (is_list_item(last) && !is_list_item(body))
            || (last.starts_with('>') && !body.starts_with('>'));
        if !in_fence && lazy && !body.is_empty() {
            lines.push(String::new());
        }
        lines.push(if body.is_empty() {
            String::new()
        } else {
            format!(" {}", body.replace("<br/>", "").trim_end())
        });
    }
    lines
}

/// Whether a line of markdown starts a list item (`- a`, `* a`, `+ a`, `1. a`, `1) a`).
fn is_list_item(line: &str) -> bool {
    if ["- ", "* ", "+ "]
        .iter()
        .any(|marker| line.starts_with(marker))
    {
        return true;
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    digits > 0
        && [". ", ") "]
            .iter()
            .any(|marker| line[digits..].starts_with(marker))
}

/// Doc lines from any number of paragraphs, with a blank line between paragraphs.
fn paragraph_lines<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs {
        if paragraph.trim().is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(doc_lines(paragraph));
    }
    lines
}

/// Outer doc attributes for an item, from any number of paragraphs.
pub(crate) fn docs<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> TokenStream {
    let lines = paragraph_lines(paragraphs)
        .into_iter()
        .map(|line| doc_line(&line));
    quote!(#(#[doc = #lines])*)
}

/// Inner doc attributes (`//!`) for a module or crate.
pub(crate) fn inner_docs<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> TokenStream {
    let lines = paragraph_lines(paragraphs)
        .into_iter()
        .map(|line| doc_line(&line));
    quote!(#(#![doc = #lines])*)
}

/// The string literal of one doc comment line. The printer writes `#[doc = "…"]` as `/// …`
/// from the literal's value, so the literal's spelling never reaches the file; a raw string
/// is spelled and read back without escaping each character ([`raw_string`]). A line the
/// printer would keep as an attribute (one starting with `/`, which `///` would turn into
/// `////`, or one over several lines) is an ordinary escaped string.
pub(crate) fn doc_line(line: &str) -> proc_macro2::Literal {
    if line.starts_with('/') || line.contains('\n') {
        return proc_macro2::Literal::string(line);
    }
    raw_string(line).unwrap_or_else(|| proc_macro2::Literal::string(line))
}

/// `text` as a raw string literal (`r"…"`, or `r#"…"#` with as many `#` as it takes when the
/// text holds a quote), or `None` if a raw string cannot hold it (a carriage return). proc-macro2
/// escapes an ordinary string one character at a time and syn reads it back one character at a
/// time, twice; a raw string is copied, and JSON in it reads as JSON.
pub(crate) fn raw_string(text: &str) -> Option<proc_macro2::Literal> {
    if text.contains('\r') {
        return None;
    }
    let mut hashes = String::new();
    if text.contains('"') {
        hashes.push('#');
        while text.contains(&format!("\"{hashes}")) {
            hashes.push('#');
        }
    }
    format!("r{hashes}\"{text}\"{hashes}").parse().ok()
}

/// Prints a token stream as a formatted Rust file, with a blank line between items (but not
/// between consecutive `use` declarations), as a person would lay it out.
pub(crate) fn print_file(path: &str, tokens: TokenStream) -> Result<String> {
    print_file_of(path, tokens, std::iter::empty())
}

/// Prints a file as [`print_file`] does, from its head (inner attributes and `use`s) and then
/// its items, each made, printed and dropped before the next is made: the tokens and syntax
/// tree of a large file (Stripe's `types.rs` is 94,000 lines) are never all held at once.
pub(crate) fn print_file_of(
    path: &str,
    head: TokenStream,
    items: impl Iterator<Item = TokenStream>,
) -> Result<String> {
    let mut printer = Printer::new(path, head)?;
    for tokens in items {
        for item in parse(path, tokens)?.items {
            printer.push(&printed(item));
        }
    }
    Ok(printer.out)
}

/// Prints a file as [`print_file_of`] does, with the items `item` makes of each of `parts`, made
/// and printed on every core: the tokens of a part are made on the thread that prints them
/// (token streams cannot cross threads), and the printed items are put together in the parts'
/// order, so the file is the one a single thread prints.
pub(crate) fn print_file_par<T: Sync>(
    path: &str,
    head: TokenStream,
    parts: &[T],
    item: impl Fn(&T) -> TokenStream + Sync,
) -> Result<String> {
    let mut printer = Printer::new(path, head)?;
    let each: Vec<Result<Vec<Printed>>> = parts
        .par_iter()
        .map(|part| {
            Ok(parse(path, item(part))?
                .items
                .into_iter()
                .map(printed)
                .collect())
        })
        .collect();
    for items in each {
        for item in items? {
            printer.push(&item);
        }
    }
    Ok(printer.out)
}

/// The syntax tree of tokens meant to be the file `path`.
fn parse(path: &str, tokens: TokenStream) -> Result<syn::File> {
    syn::parse2(tokens).map_err(|err| Error::Emit {
        file: path.to_owned(),
        message: err.to_string(),
    })
}

/// One item printed: its text, and whether it is a `use` (consecutive ones are not set apart).
struct Printed {
    is_use: bool,
    text: String,
}

fn printed(item: syn::Item) -> Printed {
    Printed {
        is_use: matches!(item, syn::Item::Use(_)),
        text: prettyplease::unparse(&syn::File {
            shebang: None,
            attrs: Vec::new(),
            items: vec![item],
        }),
    }
}

/// A Rust file printed so far.
struct Printer {
    out: String,
    previous_was_use: bool,
}

impl Printer {
    /// The file's head printed: its inner attributes, then its items.
    fn new(path: &str, head: TokenStream) -> Result<Self> {
        let head = parse(path, head)?;
        let mut printer = Printer {
            out: prettyplease::unparse(&syn::File {
                shebang: None,
                attrs: head.attrs,
                items: Vec::new(),
            }),
            previous_was_use: false,
        };
        for item in head.items {
            printer.push(&printed(item));
        }
        Ok(printer)
    }

    /// An item after those printed, a blank line before it unless both are `use`s.
    fn push(&mut self, item: &Printed) {
        let same_use_group = item.is_use && self.previous_was_use;
        if !(self.out.is_empty() || same_use_group) {
            self.out.push('\n');
        }
        self.previous_was_use = item.is_use;
        self.out.push_str(&item.text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_doc_line_prints_as_the_same_comment_as_an_escaped_string() {
        for line in [
            "",
            " Plain text.",
            " Quoted \"words\" and \"# a hash after a quote, \"## two.",
            " Back\\slashes \\n, tabs\tand unicode: é, 漢字, \u{200b}, \u{0}.",
            "/ starts with a slash",
            " trailing spaces   ",
            " a carriage\rreturn",
        ] {
            let raw = doc_line(line);
            let escaped = proc_macro2::Literal::string(line);
            let print = |literal| print_file("t.rs", quote!(#[doc = #literal] pub struct T;));
            assert_eq!(print(raw).unwrap(), print(escaped).unwrap(), "{line:?}");
        }
        assert_eq!(doc_line(" Plain.").to_string(), "r\" Plain.\"");
        assert_eq!(doc_line(" \"#").to_string(), "r##\" \"#\"##");
        assert_eq!(doc_line("/x").to_string(), "\"/x\"");
    }

    #[test]
    fn text_after_a_list_is_its_own_paragraph() {
        let lines =
            doc_lines("Rules:\n* One.\n  * Two.\n*Not an item.\n1. First\nAfter.\n> Quoted\n|");
        assert_eq!(
            lines,
            [
                " Rules:",
                " * One.",
                " * Two.",
                "",
                " *Not an item.",
                " 1. First",
                "",
                " After.",
                " > Quoted",
                "",
                " |",
            ]
        );
    }

    #[test]
    fn fenced_code_stays_as_written() {
        let lines = doc_lines("- a\n```\n  code\n```");
        assert_eq!(lines, [" - a", " ```text", "   code", " ```"]);
    }
}
