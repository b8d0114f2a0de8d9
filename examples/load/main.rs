//! `cargo xtask load`: a load run of each example server.
//!
//! For each API the example server (`target/<profile>/examples/<api>-server`, beside this
//! binary) is started as a child process, and `--requests N` requests (default 100,000) are
//! sent over `--connections C` kept-alive connections (default 64; some requests pipelined
//! behind the one before): valid reads and writes,
//! schema-invalid bodies, missing or wrong credentials and malformed HTTP, mixed as
//! [`mix::planned`] says. The run fails, with a message per problem, if any answer is a 5xx,
//! a well-formed request gets no answer (the connection dropped, reset or silent for 10 s), a
//! rejected request is not answered its 4xx in the API's error body, an answer to a valid
//! request shows a rejected request's value or a change to the state no valid request
//! changes (and the same read back after the run), or the server's resident memory grows past
//! [`MEMORY_BOUND`] between the end of the warm-up (the first tenth of the requests) and the
//! end. It prints, per server, the throughput, latency percentiles, memory and the statuses
//! of each class.
//!
//! ```text
//! load [--requests N] [--connections C] [--api NAME]...
//! ```

mod apis;
mod http;
mod mix;
mod run;
mod server;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mix::{Api, Class};
use run::{Tally, Target};
use serde_json::Value;

/// The bearer token the servers are started with.
const TOKEN: &str = "the-load-runs-token";

/// How much the server's resident memory may grow from the end of the warm-up to the end of
/// the run: the larger of this many bytes and [`MEMORY_BOUND_SHARE`] of it at the warm-up.
const MEMORY_BOUND: u64 = 4 * 1024 * 1024;
/// The bound as a share of the memory at the end of the warm-up.
const MEMORY_BOUND_SHARE: f64 = 0.10;

/// The command line.
struct Options {
    requests: u64,
    connections: usize,
    apis: Vec<String>,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        requests: 100_000,
        connections: 64,
        apis: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--requests" => {
                let text = value()?;
                options.requests = text
                    .replace('_', "")
                    .parse()
                    .map_err(|_| format!("--requests takes a number, found {text:?}"))?;
            }
            "--connections" => {
                let text = value()?;
                options.connections = text
                    .parse()
                    .ok()
                    .filter(|connections| *connections > 0)
                    .ok_or_else(|| {
                        format!("--connections takes a positive number, found {text:?}")
                    })?;
            }
            "--api" => options.apis.push(value()?),
            "-h" | "--help" => {
                return Err(
                    "usage: load [--requests N] [--connections C] [--api NAME]...".to_owned(),
                )
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(options)
}

/// What one server's run measured.
struct Measured {
    tally: Tally,
    elapsed: Duration,
    resident_warm: u64,
    resident_end: u64,
    /// How the guarded state read back after the run differs from before it.
    changed: Vec<String>,
}

