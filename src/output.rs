//! The output step: an in-memory set of files, compared with the tree on disk (`--check`) or
//! written to it all at once.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Files by their path relative to the output root, always with `/` separators.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FileSet {
    files: BTreeMap<String, String>,
}

impl FileSet {
    pub fn insert(&mut self, path: impl Into<String>, contents: String) {
        self.files.insert(path.into(), contents);
    }

    /// Adds every file of `other` below the folder `prefix`.
    pub fn nest(&mut self, prefix: &str, other: FileSet) {
        for (path, contents) in other.files {
            self.files.insert(format!("{prefix}/{path}"), contents);
        }
    }

    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files
            .iter()
            .map(|(path, contents)| (path.as_str(), contents.as_str()))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// How the tree on disk differs from a file set.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Drift {
    /// In both, with different contents.
    pub stale: Vec<String>,
    /// In the file set, not on disk.
    pub missing: Vec<String>,
    /// On disk, not in the file set.
    pub extra: Vec<String>,
}

impl Drift {
    pub fn is_clean(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }

    /// One line per differing file: `stale: path`, `missing: path`, `extra: path`.
    pub fn report(&self, root: &Path) -> String {
        let mut lines = Vec::new();
        for (what, paths) in [
            ("stale", &self.stale),
            ("missing", &self.missing),
            ("extra", &self.extra),
        ] {
            for path in paths {
                lines.push(format!("{what}: {}/{path}", root.display()));
            }
        }
        lines.join("\n")
    }
}

/// Compares a file set with the tree under `root` without changing anything.
pub fn check(files: &FileSet, root: &Path) -> Result<Drift> {
    let on_disk = list_tree(root)?;
    let mut drift = Drift::default();
    for (path, contents) in &files.files {
        if !on_disk.contains(path) {
            drift.missing.push(path.clone());
            continue;
        }
        let full = root.join(path);
        match fs::read(&full) {
            Ok(bytes) if bytes == contents.as_bytes() => {}
            Ok(_) => drift.stale.push(path.clone()),
            Err(source) => {
                return Err(Error::Read {
                    file: full.display().to_string(),
                    source,
                })
            }
        }
    }
    drift.extra = on_disk
        .into_iter()
        .filter(|path| !files.files.contains_key(path))
        .collect();
    Ok(drift)
}

/// Replaces the tree under `root` with the file set, all at once: the files are written to a
/// sibling folder first, which then takes the old tree's place. If anything fails before the
/// swap, `root` is untouched.
pub fn write(files: &FileSet, root: &Path) -> Result<()> {
    refuse_foreign_tree(root)?;
    let parent = root
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let base = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "generated".to_owned());
    let staging = parent.join(format!(".{base}.new"));
    let retired = parent.join(format!(".{base}.old"));
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    for leftover in [&staging, &retired] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(io(leftover))?;
        }
    }
    let written = (|| {
        for (path, contents) in &files.files {
            let full = staging.join(path);
            if let Some(dir) = full.parent() {
                fs::create_dir_all(dir).map_err(io(dir))?;
            }
            fs::write(&full, contents).map_err(io(&full))?;
        }
        fs::create_dir_all(&staging).map_err(io(&staging))
    })();
    if let Err(err) = written {
        let _ = fs::remove_dir_all(&staging);
        return Err(err);
    }
    if root.exists() {
        fs::rename(root, &retired).map_err(io(root))?;
    }
    if let Err(source) = fs::rename(&staging, root) {
        // Put the old tree back so that a failed swap leaves what was there.
        let _ = fs::rename(&retired, root);
        return Err(Error::Write {
            path: root.to_path_buf(),
            source,
        });
    }
    if retired.exists() {
        fs::remove_dir_all(&retired).map_err(io(&retired))?;
    }
    Ok(())
}

/// Every file below `root`, as relative `/`-separated paths. A missing root is an empty tree.
fn list_tree(root: &Path) -> Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    if root.exists() {
        walk(root, &mut PathBuf::new(), &mut out)?;
    }
    Ok(out)
}

fn walk(root: &Path, relative: &mut PathBuf, out: &mut BTreeSet<String>) -> Result<()> {
    let dir = root.join(&*relative);
    let read_error = |source| Error::Read {
        file: dir.display().to_string(),
        source,
    };
    let mut entries: Vec<_> = fs::read_dir(&dir)
        .map_err(read_error)?
        .collect::<std::result::Result<_, _>>()
        .map_err(read_error)?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        relative.push(entry.file_name());
        if entry.path().is_dir() {
            walk(root, relative, out)?;
        } else {
            let text = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.insert(text);
        }
        relative.pop();
    }
    Ok(())
}

/// `write` replaces the whole folder, so it only replaces one that holds generated output: a
/// folder that does not exist yet, an empty one, or one the generator wrote before (it has
/// `runtime/Cargo.toml`). Anything else (`--out specs`, `--out .`) is refused.
fn refuse_foreign_tree(root: &Path) -> Result<()> {
    let empty = fs::read_dir(root)
        .map(|mut entries| entries.next().is_none())
        .unwrap_or(true);
    if !root.exists() || empty || root.join("runtime/Cargo.toml").is_file() {
        return Ok(());
    }
    Err(Error::Write {
        path: root.to_path_buf(),
        source: std::io::Error::other(
            "the folder is not empty and holds no earlier generated output; refusing to replace it",
        ),
    })
}

/// Writes one file all at once: the text goes to a sibling temporary file first, which then
/// takes the file's place, so a reader never sees half of it and a failure leaves the old one.
pub fn write_file(path: &Path, contents: &str) -> Result<()> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staging = path.with_file_name(format!(".{name}.new"));
    fs::write(&staging, contents).map_err(io(&staging))?;
    fs::rename(&staging, path).map_err(|source| {
        let _ = fs::remove_file(&staging);
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}
