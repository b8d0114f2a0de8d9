//! `cargo xtask compare`: specforge and OpenAPI Generator (`rust-axum`) side by side on the same
//! documents, each run several times, alternately, with wall time, CPU time and peak memory.
//!
//! OpenAPI Generator 7.26 comes from PyPI (`openapi-generator-cli`, which carries the jar),
//! installed into a virtual environment under `target/openapi-generator/` the first time; it
//! is run as `java -jar` on that jar, so Python's start-up is not counted against it. specforge
//! is this repository's release build of `cargo xtask generate`. Both write every file they
//! generate to a fresh folder. With `--check`, the last output of each is then compiled with
//! `cargo check`, one crate at a time with its dependencies already built, for what the
//! generated code costs its users on every build.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The OpenAPI Generator release compared against.
const OPENAPI_GENERATOR: &str = "7.26.0";

/// OpenAPI Generator's YAML reader refuses documents over 3 MiB (its default code point limit).
const YAML_LIMIT: u64 = 3 * 1024 * 1024;

/// What one run of a generator cost.
#[derive(Debug, Clone, Copy)]
struct Cost {
    wall: Duration,
    cpu: Duration,
    /// Peak resident set size of the process and everything it waited for, in bytes.
    peak: u64,
}

pub fn run(
    root: &Path,
    target: &Path,
    documents: &[PathBuf],
    runs: usize,
    check: bool,
) -> Result<(), String> {
    if documents.is_empty() {
        return Err(
            "name at least one document: cargo xtask compare ../shared/corpus/github_api.json"
                .to_owned(),
        );
    }
    let runs = runs.max(1);
    let jar = openapi_generator_jar(target)?;
    let java = which("java").ok_or(
        "OpenAPI Generator needs Java (17 or later), and no `java` is on PATH: install a JDK first",
    )?;
    let specforge = build_specforge(root, target)?;
    let scratch = target.join("compare");
    for document in documents {
        let document = if document.is_absolute() || document.exists() {
            document.clone()
        } else {
            root.join(document)
        };
        let name = document
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .ok_or_else(|| format!("{}: not a file", document.display()))?;
        let stem = name.split('.').next().unwrap_or(&name).to_owned();
        let folder = scratch.join(&stem);
        let _ = std::fs::remove_dir_all(&folder);
        let specs = folder.join("specs");
        std::fs::create_dir_all(&specs).map_err(|err| format!("{}: {err}", specs.display()))?;
        std::fs::copy(&document, specs.join(&name))
            .map_err(|err| format!("{}: {err}", document.display()))?;
        let (peer_input, note) = peer_input(&document, &folder)?;

        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        let mut their_failure = None;
        for _ in 0..runs {
            let out = folder.join("out-specforge");
            let _ = std::fs::remove_dir_all(&out);
            let mut command = Command::new(&specforge);
            command
                .arg("generate")
                .arg("--specs")
                .arg(&specs)
                .arg("--out")
                .arg(&out);
            let (cost, output) = measure(command)?;
            if !output.0 {
                return Err(format!(
                    "specforge failed on {}:\n{}",
                    document.display(),
                    output.1
                ));
            }
            ours.push(cost);

            let out = folder.join("out-openapi-generator");
            let _ = std::fs::remove_dir_all(&out);
            let mut command = Command::new(&java);
            command
                .arg("-jar")
                .arg(&jar)
                .args(["generate", "-g", "rust-axum", "--skip-validate-spec", "-i"])
                .arg(&peer_input)
                .arg("-o")
                .arg(&out);
            let (cost, output) = measure(command)?;
            if output.0 {
                theirs.push(cost);
            } else {
                their_failure = Some(last_lines(&output.1, 3));
            }
        }
        println!("\n{name}: {runs} runs each, alternating; medians");
        if let Some(note) = note {
            println!("  ({note})");
        }
        let ours = median(&ours);
        println!(
            "  {:<26} {:>10} {:>10} {:>12}",
            "", "wall", "CPU", "peak RSS"
        );
        print_row("specforge", &ours);
        if theirs.is_empty() {
            println!(
                "  OpenAPI Generator {OPENAPI_GENERATOR} rust-axum failed: {}",
                their_failure.unwrap_or_default()
            );
            if check {
                check_outputs(&scratch, &folder, false)?;
            }
            continue;
        }
        let theirs = median(&theirs);
        print_row(&format!("OpenAPI Generator {OPENAPI_GENERATOR}"), &theirs);
        println!(
            "  {:<26} {:>9.1}× {:>9.1}× {:>11.1}×",
            "specforge is",
            theirs.wall.as_secs_f64() / ours.wall.as_secs_f64(),
            theirs.cpu.as_secs_f64() / ours.cpu.as_secs_f64().max(1e-9),
            theirs.peak as f64 / ours.peak.max(1) as f64,
        );
        println!("  (faster in wall time, in CPU time, and smaller in peak memory)");
        if check {
            check_outputs(&scratch, &folder, true)?;
        }
    }
    Ok(())
}

