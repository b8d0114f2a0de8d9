//! JSON pointers (RFC 6901): one segment's escaping, joining a segment onto a pointer, and
//! finding the node a pointer names.

use serde_yaml::Value;

/// A segment as a pointer writes it: `~` as `~0`, `/` as `~1`.
pub(crate) fn escape_segment(segment: &str) -> String {
    let mut escaped = String::with_capacity(segment.len() + 1);
    push_segment(&mut escaped, segment);
    escaped.remove(0);
    escaped
}

/// Appends `/` and `segment`, escaped, to `pointer`: [`escape_segment`] without a text of its
/// own, for the walks over every node of a document.
pub(crate) fn push_segment(pointer: &mut String, segment: &str) {
    pointer.push('/');
    if !segment.contains(['~', '/']) {
        pointer.push_str(segment);
        return;
    }
    for c in segment.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// A segment as the pointer's text holds it, unescaped.
pub(crate) fn unescape_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// `pointer` with one more segment, escaped (`/paths` and `/a/{b}` give `/paths/~1a~1{b}`).
pub(crate) fn pointer_join(pointer: &str, segment: &str) -> String {
    format!("{pointer}/{}", escape_segment(segment))
}

/// The node at `pointer` (a JSON pointer's text, `""` for the root) in a YAML tree.
pub(crate) fn resolve_pointer<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut node = root;
    for segment in pointer.strip_prefix('/')?.split('/') {
        let segment = unescape_segment(segment);
        node = match node {
            // A string key is found by its hash; only a key YAML read as a number or a
            // boolean (`200:`) needs the walk over every key.
            Value::Mapping(map) => match map.get(segment.as_str()) {
                Some(value) => value,
                None => map
                    .iter()
                    .find(|(key, _)| !key.is_string() && key_is(key, &segment))
                    .map(|(_, value)| value)?,
            },
            Value::Sequence(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Whether a mapping key is `segment`; YAML allows `200:` (a number) where OpenAPI means the
/// string.
fn key_is(key: &Value, segment: &str) -> bool {
    match key {
        Value::String(text) => text == segment,
        Value::Number(number) => number.to_string() == segment,
        Value::Bool(flag) => flag.to_string() == segment,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_escape_and_unescape() {
        assert_eq!(pointer_join("/paths", "/a/{b}"), "/paths/~1a~1{b}");
        assert_eq!(escape_segment("a~/b"), "a~0~1b");
        let mut pointer = String::from("/x");
        push_segment(&mut pointer, "a~/b");
        push_segment(&mut pointer, "c");
        assert_eq!(pointer, "/x/a~0~1b/c");
        assert_eq!(unescape_segment("a~0~1b"), "a~/b");
    }
}