fn main() -> ExitCode {
    let options = match options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let all = apis::all();
    let chosen: Vec<Arc<dyn Api>> = if options.apis.is_empty() {
        all
    } else {
        let mut chosen = Vec::new();
        for name in &options.apis {
            match all.iter().find(|api| api.name() == name) {
                Some(api) => chosen.push(api.clone()),
                None => {
                    eprintln!("no API is called {name:?}");
                    return ExitCode::FAILURE;
                }
            }
        }
        chosen
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("cannot start tokio: {err}");
            return ExitCode::FAILURE;
        }
    };
    let mut failed = false;
    for api in chosen {
        let name = api.name();
        match runtime.block_on(load(api, &options)) {
            Ok(measured) => {
                let problems = report(name, &options, &measured);
                if !problems.is_empty() {
                    failed = true;
                    eprintln!("\n{name}: the load run FAILED:");
                    for problem in problems {
                        eprintln!("  - {problem}");
                    }
                }
            }
            Err(message) => {
                failed = true;
                eprintln!("\n{name}: the load run FAILED: {message}");
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Starts `api`'s server and runs the mix against it; an error if the run could not be made
/// (the server did not start or exited, a probe was not answered 200).
async fn load(api: Arc<dyn Api>, options: &Options) -> Result<Measured, String> {
    let name = api.name();
    let mut server = server::Server::start(name, TOKEN)?;
    let probes = api.probes(TOKEN);
    let before = run::probe(api.as_ref(), server.address, &probes).await?;
    let target = Target {
        api: api.clone(),
        address: server.address,
        token: Arc::from(TOKEN),
        guarded: Arc::new(before.clone()),
    };
    let warm_up = options.requests / 10;
    let started = Instant::now();
    let mut tally = run::drive(&target, 0..warm_up, options.connections).await;
    let resident_warm = server.resident_bytes()?;
    tally.merge(run::drive(&target, warm_up..options.requests, options.connections).await);
    let elapsed = started.elapsed();
    let resident_end = server.resident_bytes()?;
    if !server.running() {
        return Err(format!("{name}-server exited during the run"));
    }
    let after = run::probe(api.as_ref(), server.address, &probes).await?;
    let changed = before
        .iter()
        .filter_map(|(resource, state)| {
            let now = after.get(resource).unwrap_or(&Value::Null);
            (now != state).then(|| {
                format!(
                    "the guarded state of {resource} changed over the run: {}",
                    run::difference(state, now)
                )
            })
        })
        .collect();
    Ok(Measured {
        tally,
        elapsed,
        resident_warm,
        resident_end,
        changed,
    })
}

/// Prints what the run measured, and returns its problems.
fn report(name: &str, options: &Options, measured: &Measured) -> Vec<String> {
    let tally = &measured.tally;
    let mut latencies = tally.latencies.clone();
    latencies.sort_unstable();
    let at = |share: f64| {
        let index = ((latencies.len() as f64 * share).ceil() as usize).saturating_sub(1);
        latencies.get(index).copied().unwrap_or_default()
    };
    let seconds = measured.elapsed.as_secs_f64();
    let requests = tally.requests();
    let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
    println!("\n{name}-server");
    println!(
        "  {requests} requests over {} connections in {seconds:.2} s: {:.0} requests/s",
        options.connections,
        requests as f64 / seconds.max(f64::EPSILON)
    );
    println!(
        "  {} of them sent in the same write as the one before (pipelined)",
        tally.pipelined
    );
    println!(
        "  latency p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        millis(at(0.50)),
        millis(at(0.90)),
        millis(at(0.99)),
        millis(latencies.last().copied().unwrap_or_default())
    );
    println!(
        "  resident memory {:.1} MiB after the warm-up ({} requests), {:.1} MiB at the end",
        mib(measured.resident_warm),
        options.requests / 10,
        mib(measured.resident_end)
    );
    for class in Class::ALL {
        let Some(statuses) = tally.statuses.get(&class) else {
            continue;
        };
        let count: u64 = statuses.values().sum();
        let statuses: Vec<String> = statuses
            .iter()
            .map(|(status, count)| match status {
                0 => format!("{count} unanswered"),
                status => format!("{count} × {status}"),
            })
            .collect();
        println!("  {:<13}{count:>7}: {}", class.name(), statuses.join(", "));
    }
    let mut problems = measured.changed.clone();
    if requests != options.requests {
        problems.push(format!(
            "{requests} requests were sent, not {}",
            options.requests
        ));
    }
    let server_errors: u64 = tally
        .statuses
        .values()
        .flat_map(|by| by.range(500..))
        .map(|(_, count)| count)
        .sum();
    if server_errors > 0 {
        problems.push(format!("{server_errors} answers were 5xx"));
    }
    if tally.failure_count > 0 {
        problems.push(format!(
            "{} requests did not get the answer they expect; the first {}:",
            tally.failure_count,
            tally.failures.len()
        ));
        problems.extend(tally.failures.iter().map(|failure| format!("  {failure}")));
    }
    let bound = MEMORY_BOUND.max((measured.resident_warm as f64 * MEMORY_BOUND_SHARE) as u64);
    let grown = measured.resident_end.saturating_sub(measured.resident_warm);
    if grown > bound {
        problems.push(format!(
            "the server's memory grew by {:.1} MiB after the warm-up (bound: {:.1} MiB)",
            mib(grown),
            mib(bound)
        ));
    }
    problems
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