/// `cargo check` of each generated crate in `folder` (specforge's models and server, and
/// OpenAPI Generator's crate if `peer` and it generated one), one crate at a time with every
/// dependency built first, so each figure is that crate's own: the seconds, its lines of Rust
/// and the seconds per 10,000 lines. One target folder under `scratch` serves every document.
fn check_outputs(scratch: &Path, folder: &Path, peer: bool) -> Result<(), String> {
    let target = scratch.join("check-target");
    let ours = folder.join("out-specforge");
    // Every crate specforge wrote: the runtime, and each API's models and server.
    let mut crates: Vec<PathBuf> = Vec::new();
    for entry in read_dir(&ours)? {
        if entry.join("Cargo.toml").is_file() {
            crates.push(entry);
        } else {
            crates.extend(
                read_dir(&entry)?
                    .into_iter()
                    .filter(|krate| krate.join("Cargo.toml").is_file()),
            );
        }
    }
    let members: Vec<String> = crates
        .iter()
        .filter_map(|krate| krate.strip_prefix(&ours).ok())
        .map(|krate| format!("{:?}", krate.to_string_lossy()))
        .collect();
    let manifest = ours.join("Cargo.toml");
    std::fs::write(
        &manifest,
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .map_err(|err| format!("{}: {err}", manifest.display()))?;
    println!("  cargo check, one crate at a time, its dependencies built:");
    for krate in crates.iter().filter(|krate| !krate.ends_with("runtime")) {
        let package = package_name(krate)?;
        let (seconds, lines) = check_crate(&manifest, &target, krate, &["-p", &package])?;
        print_check(&format!("specforge {package}"), seconds, lines);
    }
    if peer {
        let theirs = folder.join("out-openapi-generator");
        let manifest = theirs.join("Cargo.toml");
        // A workspace of its own, or cargo would take it for a stray member of this repository.
        let text = std::fs::read_to_string(&manifest)
            .map_err(|err| format!("{}: {err}", manifest.display()))?;
        if !text.lines().any(|line| line.trim() == "[workspace]") {
            std::fs::write(&manifest, format!("{text}\n[workspace]\n"))
                .map_err(|err| format!("{}: {err}", manifest.display()))?;
        }
        match check_crate(&manifest, &target, &theirs, &["--lib"]) {
            Ok((seconds, lines)) => print_check(
                &format!("OpenAPI Generator {OPENAPI_GENERATOR}"),
                seconds,
                lines,
            ),
            Err(err) => println!(
                "  OpenAPI Generator {OPENAPI_GENERATOR}'s crate does not compile: {}",
                first_error(&err)
            ),
        }
    }
    Ok(())
}

/// Builds a crate's dependencies and the crate, then checks the crate alone again (its
/// `src/lib.rs` touched, without incremental compilation): the seconds that took, and the lines
/// of Rust in its `src/`.
fn check_crate(
    manifest: &Path,
    target: &Path,
    krate: &Path,
    selection: &[&str],
) -> Result<(f64, usize), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let check = || {
        let mut command = Command::new(&cargo);
        command
            .args(["check", "--quiet", "--manifest-path"])
            .arg(manifest)
            .args(selection)
            .env("CARGO_TARGET_DIR", target)
            .env("CARGO_INCREMENTAL", "0");
        command
    };
    run_quietly(&mut check())?;
    let lib = krate.join("src/lib.rs");
    let file = std::fs::File::options()
        .append(true)
        .open(&lib)
        .map_err(|err| format!("{}: {err}", lib.display()))?;
    file.set_modified(std::time::SystemTime::now())
        .map_err(|err| format!("{}: {err}", lib.display()))?;
    let start = Instant::now();
    run_quietly(&mut check())?;
    let seconds = start.elapsed().as_secs_f64();
    Ok((seconds, rust_lines(&krate.join("src"))?))
}

fn print_check(label: &str, seconds: f64, lines: usize) {
    println!(
        "    {label:<40} {seconds:>7.1} s {lines:>9} lines {:>6.1} s per 10,000 lines",
        seconds * 10_000.0 / lines.max(1) as f64
    );
}

