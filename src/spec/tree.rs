//! Reading a document's text into a YAML tree, once.
//!
//! `serde_yaml::Value` refuses integers beyond 64 bits, which real documents write (OpenAI's
//! `minimum: -9223372036854776000`, a rounded `i64::MIN`); this reader keeps such a number as
//! the nearest float, so that the document loads and normalisation can say what it means.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_yaml::{Mapping, Number, Value};

use crate::error::Error;

/// Parses YAML (or JSON) text into a tree. Text that starts as a JSON object is read by the
/// JSON reader, which reads it about ten times faster than the YAML reader (GitHub's 4 MiB
/// document: 11 ms against 140); text that turns out not to be JSON is read as YAML, which
/// also reads JSON, and whose error says where the text is wrong.
pub(super) fn parse(text: &str) -> Result<Value, serde_yaml::Error> {
    if text.trim_start().starts_with('{') {
        if let Some(tree) = json_parts::parse(text, read_json) {
            return Ok(tree);
        }
        if let Some(tree) = read_json(text) {
            return Ok(tree);
        }
    }
    if let Some(tree) = parts::parse(text, read_yaml) {
        return Ok(tree);
    }
    read_yaml(text)
}

/// The tree of JSON text that is one value and nothing after it; `None` for any other text.
fn read_json(text: &str) -> Option<Value> {
    let mut json = serde_json::Deserializer::from_str(text);
    let Node(tree) = Node::deserialize(&mut json).ok()?;
    json.end().ok()?;
    Some(tree)
}

fn read_yaml(text: &str) -> Result<Value, serde_yaml::Error> {
    Node::deserialize(serde_yaml::Deserializer::from_str(text)).map(|node| node.0)
}

/// Reading a large block-style YAML document in parts, on every core: the YAML reader is one
/// thread's work, about half of loading Stripe's 4 MiB document.
///
/// The document is cut, by its lines, into runs of whole entries of its mappings (`paths:`'s
/// paths, `components:` / `schemas:`'s schemas), each of which is YAML on its own; the parts
/// are read at once and put together by the keys above them. Only a document where that reads
/// exactly what the whole would is read so: every line indented with spaces, no document
/// markers or directives, the keys a part lies under plain words, each key once. A part that
/// does not read (an alias of an anchor in another part, a quoted text or a flow collection
/// cut through) sends the whole document to the YAML reader, whose error, if it has one,
/// says where.
mod parts {
    use std::collections::HashSet;

    use rayon::prelude::*;
    use serde_yaml::{Mapping, Value};

    /// Below this a document is read in one piece: cutting it would save less than it costs.
    /// The fuzzer's inputs are smaller (128 KiB at most), so that it reads them in parts too.
    const FROM: usize = if cfg!(fuzzing) { 1024 } else { 256 * 1024 };
    type Reader = fn(&str) -> Result<Value, serde_yaml::Error>;

    /// About how many parts a document is cut into.
    const PARTS: usize = 32;
    /// How deep a document read in parts may nest, well inside the 128 levels the YAML reader
    /// allows: one nested deeper is read whole, so that it fails as it always has.
    const SHALLOW: usize = 112;
    /// How many levels of keys the parts may lie under (`components` / `schemas`).
    const LEVELS: usize = 3;

