//! JSON pointers (RFC 6901): one segment's escaping, and joining a segment onto a pointer.

/// A segment as a pointer writes it: `~` as `~0`, `/` as `~1`.
pub(crate) fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// A segment as the pointer's text holds it, unescaped.
pub(crate) fn unescape_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// `pointer` with one more segment, escaped (`/paths` and `/a/{b}` give `/paths/~1a~1{b}`).
pub(crate) fn pointer_join(pointer: &str, segment: &str) -> String {
    format!("{pointer}/{}", escape_segment(segment))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_escape_and_unescape() {
        assert_eq!(pointer_join("/paths", "/a/{b}"), "/paths/~1a~1{b}");
        assert_eq!(escape_segment("a~/b"), "a~0~1b");
        assert_eq!(unescape_segment("a~0~1b"), "a~/b");
    }
}