/// The lines of every `.rs` file under `dir`.
fn rust_lines(dir: &Path) -> Result<usize, String> {
    let mut lines = 0;
    for entry in read_dir(dir)? {
        if entry.is_dir() {
            lines += rust_lines(&entry)?;
        } else if entry.extension().is_some_and(|ext| ext == "rs") {
            let text = std::fs::read_to_string(&entry)
                .map_err(|err| format!("{}: {err}", entry.display()))?;
            lines += text.lines().count();
        }
    }
    Ok(lines)
}

/// The entries of a folder, sorted.
fn read_dir(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|err| format!("{}: {err}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    entries.sort();
    Ok(entries)
}

/// The `name` of a crate's `[package]`.
fn package_name(krate: &Path) -> Result<String, String> {
    let manifest = krate.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .map_err(|err| format!("{}: {err}", manifest.display()))?;
    text.lines()
        .find_map(|line| {
            let value = line.strip_prefix("name = ")?;
            Some(value.trim_matches('"').to_owned())
        })
        .ok_or_else(|| format!("{}: no package name", manifest.display()))
}

fn print_row(label: &str, cost: &Cost) {
    println!(
        "  {label:<26} {:>9.2}s {:>9.2}s {:>8.0} MiB",
        cost.wall.as_secs_f64(),
        cost.cpu.as_secs_f64(),
        cost.peak as f64 / (1024.0 * 1024.0)
    );
}

/// The median of each measure on its own.
fn median(costs: &[Cost]) -> Cost {
    fn middle<T: Copy + Ord>(mut values: Vec<T>) -> T {
        values.sort();
        values[values.len() / 2]
    }
    Cost {
        wall: middle(costs.iter().map(|cost| cost.wall).collect()),
        cpu: middle(costs.iter().map(|cost| cost.cpu).collect()),
        peak: middle(costs.iter().map(|cost| cost.peak).collect()),
    }
}

/// The document OpenAPI Generator is given: the same one, or, for YAML over its reader's limit,
/// the same document converted to JSON (with a note saying so).
fn peer_input(document: &Path, folder: &Path) -> Result<(PathBuf, Option<String>), String> {
    let size = std::fs::metadata(document)
        .map_err(|err| format!("{}: {err}", document.display()))?
        .len();
    let yaml = document
        .extension()
        .is_some_and(|ext| ext == "yaml" || ext == "yml");
    if !yaml || size <= YAML_LIMIT {
        return Ok((document.to_path_buf(), None));
    }
    let text = std::fs::read_to_string(document)
        .map_err(|err| format!("{}: {err}", document.display()))?;
    let value: serde_json::Value = serde_yaml::from_str(&text)
        .map_err(|err| format!("{}: cannot convert to JSON: {err}", document.display()))?;
    let json = folder.join("converted.json");
    let text = serde_json::to_string(&value).map_err(|err| err.to_string())?;
    std::fs::write(&json, text).map_err(|err| format!("{}: {err}", json.display()))?;
    Ok((
        json,
        Some(format!(
            "OpenAPI Generator was given it converted to JSON: its YAML reader refuses documents over 3 MiB, and this one is {:.1} MiB",
            size as f64 / (1024.0 * 1024.0)
        )),
    ))
}

/// Runs a command to its end through `cargo xtask measure` and says what it cost; returns
/// whether it succeeded, and its stderr (stdout is dropped).
///
/// The peak Linux reports for a process counts the memory of the process it was spawned from:
/// a child started with `vfork` (as `posix_spawn` and so `std::process::Command` start it)
/// shares its parent's memory until it executes its program, and the kernel keeps the larger
/// of that memory's peak and the program's own. This process grows (it converts Stripe's
/// document to JSON for the peer), so every run measured from it after that reported at least
/// its size: Twilio Messaging's 25 MiB as 62. `measure`, started fresh, spawns each run instead
/// and reports its cost.
fn measure(command: Command) -> Result<(Cost, (bool, String)), String> {
    let itself = std::env::current_exe().map_err(|err| format!("cannot find xtask: {err}"))?;
    let mut through = Command::new(itself);
    through
        .arg("measure")
        .arg("--")
        .arg(command.get_program())
        .args(command.get_args());
    if let Some(dir) = command.get_current_dir() {
        through.current_dir(dir);
    }
    let shown = format!("{command:?}");
    let output = through
        .output()
        .map_err(|err| format!("cannot run {shown}: {err}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let report = String::from_utf8_lossy(&output.stdout);
    let fields: Vec<u64> = report
        .split_whitespace()
        .filter_map(|field| field.parse().ok())
        .collect();
    let [wall, cpu, peak, success] = fields[..] else {
        return Err(format!("measuring {shown} failed:\n{stderr}"));
    };
    let cost = Cost {
        wall: Duration::from_nanos(wall),
        cpu: Duration::from_nanos(cpu),
        peak,
    };
    Ok((cost, (success == 1, stderr)))
}

/// `cargo xtask measure`: runs `command`, passes its stderr on and prints its cost on stdout.
pub fn measure_for_parent(command: &[std::ffi::OsString]) -> Result<(), String> {
    let (program, args) = command.split_first().ok_or("measure: no command given")?;
    let mut child = Command::new(program);
    child.args(args);
    let (cost, (success, stderr)) = measure_here(child)?;
    eprint!("{stderr}");
    println!(
        "{} {} {} {}",
        cost.wall.as_nanos(),
        cost.cpu.as_nanos(),
        cost.peak,
        u8::from(success)
    );
    Ok(())
}

/// Runs a command to its end, spawned from this process, and says what it cost.
fn measure_here(mut command: Command) -> Result<(Cost, (bool, String)), String> {
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;

    let shown = format!("{command:?}");
    let start = Instant::now();
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| format!("cannot run {shown}: {err}"))?;
    let pid = child.id() as libc::pid_t;
    let mut stderr = child.stderr.expect("stderr is piped");
    // Read stderr on the side, so a chatty child cannot fill the pipe and stall.
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let mut status = 0;
    // SAFETY: an all-zero `rusage` is a valid value of the plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; `status` and `usage` are valid for
    // writes. wait4 reports the child's usage with that of the processes it waited for.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    if waited != pid {
        return Err(format!(
            "waiting for {shown} failed: {}",
            std::io::Error::last_os_error()
        ));
    }
    let stderr = reader.join().unwrap_or_default();
    let seconds = |time: libc::timeval| {
        Duration::from_secs(time.tv_sec as u64) + Duration::from_micros(time.tv_usec as u64)
    };
    let cost = Cost {
        wall,
        cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
        // Linux reports kilobytes.
        peak: usage.ru_maxrss as u64 * 1024,
    };
    let success = std::process::ExitStatus::from_raw(status).success();
    Ok((cost, (success, stderr)))
}

/// The jar of OpenAPI Generator, installed from PyPI into `target/openapi-generator/venv`
/// when it is not there yet.
fn openapi_generator_jar(target: &Path) -> Result<PathBuf, String> {
    let venv = target.join("openapi-generator/venv");
    if let Some(jar) = find_jar(&venv) {
        return Ok(jar);
    }
    println!(
        "installing OpenAPI Generator {OPENAPI_GENERATOR} from PyPI into {}",
        venv.display()
    );
    let python = which("python3").ok_or("installing OpenAPI Generator needs python3 on PATH")?;
    run_quietly(Command::new(python).args(["-m", "venv"]).arg(&venv))?;
    run_quietly(
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("openapi-generator-cli=={OPENAPI_GENERATOR}")),
    )?;
    find_jar(&venv).ok_or_else(|| {
        format!(
            "openapi-generator-cli {OPENAPI_GENERATOR} is installed in {} but holds no openapi-generator.jar",
            venv.display()
        )
    })
}

