//! The output step: an in-memory set of files, compared with the tree on disk (`--check`) or
//! written to it all at once.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write as _;
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

    /// Adds every file of `other`, at its own path (a file `self` has already is replaced).
    pub fn extend(&mut self, other: FileSet) {
        self.files.extend(other.files);
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

/// Replaces the tree under `root` with the file set, all at once, and so that a crash or a kill
/// at any moment leaves `root` holding exactly the old tree or exactly the new one.
///
/// The files are written to the sibling folder `.<root>.new` and flushed to disk (each file and
/// each folder), then that folder and `root` trade places in one `renameat2(RENAME_EXCHANGE)`
/// (`renamex_np(RENAME_SWAP)` on macOS); the old tree, now under the sibling's name, is renamed
/// to `.<root>.old` and deleted. Where the system cannot exchange two folders, `root` is renamed
/// to `.<root>.old` and the new tree to `root`, and a run killed between the two leaves no `root`
/// (the next run puts the old tree back). What an earlier killed run left beside `root` is cleared
/// first: a `.<root>.new` is never part of `root`, a `.<root>.old` is the tree `root` replaced.
/// If anything fails before the swap, `root` is untouched.
pub fn write(files: &FileSet, root: &Path) -> Result<()> {
    let (staging, retired) = siblings(root);
    recover(root, &staging, &retired)?;
    refuse_foreign_tree(root)?;
    let written = (|| {
        let mut dirs = BTreeSet::new();
        let mut writes = Vec::with_capacity(files.files.len());
        for (path, contents) in &files.files {
            let full = staging.join(path);
            if let Some(dir) = full.parent() {
                if dirs.insert(dir.to_path_buf()) {
                    fs::create_dir_all(dir).map_err(io(dir))?;
                }
                // Every folder between it and `staging`.
                for folder in dir.ancestors().take_while(|folder| *folder != staging) {
                    dirs.insert(folder.to_path_buf());
                }
            }
            writes.push((full, contents.as_str()));
        }
        fs::create_dir_all(&staging).map_err(io(&staging))?;
        each_at_once(&writes, |(path, contents)| write_synced(path, contents))?;
        // The folders once their entries are: every one is on disk before the tree is swapped in.
        dirs.insert(staging.clone());
        let dirs: Vec<PathBuf> = dirs.into_iter().collect();
        each_at_once(&dirs, |dir| sync_dir(dir))
    })();
    if let Err(err) = written {
        let _ = fs::remove_dir_all(&staging);
        return Err(err);
    }
    let parent = parent_of(root);
    if !root.exists() {
        fs::rename(&staging, root).map_err(io(root))?;
        return sync_dir(&parent);
    }
    pause();
    if exchange(&staging, root).map_err(io(root))? {
        sync_dir(&parent)?;
        pause();
        // `staging` holds the old tree now: retire it under its own name, then delete it.
        fs::rename(&staging, &retired).map_err(io(&staging))?;
        pause();
    } else {
        fs::rename(root, &retired).map_err(io(root))?;
        pause();
        if let Err(source) = fs::rename(&staging, root) {
            // Put the old tree back so that a failed swap leaves what was there.
            let _ = fs::rename(&retired, root);
            return Err(Error::Write {
                path: root.to_path_buf(),
                source,
            });
        }
        sync_dir(&parent)?;
    }
    fs::remove_dir_all(&retired).map_err(io(&retired))
}

/// `.<root>.new`, where the next tree is written, and `.<root>.old`, where the tree it
/// replaced waits to be deleted: both beside `root`, on its file system.
fn siblings(root: &Path) -> (PathBuf, PathBuf) {
    let parent = parent_of(root);
    let base = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "generated".to_owned());
    (
        parent.join(format!(".{base}.new")),
        parent.join(format!(".{base}.old")),
    )
}

fn parent_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// Clears what a killed [`write`] left beside `root`. A run killed while the tree could not be
/// exchanged and `root` was renamed away gets its old tree back; otherwise `root` is whole and
/// whatever is beside it (a partly written new tree, or the old tree being deleted) goes.
fn recover(root: &Path, staging: &Path, retired: &Path) -> Result<()> {
    if !root.exists() && retired.is_dir() {
        fs::rename(retired, root).map_err(io(retired))?;
        sync_dir(&parent_of(root))?;
    }
    for leftover in [staging, retired] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(io(leftover))?;
        }
    }
    Ok(())
}

