//! Output under faults: the real `specforge` binary is killed (SIGKILL) at random moments of a
//! `generate` and of an `import`, many times. After every kill the output folder holds exactly
//! the old files or exactly the new ones (for `import`, once its journal is applied: see
//! `output::write_files`), and the next run succeeds, leaves exactly the new files and nothing
//! beside them.
//!
//! The moments are drawn from a seeded generator (`SPECFORGE_KILL_SEED` replaces the seed): a
//! third over the measured length of a whole run, a third over the measured length of the write
//! once the staging folder beside the output appears, a third soon after the write commits (see
//! `Kill`); each test stops after `KILLS` kills or `BUDGET`, whichever comes first, and prints
//! where its kills landed
//! (`cargo test --test kill -- --nocapture`).

// Where folders can be exchanged in one step; elsewhere a kill between the two renames leaves
// no output folder until the next run (README: When a run is killed).
#![cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const KILLS: usize = 50;
const BUDGET: Duration = Duration::from_secs(35);

/// A folder's files by relative path, with their bytes.
type Tree = BTreeMap<String, Vec<u8>>;

fn tree(root: &Path) -> Option<Tree> {
    fn walk(root: &Path, dir: &Path, out: &mut Tree) {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
            .map(|entry| entry.unwrap_or_else(|err| panic!("{err}")).path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path.strip_prefix(root).unwrap_or(&path);
                let bytes = fs::read(&path).unwrap_or_else(|err| panic!("{err}"));
                out.insert(relative.to_string_lossy().replace('\\', "/"), bytes);
            }
        }
    }
    if !root.exists() {
        return None;
    }
    let mut out = Tree::new();
    walk(root, root, &mut out);
    Some(out)
}

/// Replaces the folder `root` with the files of `tree`.
fn put(root: &Path, tree: &Tree) {
    if root.exists() {
        fs::remove_dir_all(root).unwrap_or_else(|err| panic!("{err}"));
    }
    for (path, bytes) in tree {
        let full = root.join(path);
        fs::create_dir_all(full.parent().unwrap_or(root)).unwrap_or_else(|err| panic!("{err}"));
        fs::write(full, bytes).unwrap_or_else(|err| panic!("{err}"));
    }
}

/// The names in a folder (not below it), sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("{err}"))
        .map(|entry| {
            let entry = entry.unwrap_or_else(|err| panic!("{err}"));
            entry.file_name().to_string_lossy().into_owned()
        })
        .collect();
    names.sort();
    names
}

fn copy(from: &Path, to: &Path) {
    fs::create_dir_all(to.parent().unwrap_or(to)).unwrap_or_else(|err| panic!("{err}"));
    fs::copy(from, to)
        .unwrap_or_else(|err| panic!("{} -> {}: {err}", from.display(), to.display()));
}