    /// A run of whole entries of one mapping: the keys of the mappings it lies in, outermost
    /// first, and its text.
    struct Part<'t> {
        path: Vec<&'t str>,
        text: &'t str,
    }

    /// One line: where it starts and ends in the text, its indentation, and whether it holds
    /// anything but blanks and a comment.
    #[derive(Clone, Copy)]
    struct Line {
        start: usize,
        end: usize,
        indent: usize,
        content: bool,
    }

    /// The tree of `text`, each part read by `read`; `None` to read it whole.
    pub(super) fn parse(text: &str, read: Reader) -> Option<Value> {
        if text.len() < FROM {
            return None;
        }
        let lines = lines(text)?;
        let mut parts = Vec::new();
        let first = lines.iter().position(|line| line.content)?;
        if lines[first].indent != 0 {
            return None;
        }
        let mut cutter = Cutter {
            text,
            lines: &lines,
            target: text.len() / PARTS,
            parts: &mut parts,
            nested: HashSet::new(),
        };
        cutter.cut(first, lines.len(), 0, &mut Vec::new())?;
        if parts.len() < 2 {
            return None;
        }
        let read: Vec<Option<Mapping>> = parts
            .par_iter()
            .map(|part| match read(part.text) {
                Ok(Value::Mapping(map)) if shallow(&map, SHALLOW - part.path.len()) => Some(map),
                _ => None,
            })
            .collect();
        let mut root = Mapping::new();
        // The mappings made for the keys parts lie under, by their path: any other key met
        // twice is the document's own, left to the YAML reader.
        let mut made: HashSet<&[&str]> = HashSet::new();
        for (part, map) in parts.iter().zip(read) {
            let mut target = &mut root;
            for (depth, key) in part.path.iter().enumerate() {
                let key = Value::String((*key).to_owned());
                let fresh = !target.contains_key(&key);
                if !fresh && !made.contains(&part.path[..=depth]) {
                    return None;
                }
                made.insert(&part.path[..=depth]);
                target = match target
                    .entry(key)
                    .or_insert_with(|| Value::Mapping(Mapping::new()))
                {
                    Value::Mapping(inner) => inner,
                    _ => return None,
                };
            }
            for (key, value) in map? {
                // A key the document names twice is left to the YAML reader.
                if target.insert(key, value).is_some() {
                    return None;
                }
            }
        }
        Some(Value::Mapping(root))
    }

    /// The document's lines; `None` for one this reader leaves alone.
    fn lines(text: &str) -> Option<Vec<Line>> {
        let mut lines = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let end = start + line.len();
            let body = match line.strip_suffix('\n') {
                Some(body) => body.strip_suffix('\r').unwrap_or(body),
                None => line,
            };
            // The YAML reader also breaks lines at a lone CR, NEL, LS and PS, and skips a BOM
            // at the start of any line, where these lines would not see them.
            let after_bom = if start == 0 {
                body.strip_prefix('\u{feff}').unwrap_or(body)
            } else {
                body
            };
            if after_bom.contains(['\r', '\u{85}', '\u{2028}', '\u{2029}', '\u{feff}']) {
                return None;
            }
            let indent = body.len() - body.trim_start_matches(' ').len();
            let rest = &body[indent..];
            if rest.starts_with('\t') {
                return None;
            }
            if indent == 0
                && (rest.starts_with("---") || rest.starts_with("...") || rest.starts_with('%'))
            {
                return None;
            }
            let content = !(rest.trim().is_empty() || rest.starts_with('#'));
            lines.push(Line {
                start,
                end,
                indent,
                content,
            });
            start = end;
        }
        Some(lines)
    }

    struct Cutter<'a, 't> {
        text: &'t str,
        lines: &'a [Line],
        target: usize,
        parts: &'a mut Vec<Part<'t>>,
        /// The paths of the keys cut below, each once.
        nested: HashSet<Vec<&'t str>>,
    }

    impl<'t> Cutter<'_, 't> {
        /// Cuts the entries of the mapping indented `indent` on lines `from..to` into parts.
        fn cut(
            &mut self,
            from: usize,
            to: usize,
            indent: usize,
            path: &mut Vec<&'t str>,
        ) -> Option<()> {
            // The mapping's entries: each starts at a line of its indentation that is not an
            // item of a list written at the same indentation as its key.
            let mut entries = Vec::new();
            for index in from..to {
                let line = self.lines[index];
                if !line.content || line.indent > indent {
                    continue;
                }
                if line.indent < indent {
                    return None;
                }
                let rest = &self.text[line.start + indent..line.end];
                if rest.starts_with('-') && !entries.is_empty() {
                    continue;
                }
                if rest.starts_with(['-', '?', '[', '{', '&', '*', '!', '|', '>']) {
                    return None;
                }
                entries.push(index);
            }
            let mut group: Option<(usize, usize)> = None;
            for (at, &start) in entries.iter().enumerate() {
                let end = entries.get(at + 1).copied().unwrap_or(to);
                let size = self.lines[end - 1].end - self.lines[start].start;
                if size > self.target && path.len() < LEVELS {
                    if let Some((body, key)) = self.nested(start, end, indent) {
                        self.flush(group.take(), path);
                        path.push(key);
                        if !self.nested.insert(path.clone()) {
                            return None;
                        }
                        let inner = self.lines[body].indent;
                        self.cut(body, end, inner, path)?;
                        path.pop();
                        continue;
                    }
                }
                let (first, _) = group.unwrap_or((start, end));
                group = Some((first, end));
                if self.lines[end - 1].end - self.lines[first].start >= self.target {
                    self.flush(group.take(), path);
                }
            }
            self.flush(group, path);
            Some(())
        }

        /// The first line of the mapping the entry starting on line `start` holds, and its key,
        /// when the entry is a plain key alone on its line with a mapping below it.
        fn nested(&self, start: usize, end: usize, indent: usize) -> Option<(usize, &'t str)> {
            let line = self.lines[start];
            let header = self.text[line.start + indent..line.end].trim_end();
            let (key, after) = header.split_once(':')?;
            let after = after.trim_start();
            if !(after.is_empty() || after.starts_with('#')) || !plain(key) {
                return None;
            }
            let body = (start + 1..end).find(|&index| self.lines[index].content)?;
            let inner = self.lines[body];
            let rest = &self.text[inner.start + inner.indent..inner.end];
            (inner.indent > indent && !rest.starts_with('-')).then_some((body, key))
        }

        fn flush(&mut self, group: Option<(usize, usize)>, path: &[&'t str]) {
            if let Some((first, end)) = group {
                self.parts.push(Part {
                    path: path.to_vec(),
                    text: &self.text[self.lines[first].start..self.lines[end - 1].end],
                });
            }
        }
    }

    /// Whether `map` nests no more than `levels` mappings and lists deep, itself one of them.
    fn shallow(map: &Mapping, levels: usize) -> bool {
        fn within(value: &Value, levels: usize) -> bool {
            match value {
                Value::Mapping(map) => shallow(map, levels),
                Value::Sequence(items) => {
                    levels > 0 && items.iter().all(|item| within(item, levels - 1))
                }
                Value::Tagged(tagged) => within(&tagged.value, levels),
                _ => true,
            }
        }
        levels > 0 && map.values().all(|value| within(value, levels - 1))
    }

    /// A key the YAML reader reads as the text it is: a word of letters, digits and `_-./{}$`,
    /// starting with a letter, `/`, `_` or `$`, that is not a boolean or null.
    fn plain(key: &str) -> bool {
        key.starts_with(|c: char| c.is_ascii_alphabetic() || "/_$".contains(c))
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-./{}$".contains(c))
            && !["true", "false", "null", "yes", "no", "on", "off", "y", "n"]
                .contains(&key.to_ascii_lowercase().as_str())
    }
}

