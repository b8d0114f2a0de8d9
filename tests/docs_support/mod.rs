//! Reading markdown pages for the docs fidelity tests: normalised lines and their similarity
//! (difflib's ratio), code blocks, headings, and list entries.

#![allow(dead_code)]

pub mod examples;
pub mod facts;

/// A page's lines as the comparison sees them: blank lines dropped, whitespace runs collapsed,
/// table rows without their padding (`| a  |  b |` is `|a|b|`) and separator rows as `|-|-|`.
pub fn normalised_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .map(|line| {
            if !line.starts_with('|') {
                return line;
            }
            let cells: Vec<String> = split_cells(&line)
                .into_iter()
                .map(|cell| {
                    let cell = cell.trim();
                    if !cell.is_empty() && cell.chars().all(|c| c == '-' || c == ':') {
                        "-".to_owned()
                    } else {
                        cell.to_owned()
                    }
                })
                .collect();
            format!("|{}|", cells.join("|"))
        })
        .collect()
}

/// The cells of a table row, `\|` staying inside its cell.
fn split_cells(row: &str) -> Vec<String> {
    let inner = row.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = vec![String::new()];
    let mut escaped = false;
    for c in inner.chars() {
        match c {
            '|' if !escaped => cells.push(String::new()),
            _ => {
                escaped = c == '\\';
                if let Some(cell) = cells.last_mut() {
                    cell.push(c);
                }
            }
        }
    }
    cells
}

/// The longest common subsequence of two line lists, as pairs of indices.
fn common_lines(a: &[String], b: &[String]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    let mut table = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] = if a[i] == b[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n && j < m {
        if a[i] == b[j] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if table[i + 1][j] >= table[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// difflib's `SequenceMatcher.ratio()` over normalised lines: 2·M / T, M the lines of the
/// longest common subsequence and T the lines of both.
pub fn line_ratio(expected: &str, actual: &str) -> f64 {
    let a = normalised_lines(expected);
    let b = normalised_lines(actual);
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * common_lines(&a, &b).len() as f64 / (a.len() + b.len()) as f64
}

/// A unified-style diff of the normalised lines: `-` only expected, `+` only actual, with two
/// common lines of context around each change and `…` for the common lines between.
pub fn unified_diff(expected: &str, actual: &str) -> String {
    let a = normalised_lines(expected);
    let b = normalised_lines(actual);
    // Every line once, in order: (mark, text).
    let mut lines: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    for (ci, cj) in common_lines(&a, &b).into_iter().chain([(a.len(), b.len())]) {
        lines.extend(a[i..ci].iter().map(|line| ('-', line.as_str())));
        lines.extend(b[j..cj].iter().map(|line| ('+', line.as_str())));
        if ci < a.len() {
            lines.push((' ', a[ci].as_str()));
        }
        i = ci + 1;
        j = cj + 1;
    }
    let changed: Vec<usize> = (0..lines.len()).filter(|k| lines[*k].0 != ' ').collect();
    let near = |k: usize| changed.iter().any(|c| c.abs_diff(k) <= 2);
    let mut out = Vec::new();
    let mut skipped = false;
    for (k, (mark, line)) in lines.iter().enumerate() {
        if near(k) {
            if skipped {
                out.push("…".to_owned());
                skipped = false;
            }
            out.push(format!("{mark} {line}"));
        } else {
            skipped = true;
        }
    }
    out.join("\n")
}

/// The page without its fenced code blocks (fences included).
pub fn strip_code_blocks(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if !in_fence {
            out.push(line);
        }
    }
    out.join("\n")
}

/// The contents of the fenced code blocks whose info string starts with `language`.
pub fn code_blocks(text: &str, language: &str) -> Vec<String> {
    enum State<'t> {
        Outside,
        Wanted(Vec<&'t str>),
        Other,
    }
    let mut out = Vec::new();
    let mut state = State::Outside;
    for line in text.lines() {
        let fence = line.trim_start().strip_prefix("```");
        state = match (state, fence) {
            (State::Outside, Some(info)) if info.split_whitespace().next() == Some(language) => {
                State::Wanted(Vec::new())
            }
            (State::Outside, Some(_)) => State::Other,
            (State::Wanted(block), Some(_)) => {
                out.push(block.join("\n"));
                State::Outside
            }
            (State::Other, Some(_)) => State::Outside,
            (State::Wanted(mut block), None) => {
                block.push(line);
                State::Wanted(block)
            }
            (state, None) => state,
        };
    }
    out
}

pub fn rust_blocks(text: &str) -> Vec<String> {
    code_blocks(text, "rust")
}

/// Code with every whitespace character removed, to compare code printed two ways.
pub fn squash(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Text as the fact checks compare it: markdown's code and emphasis marks dropped, whitespace
/// runs collapsed.
pub fn norm(text: &str) -> String {
    text.replace(['`', '*'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The headings of a page (`## Request` is `Request`), in order.
pub fn headings(text: &str) -> Vec<String> {
    let mut in_fence = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if !in_fence && line.starts_with('#') {
            out.push(norm(line.trim_start_matches('#')));
        }
    }
    out
}

/// A list entry: its first line and everything indented under it.
#[derive(Debug)]
pub struct Entry {
    pub head: String,
    /// The whole entry, normalised.
    pub text: String,
}

impl Entry {
    /// The words of the heading after the bullet, without markdown marks and punctuation
    /// (`- **`scope`** · `string[]` · required` is `scope string[] required`, `(required)` is
    /// `required`).
    pub fn head_words(&self) -> Vec<String> {
        norm(&self.head)
            .split(|c: char| c.is_whitespace() || c == ':' || c == '·')
            .map(|word| word.trim_end_matches(','))
            .map(|word| {
                word.strip_prefix('(')
                    .and_then(|w| w.strip_suffix(')'))
                    .unwrap_or(word)
            })
            .filter(|word| !word.is_empty() && *word != "-")
            .map(str::to_owned)
            .collect()
    }
}

/// Every list entry of a page (nested entries too, each with what is indented under it).
pub fn entries(text: &str) -> Vec<Entry> {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |line: &str| line.len() - line.trim_start().len();
    let is_item = |line: &str| {
        let trimmed = line.trim_start();
        trimmed.starts_with("- ") || trimmed.starts_with("* ")
    };
    let mut out = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        if !is_item(line) {
            continue;
        }
        let depth = indent(line);
        let mut body = vec![*line];
        for next in &lines[at + 1..] {
            if !next.trim().is_empty() && indent(next) <= depth {
                break;
            }
            body.push(next);
        }
        out.push(Entry {
            head: line.to_string(),
            text: norm(&body.join("\n")),
        });
    }
    out
}

/// A relative link from a page in `folder` as a path from the output root.
pub fn resolve(folder: &str, link: &str) -> String {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for segment in link.split('/') {
        match segment {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_is_difflibs() {
        assert_eq!(line_ratio("a\nb\nc\nd", "a\nb\nc\nd"), 1.0);
        // difflib.SequenceMatcher(None, "abcd", "abxd").ratio() == 0.75
        assert_eq!(line_ratio("a\nb\nc\nd", "a\nb\nx\nd"), 0.75);
        assert_eq!(line_ratio("| a |  b |\n|---|---|", "|a|b|\n| - | - |"), 1.0);
    }
}