/// Exchanges the folders `a` and `b` in one step. `Ok(false)` when the system or the file system
/// cannot, and nothing changed.
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(true),
            Err(
                rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS | rustix::io::Errno::NOTSUP,
            ) => Ok(false),
            Err(errno) => Err(errno.into()),
        }
    }
    #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
    {
        let _ = (a, b);
        Ok(false)
    }
}

/// How many files are written and flushed to disk at once. A flush waits on the disk, not the
/// processor, and flushes issued together share the file system's journal commits: the 40
/// flushes of a small API's output, one after another, were a quarter of its run (12 of 50 ms).
const WRITERS: usize = 16;

/// Runs `job` on every item, up to [`WRITERS`] at a time. Every item is tried; the error is
/// that of the first item that failed, as it would be one at a time.
fn each_at_once<T: Sync>(items: &[T], job: impl Fn(&T) -> Result<()> + Sync) -> Result<()> {
    if items.len() < 2 {
        return items.iter().try_for_each(job);
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..WRITERS.min(items.len()) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(item) = items.get(index) else {
                    break;
                };
                if let Err(err) = job(item) {
                    failures
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push((index, err));
                }
            });
        }
    });
    let failures = failures
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    match failures.into_iter().min_by_key(|(index, _)| *index) {
        Some((_, err)) => Err(err),
        None => Ok(()),
    }
}

/// Writes a file and flushes it to disk.
fn write_synced(path: &Path, contents: &str) -> Result<()> {
    let mut file = fs::File::create(path).map_err(io(path))?;
    file.write_all(contents.as_bytes()).map_err(io(path))?;
    file.sync_all().map_err(io(path))
}

