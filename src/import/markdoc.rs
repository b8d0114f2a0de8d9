//! Markdoc endpoint pages (seed 000): frontmatter, a `## `path` — `method`` heading, then bold
//! section labels each followed by a markdown table or a `— No … present` note.

use super::page::Page;
use super::Problem;

/// A Markdoc endpoint page starts with frontmatter and renders its title from it.
pub fn detect(text: &str) -> bool {
    text.starts_with("---") && text.contains("{% $markdoc.frontmatter.title %}")
}

/// Reads a Markdoc endpoint page.
pub fn read(_text: &str) -> Result<Page, Problem> {
    Err(Problem::at(1, "not written yet"))
}
