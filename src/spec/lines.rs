//! Lines of JSON pointers in a file's text, JSON or block-style YAML, for messages.

use super::json_lines;
use super::pointer::unescape_segment;
use crate::error::SourceLine;

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

/// The longest line a message quotes: a longer one (minified JSON, say) is not shown.
const LONGEST_QUOTED: usize = 1000;

/// The text of line `line` (1-based) of `text`, for a snippet under a message.
fn line_text(text: &str, line: usize) -> Option<&str> {
    let found = text.lines().nth(line.checked_sub(1)?)?;
    (found.len() <= LONGEST_QUOTED).then_some(found)
}

/// Line `line` of `text`, where the node at `pointer` is written, with the part to point at:
/// the node's key and its value when the line starts with the key (`type: strnig`,
/// `"type": "strnig",`), just the key when the value is on the lines below, else the whole line
/// past its indentation.
pub(crate) fn source_line(text: &str, line: usize, pointer: &str) -> Option<Box<SourceLine>> {
    let quoted = line_text(text, line)?;
    let key = pointer.rsplit('/').next().map(unescape_segment);
    Some(Box::new(SourceLine {
        text: quoted.to_owned(),
        span: key_span(quoted, key.as_deref()),
    }))
}

/// Line `line` of `text`, past its indentation, to point at.
pub(crate) fn whole_line(text: &str, line: usize) -> Option<Box<SourceLine>> {
    source_line(text, line, "")
}

/// Line `line` of `text` with its `column`th character (both 1-based) to point at.
pub(crate) fn source_column(text: &str, line: usize, column: usize) -> Option<Box<SourceLine>> {
    let quoted = line_text(text, line)?;
    let span = match quoted.char_indices().nth(column.saturating_sub(1)) {
        Some((at, found)) => at..at + found.len_utf8(),
        None => quoted.len()..quoted.len(),
    };
    Some(Box::new(SourceLine {
        text: quoted.to_owned(),
        span,
    }))
}

fn key_span(line: &str, key: Option<&str>) -> std::ops::Range<usize> {
    let content = line.trim_end();
    let content = content.strip_suffix(',').unwrap_or(content).trim_end();
    let start = line.len() - line.trim_start().len();
    let end = content.len().max(start);
    let Some(key) = key.filter(|key| !key.is_empty()) else {
        return start..end;
    };
    let rest = &line[start..end];
    let (dash, rest) = match rest.strip_prefix("- ") {
        Some(after) => (
            2 + after.len() - after.trim_start().len(),
            after.trim_start(),
        ),
        None => (0, rest),
    };
    let key_start = start + dash;
    let written = [
        format!("{key}:"),
        format!("\"{key}\":"),
        format!("'{key}':"),
    ]
    .into_iter()
    .find(|written| rest.starts_with(written.as_str()));
    match written {
        Some(written) => {
            let key_end = key_start + written.len() - 1;
            let value = rest[written.len()..].trim();
            if value.is_empty() || value == "{" || value == "[" {
                key_start..key_end
            } else {
                key_start..end
            }
        }
        None => start..end,
    }
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

    #[test]
    fn the_span_is_the_key_and_value_in_json_and_yaml() {
        let json = r#"        "type": "strnig","#;
        assert_eq!(&json[key_span(json, Some("type"))], r#""type": "strnig""#);
        let opening = r#"    "Pet": {"#;
        assert_eq!(&opening[key_span(opening, Some("Pet"))], r#""Pet""#);
        let item = "      - name: limit";
        assert_eq!(&item[key_span(item, Some("name"))], "name: limit");
        assert_eq!(&item[key_span(item, Some("0"))], "- name: limit");
        let path = "  /pets/{id}:";
        assert_eq!(&path[key_span(path, Some("/pets/{id}"))], "/pets/{id}");
        let quoted = "        '200':";
        assert_eq!(&quoted[key_span(quoted, Some("200"))], "'200'");
    }

    #[test]
    fn a_column_past_the_end_points_after_the_line() {
        let quoted = source_column("a: [b\n", 1, 9).expect("line 1");
        assert_eq!(quoted.span, 5..5);
        assert_eq!(source_column("a\n", 2, 1), None);
    }
}
