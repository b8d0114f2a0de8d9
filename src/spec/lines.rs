//! Lines of JSON pointers in a file's text, JSON or block-style YAML, for messages.

use super::json_lines;
use super::pointer::unescape_segment;

/// The line of `pointer` in a file's text, JSON or YAML.
pub(crate) fn line_in(text: &str, pointer: &str) -> Option<usize> {
    if text.trim_start().starts_with(['{', '[']) {
        json_lines::line_of_pointer(text, pointer)
    } else {
        line_of_pointer(text, pointer)
    }
}

/// Finds the line of a JSON pointer in block-style YAML by walking its segments down the
/// indentation. Returns `None` when the text is not laid out so that it can be found (flow style,
/// JSON on one line, anchors).
pub(crate) fn line_of_pointer(text: &str, pointer: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let segments: Vec<String> = match pointer.strip_prefix('/') {
        Some(rest) => rest.split('/').map(unescape_segment).collect(),
        None => return pointer.is_empty().then_some(1),
    };
    // The children of the current node: lines from `start`, indented past `parent_indent`. When
    // the node is a sequence item, its first key sits on the dash line itself, past the dash.
    let mut start = 0usize;
    let mut parent_indent: isize = -1;
    let mut item_line: Option<usize> = None;
    let mut found = None;
    for segment in segments {
        let mut hit = None;
        let mut item_count = 0usize;
        let mut child_indent: Option<usize> = None;
        for (index, line) in lines.iter().enumerate().skip(start) {
            let line: String = if item_line == Some(index) {
                line.replacen('-', " ", 1)
            } else {
                (*line).to_owned()
            };
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = line.len() - trimmed.len();
            if indent as isize <= parent_indent {
                break;
            }
            if indent != *child_indent.get_or_insert(indent) {
                continue;
            }
            if trimmed == "-" || trimmed.starts_with("- ") {
                if segment.parse::<usize>().ok() == Some(item_count) {
                    hit = Some((index, indent, true));
                    break;
                }
                item_count += 1;
                continue;
            }
            let key = trimmed
                .split_once(':')
                .map(|(key, _)| key.trim().trim_matches(|c| c == '"' || c == '\''));
            if key == Some(segment.as_str()) {
                hit = Some((index, indent, false));
                break;
            }
        }
        let (index, indent, is_item) = hit?;
        found = Some(index + 1);
        parent_indent = indent as isize;
        if is_item {
            start = index;
            item_line = Some(index);
        } else {
            start = index + 1;
            item_line = None;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        name:\n          type: strnig\n";

    #[test]
    fn finds_lines_of_pointers() {
        assert_eq!(line_of_pointer(SAMPLE, "/components/schemas/Pet"), Some(13));
        assert_eq!(
            line_of_pointer(SAMPLE, "/components/schemas/Pet/properties/name/type"),
            Some(17)
        );
        assert_eq!(
            line_of_pointer(SAMPLE, "/paths/~1a/get/responses/200"),
            Some(9)
        );
        assert_eq!(line_of_pointer(SAMPLE, "/components/schemas/Dog"), None);
    }

    #[test]
    fn finds_lines_in_sequences() {
        let text = "a:\n  - x: 1\n    y: 2\n  - x: 3\n    y: 4\n";
        assert_eq!(line_of_pointer(text, "/a/1"), Some(4));
        assert_eq!(line_of_pointer(text, "/a/1/y"), Some(5));
    }
}