fn find_jar(venv: &Path) -> Option<PathBuf> {
    let lib = std::fs::read_dir(venv.join("lib")).ok()?;
    lib.filter_map(|entry| entry.ok())
        .map(|python| {
            python
                .path()
                .join("site-packages/openapi_generator_cli/openapi-generator.jar")
        })
        .find(|jar| jar.is_file())
}

/// Builds `cargo xtask generate` in release, and returns the binary.
fn build_specforge(root: &Path, target: &Path) -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    run_quietly(Command::new(cargo).current_dir(root).args([
        "build",
        "--quiet",
        "--release",
        "--package",
        "xtask",
    ]))?;
    Ok(target.join("release/xtask"))
}

fn run_quietly(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    let output = command
        .output()
        .map_err(|err| format!("cannot run {shown}: {err}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{shown} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// Cargo's first error in `text`, with the place it names and how many errors it counted.
fn first_error(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().position(|line| line.starts_with("error")) else {
        return last_lines(text, 3);
    };
    let mut shown = vec![lines[start].trim()];
    shown.extend(
        lines[start + 1..]
            .iter()
            .take(3)
            .map(|line| line.trim())
            .filter(|line| line.starts_with("-->")),
    );
    if let Some(count) = lines
        .iter()
        .rev()
        .find(|line| line.contains("could not compile"))
    {
        shown.push(count.trim());
    }
    shown.join(" / ")
}

fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    lines[lines.len().saturating_sub(count)..].join(" / ")
}