/// Flushes a folder's entries to disk, so that a file created or renamed in it stays there
/// after a crash. Folders cannot be opened for that outside Unix; there it is left to the system.
fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)
            .and_then(|dir| dir.sync_all())
            .map_err(io(dir))
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Waits `SPECFORGE_WRITE_PAUSE_US` microseconds, when that is set, before and after each
/// rename that changes what the output folder holds: for the tests that kill a run mid-write
/// (`tests/kill.rs`), to widen the moments between two renames from microseconds to something
/// a kill can land in. Unset, as it is for everyone else, it does nothing.
fn pause() {
    static PAUSE: std::sync::OnceLock<Option<std::time::Duration>> = std::sync::OnceLock::new();
    let pause = PAUSE.get_or_init(|| {
        std::env::var("SPECFORGE_WRITE_PAUSE_US")
            .ok()
            .and_then(|micros| micros.parse().ok())
            .map(std::time::Duration::from_micros)
    });
    if let Some(pause) = pause {
        std::thread::sleep(*pause);
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_path_buf();
    move |source| Error::Write { path, source }
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

/// Writes one file all at once: the text goes to a sibling temporary file first, flushed to
/// disk, which then takes the file's place, so a reader never sees half of it and a failure or a
/// kill leaves the old one.
pub fn write_file(path: &Path, contents: &str) -> Result<()> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staging = path.with_file_name(format!(".{name}.new"));
    write_synced(&staging, contents)?;
    fs::rename(&staging, path).map_err(|source| {
        let _ = fs::remove_file(&staging);
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}

/// The journal of a [`write_files`] that has passed its point of no return, in its staging
/// folder: the names of the files to move into the folder, one a line.
const JOURNAL: &str = ".journal";

/// Replaces some files of the folder `dir` (by name, directly in it), all or nothing, and leaves
/// every other file of the folder alone; a crash or a kill at any moment leaves, once the next
/// [`write_files`] (or [`recover_files`]) has started, exactly the old files or exactly the new
/// ones.
///
/// The new files are written to the sibling folder `.<dir>.import` and flushed to disk; then the
/// list of their names is written there as `.journal` (to a temporary name, flushed, renamed:
/// that rename is the commit); then each file is renamed into `dir`, and the journal and the
/// folder are deleted. A run killed before the commit leaves `dir` as it was and a staging
/// folder without journal, which the next run deletes; a run killed after it may leave `dir`
/// with some files replaced and the rest not, and the journal, which the next run completes
/// before it does anything else. [`read_pending`] reads a file as that completion will leave it.
pub fn write_files(dir: &Path, files: &[(String, String)]) -> Result<()> {
    recover_files(dir)?;
    let staging = files_staging(dir);
    fs::create_dir_all(dir).map_err(io(dir))?;
    for (name, _) in files {
        if name.is_empty() || name.contains(['/', '\\', '\n']) || name.starts_with(JOURNAL) {
            return Err(Error::Write {
                path: dir.join(name),
                source: std::io::Error::other("not a plain file name"),
            });
        }
    }
    let staged = (|| {
        fs::create_dir_all(&staging).map_err(io(&staging))?;
        each_at_once(files, |(name, contents)| {
            write_synced(&staging.join(name), contents)
        })?;
        let journal: String = files.iter().map(|(name, _)| format!("{name}\n")).collect();
        let pending = staging.join(format!("{JOURNAL}.new"));
        write_synced(&pending, &journal)?;
        sync_dir(&staging)?;
        pause();
        fs::rename(&pending, staging.join(JOURNAL)).map_err(io(&staging))?;
        pause();
        sync_dir(&staging)
    })();
    if let Err(err) = staged {
        let _ = fs::remove_dir_all(&staging);
        return Err(err);
    }
    complete(dir, &staging)
}

/// Finishes or undoes a [`write_files`] into `dir` that was killed: with its journal, moves
/// the files it lists that are still staged into `dir`; without, deletes the staging folder.
pub fn recover_files(dir: &Path) -> Result<()> {
    let staging = files_staging(dir);
    if staging.join(JOURNAL).is_file() {
        return complete(dir, &staging);
    }
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    Ok(())
}

/// A file of a folder [`write_files`] writes, as it is once an interrupted write is completed:
/// the staged file when a journal lists it, else the file itself. `None` when there is none.
pub fn read_pending(path: &Path) -> Option<String> {
    if let (Some(dir), Some(name)) = (path.parent(), path.file_name()) {
        let staging = files_staging(dir);
        let listed = fs::read_to_string(staging.join(JOURNAL))
            .is_ok_and(|journal| journal.lines().any(|line| name.to_str() == Some(line)));
        if listed {
            if let Ok(text) = fs::read_to_string(staging.join(name)) {
                return Some(text);
            }
        }
    }
    fs::read_to_string(path).ok()
}

/// Moves every file the journal lists that is still in `staging` into `dir`, then deletes the
/// journal and `staging`. A file the journal lists that is not in `staging` was moved already.
fn complete(dir: &Path, staging: &Path) -> Result<()> {
    let journal = staging.join(JOURNAL);
    let names = fs::read_to_string(&journal).map_err(|source| Error::Read {
        file: journal.display().to_string(),
        source,
    })?;
    for name in names.lines() {
        let staged = staging.join(name);
        if staged.exists() {
            fs::rename(&staged, dir.join(name)).map_err(io(&dir.join(name)))?;
            pause();
        }
    }
    sync_dir(dir)?;
    fs::remove_file(&journal).map_err(io(&journal))?;
    pause();
    fs::remove_dir_all(staging).map_err(io(staging))?;
    sync_dir(&parent_of(staging))
}

/// `.<dir>.import` beside `dir`, where [`write_files`] stages its files (named apart from
/// [`write`]'s `.<root>.new`, so that neither run takes the other's for its own leftover).
fn files_staging(dir: &Path) -> PathBuf {
    let dir = match dir.as_os_str().is_empty() {
        true => Path::new("."),
        false => dir,
    };
    let named = match dir.file_name() {
        Some(_) => dir.to_path_buf(),
        // `.`, `..` or a path ending in one: the folder's own name.
        None => fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()),
    };
    match named.file_name() {
        Some(name) => parent_of(&named).join(format!(".{}.import", name.to_string_lossy())),
        // The file system's root has no sibling.
        None => named.join(".specforge.import"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> FileSet {
        let mut set = FileSet::default();
        for (path, contents) in pairs {
            set.insert(*path, (*contents).to_owned());
        }
        set
    }

    fn read(path: &Path) -> String {
        fs::read_to_string(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
    }

    #[test]
    fn write_replaces_the_tree_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
        let root = dir.path().join("generated");
        let old = files(&[("runtime/Cargo.toml", "old"), ("gone.rs", "x")]);
        write(&old, &root).unwrap_or_else(|err| panic!("{err}"));
        let new = files(&[("runtime/Cargo.toml", "new"), ("a/b.rs", "b")]);
        write(&new, &root).unwrap_or_else(|err| panic!("{err}"));
        assert!(check(&new, &root)
            .unwrap_or_else(|err| panic!("{err}"))
            .is_clean());
        let beside: Vec<_> = fs::read_dir(dir.path())
            .unwrap_or_else(|err| panic!("{err}"))
            .map(|entry| entry.map(|e| e.file_name()).ok())
            .collect();
        assert_eq!(beside, [Some("generated".into())]);
    }

    #[test]
    fn write_clears_what_a_killed_run_left_and_puts_back_a_tree_renamed_away() {
        let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
        let root = dir.path().join("generated");
        let new = files(&[("runtime/Cargo.toml", "new")]);
        // Killed while writing the new tree, or after the exchange: a whole root, and a
        // partial tree or the old one beside it.
        for leftover in [".generated.new", ".generated.old"] {
            write(&files(&[("runtime/Cargo.toml", "old")]), &root)
                .unwrap_or_else(|err| panic!("{err}"));
            fs::create_dir_all(dir.path().join(leftover).join("half"))
                .unwrap_or_else(|err| panic!("{err}"));
            write(&new, &root).unwrap_or_else(|err| panic!("{err}"));
            assert_eq!(read(&root.join("runtime/Cargo.toml")), "new");
            assert!(!dir.path().join(leftover).exists());
        }
        // Killed between the two renames where folders cannot be exchanged: no root, the old
        // tree as `.generated.old`, which the next run renames back before anything else.
        fs::rename(&root, dir.path().join(".generated.old")).unwrap_or_else(|err| panic!("{err}"));
        let (staging, retired) = siblings(&root);
        recover(&root, &staging, &retired).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(read(&root.join("runtime/Cargo.toml")), "new");
        assert!(!retired.exists());
    }

    #[test]
    fn write_files_replaces_only_its_files_and_a_journal_is_completed_by_the_next_run() {
        let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
        let specs = dir.path().join("specs");
        fs::create_dir_all(specs.join("pages")).unwrap_or_else(|err| panic!("{err}"));
        fs::write(specs.join("a.overlay.yaml"), "mine").unwrap_or_else(|err| panic!("{err}"));
        fs::write(specs.join("a.yaml"), "old a").unwrap_or_else(|err| panic!("{err}"));
        let pair = |name: &str, text: &str| (name.to_owned(), text.to_owned());
        write_files(&specs, &[pair("a.yaml", "a"), pair("b.yaml", "b")])
            .unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(read(&specs.join("a.yaml")), "a");
        assert_eq!(read(&specs.join("b.yaml")), "b");
        assert_eq!(read(&specs.join("a.overlay.yaml")), "mine");
        let staging = dir.path().join(".specs.import");
        assert!(!staging.exists());

        // Killed after the commit, with `a.yaml` moved in and `b.yaml` not yet.
        fs::create_dir_all(&staging).unwrap_or_else(|err| panic!("{err}"));
        fs::write(specs.join("a.yaml"), "a2").unwrap_or_else(|err| panic!("{err}"));
        fs::write(staging.join("b.yaml"), "b2").unwrap_or_else(|err| panic!("{err}"));
        fs::write(staging.join(JOURNAL), "a.yaml\nb.yaml\n").unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(read_pending(&specs.join("b.yaml")).as_deref(), Some("b2"));
        assert_eq!(read_pending(&specs.join("a.yaml")).as_deref(), Some("a2"));
        recover_files(&specs).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(read(&specs.join("b.yaml")), "b2");
        assert!(!staging.exists());

        // Killed before the commit: the staged files are dropped.
        fs::create_dir_all(&staging).unwrap_or_else(|err| panic!("{err}"));
        fs::write(staging.join("b.yaml"), "b3").unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(read_pending(&specs.join("b.yaml")).as_deref(), Some("b2"));
        write_files(&specs, &[pair("c.yaml", "c")]).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(read(&specs.join("b.yaml")), "b2");
        assert_eq!(read(&specs.join("c.yaml")), "c");
        assert!(!staging.exists());
    }
}