/// Reading a large JSON document in parts, on every core: the JSON reader is one thread's
/// work, most of the time it takes to load GitHub's 4 MiB document.
///
/// One pass of the JSON reader finds the text of each entry of `paths` and of each map of
/// `components` (`schemas`, `responses`, …) and of every other top-level value, without
/// reading them; the texts are then read at once, each by the JSON reader, and put together
/// in the document's order, a key met twice keeping its first place and its last value as the
/// whole reading does. A document the pass cannot cut (`paths` that is not an object, a
/// syntax error) or one nested near the reader's depth limit is read whole, so that it fails,
/// or not, as it always has.
mod json_parts {
    use std::fmt;

    use rayon::prelude::*;
    use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};
    use serde_json::value::RawValue;
    use serde_yaml::{Mapping, Value};

    /// Below this a document is read in one piece: cutting it would save less than it costs.
    const FROM: usize = if cfg!(fuzzing) { 1024 } else { 256 * 1024 };
    /// How deep a document read in parts may nest, well inside the 128 levels the JSON reader
    /// allows: one nested deeper is read whole.
    const SHALLOW: usize = 112;
    /// The maps of `components` whose entries are read one by one.
    const COMPONENT_MAPS: [&str; 10] = [
        "schemas",
        "responses",
        "parameters",
        "examples",
        "requestBodies",
        "headers",
        "securitySchemes",
        "links",
        "callbacks",
        "pathItems",
    ];

    /// A value as the pass leaves it: its text, or an object cut into its entries.
    enum Piece<'t> {
        Text(&'t RawValue),
        Object(Vec<(String, Piece<'t>)>),
    }

    /// The tree of `text`, each part read by `read`; `None` to read it whole.
    pub(super) fn parse(text: &str, read: fn(&str) -> Option<Value>) -> Option<Value> {
        if text.len() < FROM {
            return None;
        }
        let mut json = serde_json::Deserializer::from_str(text);
        let top = Object(Level::Top).deserialize(&mut json).ok()?;
        json.end().ok()?;
        let mut texts = Vec::new();
        top.texts(0, &mut texts);
        // The first part that does not read stops the others: the document is then read whole.
        let read: Vec<Value> = texts
            .par_iter()
            .map(|(raw, depth)| read(raw.get()).filter(|value| within(value, SHALLOW - depth)))
            .collect::<Option<_>>()?;
        top.tree(&mut read.into_iter())
    }

    impl<'t> Piece<'t> {
        /// The texts to read, in the document's order, each with how deep in it it lies.
        fn texts(&self, depth: usize, out: &mut Vec<(&'t RawValue, usize)>) {
            match self {
                Piece::Text(raw) => out.push((raw, depth)),
                Piece::Object(entries) => {
                    for (_, piece) in entries {
                        piece.texts(depth + 1, out);
                    }
                }
            }
        }

        /// The tree, each text's value taken from `read` in the order of [`Piece::texts`].
        fn tree(&self, read: &mut impl Iterator<Item = Value>) -> Option<Value> {
            match self {
                Piece::Text(_) => read.next(),
                Piece::Object(entries) => {
                    let mut map = Mapping::new();
                    for (key, piece) in entries {
                        map.insert(Value::String(key.clone()), piece.tree(read)?);
                    }
                    Some(Value::Mapping(map))
                }
            }
        }
    }

    /// Which object the pass is in, and so which of its values it cuts further.
    #[derive(Clone, Copy)]
    enum Level {
        Top,
        Paths,
        Components,
        ComponentMap,
    }

    impl Level {
        fn inner(self, key: &str) -> Option<Level> {
            match (self, key) {
                (Level::Top, "paths") => Some(Level::Paths),
                (Level::Top, "components") => Some(Level::Components),
                (Level::Components, map) if COMPONENT_MAPS.contains(&map) => {
                    Some(Level::ComponentMap)
                }
                _ => None,
            }
        }
    }

    /// Reads an object at a level: its entries' texts, or objects cut further.
    struct Object(Level);

    impl<'de> DeserializeSeed<'de> for Object {
        type Value = Piece<'de>;

        fn deserialize<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Piece<'de>, D::Error> {
            deserializer.deserialize_map(self)
        }
    }

    impl<'de> Visitor<'de> for Object {
        type Value = Piece<'de>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Piece<'de>, A::Error> {
            let mut entries = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                let piece = match self.0 {
                    Level::Paths | Level::ComponentMap => Piece::Text(map.next_value()?),
                    level => match level.inner(&key) {
                        Some(inner) => map.next_value_seed(Object(inner))?,
                        None => Piece::Text(map.next_value()?),
                    },
                };
                entries.push((key, piece));
            }
            Ok(Piece::Object(entries))
        }
    }

    /// Whether `value` nests no more than `levels` objects and arrays deep.
    fn within(value: &Value, levels: usize) -> bool {
        match value {
            Value::Mapping(map) => {
                levels > 0 && map.values().all(|value| within(value, levels - 1))
            }
            Value::Sequence(items) => {
                levels > 0 && items.iter().all(|item| within(item, levels - 1))
            }
            _ => true,
        }
    }
}

