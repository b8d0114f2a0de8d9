//! The line of a JSON pointer in a JSON document's text, for messages about JSON specs.
//!
//! The text has been parsed already, so this only walks it: down the pointer's segments,
//! skipping the members and items before each one, counting lines on the way.

use super::pointer::unescape_segment;

/// The 1-based line of the member (or item) at `pointer`; `None` when it is not there.
pub fn line_of_pointer(text: &str, pointer: &str) -> Option<usize> {
    let mut walker = Walker {
        bytes: text.as_bytes(),
        at: 0,
        line: 1,
    };
    walker.blank();
    if pointer.is_empty() {
        return Some(walker.line);
    }
    let segments: Vec<String> = pointer
        .strip_prefix('/')?
        .split('/')
        .map(unescape_segment)
        .collect();
    let mut found = None;
    for segment in &segments {
        found = Some(walker.enter(segment)?);
    }
    found
}

struct Walker<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
}

impl Walker<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        if byte == b'\n' {
            self.line += 1;
        }
        Some(byte)
    }

    fn blank(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.bump();
        }
    }

    /// At a container: moves to the value of member (or item) `segment` and returns the line
    /// it starts on.
    fn enter(&mut self, segment: &str) -> Option<usize> {
        self.blank();
        match self.bump()? {
            b'{' => loop {
                self.blank();
                if self.peek()? == b'}' {
                    return None;
                }
                let line = self.line;
                let key = self.string()?;
                self.blank();
                if self.bump()? != b':' {
                    return None;
                }
                self.blank();
                if key == segment {
                    return Some(line);
                }
                self.skip_value()?;
                self.blank();
                if self.bump()? != b',' {
                    return None;
                }
            },
            b'[' => {
                let index: usize = segment.parse().ok()?;
                for _ in 0..index {
                    self.blank();
                    if self.peek()? == b']' {
                        return None;
                    }
                    self.skip_value()?;
                    self.blank();
                    if self.bump()? != b',' {
                        return None;
                    }
                }
                self.blank();
                (self.peek()? != b']').then_some(self.line)
            }
            _ => None,
        }
    }

    /// A string, unescaped only as far as a key comparison needs (`\"`, `\\`, `\/`).
    fn string(&mut self) -> Option<String> {
        if self.bump()? != b'"' {
            return None;
        }
        let mut out = Vec::new();
        loop {
            match self.bump()? {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => match self.bump()? {
                    b'n' => out.push(b'\n'),
                    b't' => out.push(b'\t'),
                    other => out.push(other),
                },
                byte => out.push(byte),
            }
        }
    }

    /// Skips one value of any kind.
    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                        }
                        b'{' | b'[' => {
                            depth += 1;
                            self.bump();
                        }
                        b'}' | b']' => {
                            depth -= 1;
                            self.bump();
                            if depth == 0 {
                                return Some(());
                            }
                        }
                        _ => {
                            self.bump();
                        }
                    }
                }
            }
            _ => {
                // A number, `true`, `false` or `null`: up to what ends it.
                while !matches!(self.peek(), None | Some(b',' | b'}' | b']')) {
                    self.bump();
                }
                Some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\n    \"/a/{id}\": {\n      \"get\": {\"responses\": {}}\n    }\n  },\n  \"components\": {\n    \"schemas\": {\n      \"Pet\": {\n        \"required\": [\"a\", \"b\"],\n        \"properties\": {\n          \"x\\\"y\": {\"type\": \"strnig\"},\n          \"n\": {\"enum\": [1, 2.5, true, null, {\"k\": [\"}\"]}]}\n        }\n      }\n    }\n  }\n}\n";

    #[test]
    fn finds_members_and_items_of_a_json_document() {
        assert_eq!(line_of_pointer(DOC, ""), Some(1));
        assert_eq!(line_of_pointer(DOC, "/openapi"), Some(2));
        assert_eq!(line_of_pointer(DOC, "/paths/~1a~1{id}/get"), Some(5));
        assert_eq!(line_of_pointer(DOC, "/components/schemas/Pet"), Some(10));
        assert_eq!(
            line_of_pointer(DOC, "/components/schemas/Pet/required/1"),
            Some(11)
        );
        assert_eq!(
            line_of_pointer(DOC, "/components/schemas/Pet/properties/x\"y/type"),
            Some(13)
        );
        assert_eq!(
            line_of_pointer(DOC, "/components/schemas/Pet/properties/n/enum/4/k/0"),
            Some(14)
        );
        assert_eq!(line_of_pointer(DOC, "/components/schemas/Dog"), None);
        assert_eq!(
            line_of_pointer(DOC, "/components/schemas/Pet/required/2"),
            None
        );
    }
}