fn repo(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn specforge(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_specforge"));
    command
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

/// Runs the binary to its end; panics unless it ends as `success` says. Returns how long it took.
fn complete(dir: &Path, args: &[&str], success: bool) -> Duration {
    let start = Instant::now();
    let output = specforge(dir, args)
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(
        output.status.success(),
        success,
        "specforge {}:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    start.elapsed()
}

/// splitmix64: a small seeded generator, so that a failing sequence of kills can be replayed.
struct Rng(u64);

impl Rng {
    fn seeded() -> Rng {
        let seed = std::env::var("SPECFORGE_KILL_SEED")
            .ok()
            .and_then(|seed| seed.parse().ok())
            .unwrap_or(0x5eed_0fc0_ffee);
        eprintln!("seed {seed} (SPECFORGE_KILL_SEED replays it)");
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A duration between `low` and `high`.
    fn between(&mut self, low: Duration, high: Duration) -> Duration {
        let span = high.saturating_sub(low).as_micros().max(1) as u64;
        low + Duration::from_micros(self.next() % span)
    }
}

/// When a run is killed: at a moment after its start, after its staging folder appears beside
/// the output (the write has begun), or after the mark of its commit appears (`generate`'s old
/// tree moved beside the output by the exchange, `import`'s journal). The moments of a loaded
/// machine's runs vary far more than a write lasts; the last two kinds land in the write however
/// long the work before it took.
#[derive(Debug, Clone, Copy)]
enum Kill {
    /// After its start.
    Start(Duration),
    /// After its staging folder appears.
    Staging(Duration),
    /// After the mark of its commit appears.
    Commit(Duration),
}

impl Kill {
    /// A third of the kills anywhere in a run (`whole` long), a third in the write (`write`
    /// long, from the staging folder's appearance to the run's end), a third within 15 ms of
    /// the commit.
    fn draw(rng: &mut Rng, whole: Duration, write: Duration) -> Kill {
        match rng.next() % 3 {
            0 => Kill::Start(rng.between(Duration::ZERO, whole.mul_f64(1.15))),
            1 => Kill::Staging(rng.between(Duration::ZERO, write.mul_f64(1.2))),
            _ => Kill::Commit(rng.between(Duration::ZERO, Duration::from_millis(15))),
        }
    }
}

/// Starts the binary and kills it as `kill` says (`staging` and `commit` are the paths whose
/// appearance it waits for) unless it ended first; says whether it ended first.
fn run_and_kill(
    dir: &Path,
    args: &[&str],
    paused: bool,
    staging: &Path,
    commit: &Path,
    kill: Kill,
) -> bool {
    let mut child = paced(specforge(dir, args), paused)
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|err| panic!("{err}"));
    let (delay, mark) = match kill {
        Kill::Start(delay) => (delay, None),
        Kill::Staging(delay) => (delay, Some(staging)),
        Kill::Commit(delay) => (delay, Some(commit)),
    };
    if let Some(mark) = mark {
        let start = Instant::now();
        while !mark.exists() && start.elapsed() < Duration::from_secs(60) {
            if child.try_wait().ok().flatten().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_micros(50));
        }
    }
    std::thread::sleep(delay);
    let ended = child
        .try_wait()
        .unwrap_or_else(|err| panic!("{err}"))
        .is_some();
    // `Child::kill` is SIGKILL on Unix.
    child.kill().unwrap_or_else(|err| panic!("{err}"));
    child.wait().unwrap_or_else(|err| panic!("{err}"));
    ended
}

/// How long a run writes: from its staging folder's appearance to its end.
fn write_span(dir: &Path, args: &[&str], paused: bool, staging: &Path) -> Duration {
    let mut child = paced(specforge(dir, args), paused)
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|err| panic!("{err}"));
    let mut appeared = None;
    loop {
        if appeared.is_none() && staging.exists() {
            appeared = Some(Instant::now());
        }
        if let Some(status) = child.try_wait().unwrap_or_else(|err| panic!("{err}")) {
            assert!(status.success(), "specforge {}: {status}", args.join(" "));
            break;
        }
        std::thread::sleep(Duration::from_micros(100));
    }
    appeared.map(|at| at.elapsed()).unwrap_or_default()
}

/// The pause between two steps of a write in the runs killed with the steps paused.
const PAUSE_US: &str = "20000";

/// With `paused`, a command whose write waits `PAUSE_US` between two steps
/// (`SPECFORGE_WRITE_PAUSE_US`), so that a kill can land between two renames that are otherwise
/// microseconds apart.
fn paced(mut command: Command, paused: bool) -> Command {
    if paused {
        command.env("SPECFORGE_WRITE_PAUSE_US", PAUSE_US);
    }
    command
}

fn summary(
    what: &str,
    kills: usize,
    paused: usize,
    phases: &BTreeMap<&str, usize>,
    start: Instant,
) {
    let landed: Vec<String> = phases.iter().map(|(k, n)| format!("{n} {k}")).collect();
    eprintln!(
        "{what}: {kills} kills ({paused} with the steps paused) in {:.1} s: {}",
        start.elapsed().as_secs_f64(),
        landed.join(", ")
    );
}

#[test]
fn a_killed_generate_leaves_the_old_tree_or_the_new_one_and_the_next_run_cleans_up() {
    let scratch = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let dir = scratch.path();
    // The old specs are two APIs, the new ones three: one dropped (petstore), one changed
    // (fimidara, whose old spec is AWX's), two added, so the new tree replaces, adds and drops
    // files. Few APIs, as a run's length is mostly its start and its work, not its write.
    for name in ["fimidara", "awx", "sailpoint"] {
        copy(
            &repo(&format!("specs/{name}.yaml")),
            &dir.join(format!("specs/{name}.yaml")),
        );
    }
    copy(
        &repo("tests/corpus/petstore-expanded.yaml"),
        &dir.join("old/petstore-expanded.yaml"),
    );
    copy(&repo("specs/awx.yaml"), &dir.join("old/fimidara.yaml"));
    let generated = dir.join("generated");
    let old_run = ["generate", "--specs", "old", "-q"];
    let new_run = ["generate", "--specs", "specs", "-q"];
    complete(dir, &old_run, true);
    let old = tree(&generated).unwrap_or_default();
    let whole = complete(dir, &new_run, true);
    let new = tree(&generated).unwrap_or_default();
    assert_ne!(old, new);
    let beside = names(dir);
    eprintln!(
        "generate: {} old files, {} new files; a run takes {whole:?}",
        old.len(),
        new.len()
    );
    let staging_dir = dir.join(".generated.new");
    let retired_dir = dir.join(".generated.old");
    put(&generated, &old);
    let writes = [false, true].map(|paused| {
        put(&generated, &old);
        write_span(dir, &new_run, paused, &staging_dir)
    });
    eprintln!(
        "generate: its write takes {:?}, {:?} with its steps paused",
        writes[0], writes[1]
    );

    let mut rng = Rng::seeded();
    let mut phases = BTreeMap::new();
    let start = Instant::now();
    let mut kills = 0;
    let mut paused_kills = 0;
    while kills < KILLS && (kills < 5 || start.elapsed() < BUDGET) {
        put(&generated, &old);
        // Every other run, on average, with the steps of its write paused.
        let paused = rng.next() % 2 == 0;
        paused_kills += usize::from(paused);
        let delay = Kill::draw(&mut rng, whole, writes[usize::from(paused)]);
        let ended = run_and_kill(dir, &new_run, paused, &staging_dir, &retired_dir, delay);
        kills += 1;
        let found = tree(&generated);
        let staging = dir.join(".generated.new").exists();
        let retired = dir.join(".generated.old").exists();
        let phase = match (found.as_ref(), staging, retired) {
            (Some(t), false, false) if *t == old => "before the write",
            (Some(t), true, false) if *t == old => "while the new tree was written beside",
            (Some(t), _, _) if *t == new && (staging || retired) => {
                "after the exchange, before the old tree was deleted"
            }
            (Some(t), false, false) if *t == new && ended => "after the run ended",
            (Some(t), false, false) if *t == new => "at the end of the run",
            _ => panic!(
                "killed {delay:?}: generated/ is neither the old tree nor the new one \
                 (or something unexpected is beside it: {:?}); differs from the new tree in {:?}",
                names(dir),
                found.map(|t| differing(&t, &new))
            ),
        };
        *phases.entry(phase).or_insert(0) += 1;
        complete(dir, &new_run, true);
        assert!(
            tree(&generated).as_ref() == Some(&new),
            "killed {delay:?} ({phase}): the next run did not write the new tree"
        );
        assert_eq!(names(dir), beside, "killed {delay:?} ({phase})");
    }
    summary("generate", kills, paused_kills, &phases, start);
}

/// The paths that differ between two trees.
fn differing(a: &Tree, b: &Tree) -> Vec<String> {
    let mut paths: Vec<String> = a
        .keys()
        .chain(b.keys())
        .filter(|path| a.get(*path) != b.get(*path))
        .cloned()
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

#[test]
fn a_killed_import_leaves_the_old_specs_or_the_new_ones_and_the_next_run_completes_it() {
    let scratch = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let dir = scratch.path();
    let specs = dir.join("specs");
    // Eight APIs: the four seed APIs' pages and overlays twice over.
    let seeds = [
        ("fimidara", &["update-token.md"][..]),
        ("awx", &["update-token.txt"][..]),
        (
            "authlete",
            &["token-update-request.md", "client-authorization-update.txt"][..],
        ),
        ("sailpoint", &["patch-personal-access-token.txt"][..]),
    ];
    for copy_number in 1..=2 {
        for (api, pages) in seeds {
            let name = format!("{api}{copy_number}");
            for page in pages {
                copy(
                    &repo(&format!("specs/pages/{api}/{page}")),
                    &specs.join(format!("pages/{name}/{page}")),
                );
            }
            copy(
                &repo(&format!("specs/{api}.overlay.yaml")),
                &specs.join(format!("{name}.overlay.yaml")),
            );
        }
    }
    fs::write(specs.join("README.md"), "The user's own file.\n")
        .unwrap_or_else(|err| panic!("{err}"));
    let run = ["import", "-q"];
    complete(dir, &run, true);
    let new = tree(&specs).unwrap_or_default();
    // The old specs: each API's file holds the next API's spec, and the last has none yet.
    let yamls: Vec<String> = new
        .keys()
        .filter(|path| {
            !path.contains('/') && path.ends_with(".yaml") && !path.contains(".overlay.")
        })
        .cloned()
        .collect();
    assert_eq!(yamls.len(), 8);
    let mut old = new.clone();
    for (i, path) in yamls.iter().enumerate() {
        match yamls.get(i + 1) {
            Some(next) => old.insert(path.clone(), new[next].clone()),
            None => old.remove(path),
        };
    }
    put(&specs, &old);
    let whole = complete(dir, &run, true);
    assert!(tree(&specs).as_ref() == Some(&new));
    let beside = names(dir);
    let staging = dir.join(".specs.import");
    put(&specs, &old);
    let writes = [false, true].map(|paused| {
        put(&specs, &old);
        write_span(dir, &run, paused, &staging)
    });
    eprintln!(
        "import: {} specs to write; a run takes {whole:?}, its write {:?}, {:?} with its steps \
         paused",
        yamls.len(),
        writes[0],
        writes[1]
    );

    let mut rng = Rng::seeded();
    let mut phases = BTreeMap::new();
    let start = Instant::now();
    let mut kills = 0;
    let mut paused_kills = 0;
    while kills < KILLS && (kills < 5 || start.elapsed() < BUDGET) {
        put(&specs, &old);
        let paused = rng.next() % 2 == 0;
        paused_kills += usize::from(paused);
        let delay = Kill::draw(&mut rng, whole, writes[usize::from(paused)]);
        let commit = staging.join(".journal");
        let ended = run_and_kill(dir, &run, paused, &staging, &commit, delay);
        kills += 1;
        let found = tree(&specs).unwrap_or_default();
        let journal = fs::read_to_string(staging.join(".journal")).ok();
        let phase = match &journal {
            None if found == old && !staging.exists() => "before the write",
            None if found == old => "while the new specs were staged beside",
            None if found == new && staging.exists() => {
                "after the specs were moved in, before the staging folder was deleted"
            }
            None if found == new && ended => "after the run ended",
            None if found == new => "at the end of the run",
            None => panic!(
                "killed {delay:?} without a journal: specs/ is neither the old specs nor \
                 the new ones; differs from the new ones in {:?}",
                differing(&found, &new)
            ),
            Some(journal) => {
                // Past the commit: each file is the old one or the new one, and the journal's
                // staged files make the new ones.
                let mut completed = found.clone();
                for name in journal.lines() {
                    if let Ok(bytes) = fs::read(staging.join(name)) {
                        completed.insert(name.to_owned(), bytes);
                    }
                }
                for (path, bytes) in &found {
                    assert!(
                        old.get(path) == Some(bytes) || new.get(path) == Some(bytes),
                        "killed {delay:?}: specs/{path} is neither its old nor its new text"
                    );
                }
                assert!(
                    completed == new,
                    "killed {delay:?}: the journal does not complete specs/; it differs \
                     in {:?}",
                    differing(&completed, &new)
                );
                // `--check` reads the specs as the journal will leave them.
                complete(dir, &["import", "--check", "-q"], true);
                match found == old {
                    true => "after the commit, before any spec was moved in",
                    false => "while the specs were moved in",
                }
            }
        };
        *phases.entry(phase).or_insert(0) += 1;
        complete(dir, &run, true);
        assert!(
            tree(&specs).as_ref() == Some(&new),
            "killed {delay:?} ({phase}): the next run did not leave the new specs"
        );
        assert_eq!(names(dir), beside, "killed {delay:?} ({phase})");
    }
    summary("import", kills, paused_kills, &phases, start);
}