struct Node(Value);

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Node, E> {
        Ok(Node(Value::Bool(value)))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Node, E> {
        Ok(Node(Value::Number(value.into())))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Node, E> {
        Ok(Node(Value::Number(value.into())))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Node, E> {
        Ok(Node(Value::Number(match i64::try_from(value) {
            Ok(small) => small.into(),
            Err(_) => Number::from(value as f64),
        })))
    }

    fn visit_u128<E>(self, value: u128) -> Result<Node, E> {
        Ok(Node(Value::Number(match u64::try_from(value) {
            Ok(small) => small.into(),
            Err(_) => Number::from(value as f64),
        })))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Node, E> {
        Ok(Node(Value::Number(value.into())))
    }

    fn visit_str<E>(self, value: &str) -> Result<Node, E> {
        Ok(Node(Value::String(value.to_owned())))
    }

    fn visit_string<E>(self, value: String) -> Result<Node, E> {
        Ok(Node(Value::String(value)))
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node(Value::Null))
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        Node::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(Node(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node(Value::Sequence(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut mapping = Mapping::new();
        while let Some((Node(key), Node(value))) = map.next_entry()? {
            mapping.insert(key, value);
        }
        Ok(Node(Value::Mapping(mapping)))
    }
}

/// A syntax error of a file's text, at its line and column.
pub(super) fn syntax_error(file: &str, text: &str, err: &serde_yaml::Error) -> Error {
    let (line, column) = err
        .location()
        .map(|mark| (mark.line(), mark.column()))
        .unwrap_or((1, 1));
    Error::Syntax {
        file: file.to_owned(),
        line,
        column,
        message: err.to_string(),
        quoted: super::lines::source_column(text, line, column),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_beyond_64_bits_become_floats_and_the_rest_is_yaml() {
        let tree = parse("a: -9223372036854776000\nb: [1, 2.5, x, null, true]\nc: { d: e }")
            .expect("a tree");
        assert_eq!(tree["a"].as_f64(), Some(-9223372036854776000.0));
        let plain: Value =
            serde_yaml::from_str("b: [1, 2.5, x, null, true]\nc: { d: e }").expect("plain YAML");
        assert_eq!(tree["b"], plain["b"]);
        assert_eq!(tree["c"], plain["c"]);
    }

    #[test]
    fn json_is_read_as_the_yaml_reader_reads_it() {
        let text = r#"{"a": -9223372036854776000, "b": [1, -2, 2.5, "x", null, true],
            "c": {"d": "e\u00e9\/"}, "d": 1e3, "e": {},
            "f": [15.790164208041347, 0.30000000000000004, 1.7976931348623157e308]}"#;
        let yaml = Node::deserialize(serde_yaml::Deserializer::from_str(text))
            .expect("YAML reads JSON")
            .0;
        assert_eq!(parse(text).expect("a tree"), yaml);
        // Not JSON after all (a comment): read as YAML.
        let tree = parse("{\"a\": 1} # one").expect("YAML");
        assert_eq!(tree["a"].as_u64(), Some(1));
        let err = parse("{\"a\": [1, 2}").expect_err("neither");
        assert!(err.location().is_some());
    }

    /// A block-style document of `paths` large enough to be read in parts, with `extra`
    /// written under the first path.
    fn large_document(extra: &str) -> String {
        let mut text = String::from("openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n");
        for index in 0..3000 {
            text.push_str(&format!(
                "  /items/{index}:\n    get:\n      description: |\n        Item {index}.\n\n        # not a comment\n      tags:\n      - a\n      - \"b: {index}\"\n      responses:\n        '200':\n          description: OK\n"
            ));
            if index == 0 {
                text.push_str(extra);
            }
        }
        text.push_str("components:\n  schemas:\n    A: {type: string}\n");
        text
    }

    #[test]
    fn a_large_block_document_is_read_in_parts_as_it_reads_whole() {
        let text = large_document("");
        assert!(text.len() > 256 * 1024);
        let parts = parts::parse(&text, read_yaml).expect("read in parts");
        assert_eq!(parts, read_yaml(&text).expect("YAML"));
        assert_eq!(
            parts["paths"]["/items/7"]["get"]["tags"][1].as_str(),
            Some("b: 7")
        );
        assert_eq!(
            parts["paths"]["/items/0"]["get"]["description"].as_str(),
            Some("Item 0.\n\n# not a comment\n")
        );
    }

    #[test]
    fn what_parts_cannot_read_alone_is_read_whole() {
        // An anchor and its alias in different parts, a key twice, a flow list and a quoted
        // text over lines cut through: each reads as the whole document does, or fails as it.
        for extra in [
            "    x-anchor: &shared {a: 1}\n",
            "  /items/0:\n    get: {}\n",
            "    x-list: [a,\n    b]\n",
            "    x-text: \"one\n    two\"\n",
        ] {
            let mut text = large_document(extra);
            if extra.contains('&') {
                text.push_str("x-alias: *shared\n");
            }
            match (parts::parse(&text, read_yaml), read_yaml(&text)) {
                (Some(parts), Ok(whole)) => assert_eq!(parts, whole, "{extra}"),
                (None, _) => {}
                (Some(_), Err(err)) => panic!("read in parts what does not read whole: {err}"),
            }
            assert_eq!(parse(&text).ok(), read_yaml(&text).ok(), "{extra}");
        }
    }

    #[test]
    fn line_breaks_the_cutter_does_not_see_send_the_document_whole() {
        for odd in [
            "# note\rx-hidden: 1\n",
            "x-a: 1\n\u{2028}x-b: 2\n",
            "x-a: 1\n\u{feff}x-b: 2\n",
        ] {
            let text = format!("{odd}{}", large_document(""));
            assert!(parts::parse(&text, read_yaml).is_none(), "{odd:?}");
            assert_eq!(parse(&text).ok(), read_yaml(&text).ok());
        }
    }

    #[test]
    fn a_part_nested_near_the_readers_limit_is_read_whole() {
        let deep = |levels: usize| {
            let mut extra = String::from("    x-deep: ");
            extra.push_str(&"[".repeat(levels));
            extra.push_str(&"]".repeat(levels));
            extra.push('\n');
            large_document(&extra)
        };
        // Within the limit in parts and whole; past it whole, so read whole, and failing.
        assert!(parts::parse(&deep(20), read_yaml).is_some());
        let text = deep(126);
        assert!(parts::parse(&text, read_yaml).is_none());
        assert!(read_yaml(&text).is_err());
        assert!(parse(&text).is_err());
    }

    #[test]
    fn the_shared_corpus_reads_in_parts_as_it_reads_whole() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return;
        };
        let (mut large, mut in_parts) = (0, 0);
        for entry in entries.flatten() {
            let path = entry.path();
            let read: fn(&str) -> Option<(Value, Value)> = match path.extension() {
                Some(ext) if ext == "yaml" => |text| {
                    Some((
                        parts::parse(text, read_yaml)?,
                        read_yaml(text).expect("YAML"),
                    ))
                },
                Some(ext) if ext == "json" => {
                    |text| Some((json_parts::parse(text, read_json)?, read_json_whole(text)))
                }
                _ => continue,
            };
            let text = std::fs::read_to_string(&path).expect("readable");
            large += usize::from(text.len() >= 256 * 1024);
            if let Some((parts, whole)) = read(&text) {
                assert!(parts == whole, "{}", path.display());
                in_parts += 1;
            }
        }
        // Real documents are written in blocks: every large one is read in parts.
        assert_eq!(in_parts, large);
    }

    fn read_json_whole(text: &str) -> Value {
        read_json(text).expect("one JSON value")
    }

    /// A large JSON document: `paths` of many entries, then `extra` members at the top.
    fn large_json(extra: &str) -> String {
        let mut text = String::from(
            r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"#,
        );
        for index in 0..3000 {
            if index > 0 {
                text.push(',');
            }
            text.push_str(&format!(
                r#""/items/{index}": {{"get": {{"description": "Item \"{index}\"\n", "tags": ["a", 1.5, null, true], "responses": {{"200": {{"description": "OK"}}}}}}}}"#
            ));
        }
        text.push_str(r#"}, "components": {"schemas": {"A": {"type": "string"}, "B": [], "A": {"type": "integer"}}, "x-n": 7}"#);
        text.push_str(extra);
        text.push('}');
        text
    }

    #[test]
    fn a_large_json_document_is_read_in_parts_as_it_reads_whole() {
        // A key met twice keeps its first place and its last value, at every level.
        let text =
            large_json(r#", "paths": {"/last": {}}, "info": {"title": "U", "version": "2"}"#);
        let parts = json_parts::parse(&text, read_json).expect("read in parts");
        assert!(parts == read_json_whole(&text));
        let keys: Vec<&str> = parts
            .as_mapping()
            .expect("an object")
            .keys()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(keys, ["openapi", "info", "paths", "components"]);
        assert_eq!(parse(&text).expect("JSON"), parts);
    }

    #[test]
    fn json_the_parts_cannot_promise_is_read_whole() {
        // `paths` that is not an object, a syntax error, and nesting near the reader's limit.
        let not_object = large_json("")
            .replacen(r#""paths": {"#, r#""paths": [{"#, 1)
            .replacen(r#"}, "components""#, r#"}], "components""#, 1);
        assert!(json_parts::parse(&not_object, read_json).is_none());
        assert!(parse(&not_object).is_ok());
        let broken = large_json("").replacen(r#""OK"}"#, r#""OK"]"#, 1);
        assert!(json_parts::parse(&broken, read_json).is_none());
        assert!(parse(&broken).is_err());
        let deep = format!(r#", "x-deep": {}1{}"#, "[".repeat(120), "]".repeat(120));
        let deep = large_json(&deep);
        assert!(json_parts::parse(&deep, read_json).is_none());
        assert_eq!(
            parse(&deep).expect("within the reader's limit"),
            read_json_whole(&deep)
        );
    }

    #[test]
    fn json_parts_meet_repeated_maps_and_deep_entries_as_the_whole_reading_does() {
        // `components` twice (its `schemas` twice in the second), and `paths` again, empty.
        let text = large_json(
            r#", "components": {"schemas": {"C": {}}, "schemas": {"A": {"type": "number"}}}, "paths": {}"#,
        );
        let parts = json_parts::parse(&text, read_json).expect("read in parts");
        assert!(parts == read_json_whole(&text));
        // A component entry lies three levels in: nested past the parts' limit there, it stops
        // the reading in parts, and the document is read whole (within the reader's limit).
        let deep = format!(
            r#", "components": {{"schemas": {{"Deep": {}1{}}}}}"#,
            "[".repeat(110),
            "]".repeat(110)
        );
        let deep = large_json(&deep);
        assert!(json_parts::parse(&deep, read_json).is_none());
        assert_eq!(
            parse(&deep).expect("within the reader's limit"),
            read_json_whole(&deep)
        );
    }

    #[test]
    fn syntax_errors_keep_their_place() {
        let err = parse("a: [1, 2\nb: c").expect_err("invalid YAML");
        assert!(err.location().is_some_and(|mark| mark.line() >= 1));
    }
}
