//! The lines of a page and which of them a reader has understood, so that every line not
//! consumed into a fact is reported (see [`super::page::Unread`]).

use super::page::Unread;

/// A page's lines (0-based indexes here; reported 1-based), each marked once it is read.
#[derive(Debug)]
pub struct Lines<'a> {
    lines: Vec<&'a str>,
    read: Vec<bool>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        let lines: Vec<&str> = text.lines().collect();
        let read = vec![false; lines.len()];
        Lines { lines, read }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The text of line `index`, without its line break (empty past the end).
    pub fn get(&self, index: usize) -> &'a str {
        self.lines.get(index).copied().unwrap_or("")
    }

    /// Line `index` holds no text.
    pub fn is_blank(&self, index: usize) -> bool {
        self.get(index).trim().is_empty()
    }

    /// Line `index` has been understood.
    pub fn mark(&mut self, index: usize) {
        if let Some(read) = self.read.get_mut(index) {
            *read = true;
        }
    }

    /// Lines `start..end` have been understood.
    pub fn mark_range(&mut self, start: usize, end: usize) {
        for index in start..end {
            self.mark(index);
        }
    }

    pub fn is_read(&self, index: usize) -> bool {
        self.read.get(index).copied().unwrap_or(false)
    }

    /// The first line at or after `index` that holds text.
    pub fn next_text(&self, index: usize) -> Option<usize> {
        (index..self.len()).find(|&at| !self.is_blank(at))
    }

    /// How many lines hold text.
    pub fn non_blank(&self) -> usize {
        (0..self.len()).filter(|&at| !self.is_blank(at)).count()
    }

    /// Every line that holds text and was not understood, 1-based.
    pub fn unread(&self) -> Vec<Unread> {
        (0..self.len())
            .filter(|&at| !self.is_blank(at) && !self.read[at])
            .map(|at| Unread {
                line: at + 1,
                text: self.lines[at].trim().to_string(),
            })
            .collect()
    }
}
