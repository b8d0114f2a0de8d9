//! Driving the mix over a number of kept-alive connections, and checking every answer.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::http::{Connection, Failure, Request, Response};
use crate::mix::{mix, planned, Api, Class, Expect, Planned, REJECTED};

/// How many failure messages a run keeps (every failure is counted).
const KEPT_FAILURES: usize = 20;

/// The guarded state of each resource, by the key [`Api::guarded`] gives it.
pub type Guarded = BTreeMap<String, Value>;

/// What a number of requests got.
#[derive(Default)]
pub struct Tally {
    /// Per class, how many answers of each status (0: none, the request was dropped).
    pub statuses: BTreeMap<Class, BTreeMap<u16, u64>>,
    /// The time from the first byte sent to the last byte of the answer, of every request.
    pub latencies: Vec<Duration>,
    /// The first [`KEPT_FAILURES`] failures.
    pub failures: Vec<String>,
    pub failure_count: u64,
    /// How many requests were sent in the same write as the one before (pipelined).
    pub pipelined: u64,
}

impl Tally {
    fn fail(&mut self, message: String) {
        self.failure_count += 1;
        if self.failures.len() < KEPT_FAILURES {
            self.failures.push(message);
        }
    }

    /// Adds `other`'s counts, latencies and failures to this one's.
    pub fn merge(&mut self, other: Tally) {
        for (class, statuses) in other.statuses {
            let mine = self.statuses.entry(class).or_default();
            for (status, count) in statuses {
                *mine.entry(status).or_default() += count;
            }
        }
        self.latencies.extend(other.latencies);
        for failure in other.failures {
            if self.failures.len() < KEPT_FAILURES {
                self.failures.push(failure);
            }
        }
        self.failure_count += other.failure_count;
        self.pipelined += other.pipelined;
    }

    pub fn requests(&self) -> u64 {
        self.statuses.values().flat_map(|by| by.values()).sum()
    }
}

/// Everything one request of the run needs to be checked.
#[derive(Clone)]
pub struct Target {
    pub api: Arc<dyn Api>,
    pub address: SocketAddr,
    pub token: Arc<str>,
    /// The guarded state before the run: every valid answer must show it unchanged.
    pub guarded: Arc<Guarded>,
}

/// Sends requests `range` of the mix over `connections` kept-alive connections, and checks
/// each answer.
pub async fn drive(target: &Target, range: Range<u64>, connections: usize) -> Tally {
    let next = Arc::new(AtomicU64::new(range.start));
    let workers: Vec<_> = (0..connections)
        .map(|_| {
            let target = target.clone();
            let next = next.clone();
            let end = range.end;
            tokio::spawn(async move { worker(&target, &next, end).await })
        })
        .collect();
    let mut tally = Tally::default();
    for worker in workers {
        match worker.await {
            Ok(worker) => tally.merge(worker),
            Err(err) => tally.fail(format!("a client task failed: {err}")),
        }
    }
    tally
}

/// One exchange in this many sends the next request in the same write (HTTP/1.1 pipelining),
/// when neither request ends the connection.
const PIPELINED: u64 = 8;

/// The next request number below `end`, and its request.
fn take(target: &Target, next: &AtomicU64, end: u64) -> Option<(u64, Planned)> {
    let index = next.fetch_add(1, Ordering::Relaxed);
    (index < end).then(|| (index, planned(target.api.as_ref(), index, &target.token)))
}

/// Whether the connection is kept after `planned` (so that another request may follow it).
fn keeps(planned: &Planned) -> bool {
    !planned.closes && !planned.half_close
}

/// One connection's share: takes the next request number until `end`.
async fn worker(target: &Target, next: &AtomicU64, end: u64) -> Tally {
    let mut tally = Tally::default();
    let mut connection: Option<Connection> = None;
    // A request taken to be pipelined that ends the connection: sent on its own next.
    let mut pending: Option<(u64, Planned)> = None;
    loop {
        let Some(first) = pending.take().or_else(|| take(target, next, end)) else {
            return tally;
        };
        let mut batch = vec![first];
        if keeps(&batch[0].1) && mix(batch[0].0.rotate_left(17)) % PIPELINED == 0 {
            match take(target, next, end) {
                Some(second) if keeps(&second.1) => batch.push(second),
                other => pending = other,
            }
        }
        let mut open = match connection.take() {
            Some(open) => open,
            None => match Connection::open(target.address).await {
                Ok(open) => open,
                Err(failure) => {
                    for (index, planned) in &batch {
                        tally.fail(format!("request {index}: {failure}"));
                        record(&mut tally, planned.class, 0);
                    }
                    continue;
                }
            },
        };
        tally.pipelined += batch.len() as u64 - 1;
        let bytes: Vec<u8> = batch
            .iter()
            .flat_map(|(_, planned)| planned.bytes.iter().copied())
            .collect();
        let started = Instant::now();
        let sent = open.send(&bytes, batch[0].1.half_close).await;
        let mut keep = true;
        for (index, planned) in &batch {
            let answer = match &sent {
                Ok(()) => open.receive().await,
                Err(failure) => Err(failure.clone()),
            };
            tally.latencies.push(started.elapsed());
            record(
                &mut tally,
                planned.class,
                answer.as_ref().map_or(0, |answer| answer.status),
            );
            keep &= matches!(&answer, Ok(answer) if !answer.closes) && !planned.closes;
            let pipelined = if batch.len() > 1 { ", pipelined" } else { "" };
            if let Err(message) = check(target, planned, answer) {
                tally.fail(format!(
                    "request {index}, {} ({}{pipelined}): {message}",
                    planned.class.name(),
                    planned.what
                ));
            }
        }
        let (index, last) = &batch[batch.len() - 1];
        if keep {
            connection = Some(open);
        } else if last.closes {
            // A request the server cannot frame ends its connection: it must close it.
            if let Err(failure) = open.closed().await {
                tally.fail(format!(
                    "request {index}, {}: the server kept the connection open: {failure}",
                    last.what
                ));
            }
        }
    }
}

fn record(tally: &mut Tally, class: Class, status: u16) {
    *tally
        .statuses
        .entry(class)
        .or_default()
        .entry(status)
        .or_default() += 1;
}

/// Whether `answer` is what `planned` expects.
fn check(
    target: &Target,
    planned: &Planned,
    answer: Result<Response, Failure>,
) -> Result<(), String> {
    let answer = answer.map_err(|failure| format!("dropped: {failure}"))?;
    let text = String::from_utf8_lossy(&answer.body);
    let excerpt: String = text.chars().take(300).collect();
    if answer.status >= 500 {
        return Err(format!("answered {}: {excerpt}", answer.status));
    }
    match &planned.expect {
        Expect::Ok(extra) => {
            if answer.status != 200 {
                return Err(format!("expected 200, got {}: {excerpt}", answer.status));
            }
            let body = json(&answer.body)?;
            valid_answer(target, &text, &body)?;
            extra(&body)
        }
        Expect::Rejected(status) => {
            if answer.status != *status {
                return Err(format!(
                    "expected {status}, got {}: {excerpt}",
                    answer.status
                ));
            }
            let body = json(&answer.body)?;
            target
                .api
                .envelope(*status, &body)
                .map_err(|why| format!("{status} not in the API's error body ({why}): {excerpt}"))
        }
        Expect::Unparsed => {
            if answer.status == 400 && answer.body.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "expected hyper's 400 with no body, got {}: {excerpt}",
                    answer.status
                ))
            }
        }
    }
}

/// Checks what every answer to a valid request must be: free of rejected values, and showing
/// the guarded state of its resource as it was before the run.
fn valid_answer(target: &Target, text: &str, body: &Value) -> Result<(), String> {
    if let Some(at) = text.find(REJECTED) {
        let end = (at + 40).min(text.len());
        return Err(format!(
            "the answer holds a rejected request's value: …{}…",
            text.get(at..end).unwrap_or(REJECTED)
        ));
    }
    let Some((resource, state)) = target.api.guarded(body)? else {
        return Ok(());
    };
    match target.guarded.get(&resource) {
        Some(before) if *before == state => Ok(()),
        Some(before) => Err(format!(
            "the guarded state of {resource} changed: {}",
            difference(before, &state)
        )),
        None => Err(format!("an answer about {resource}, which no probe read")),
    }
}

fn json(body: &[u8]) -> Result<Value, String> {
    serde_json::from_slice(body).map_err(|err| {
        format!(
            "the body is not JSON ({err}): {}",
            String::from_utf8_lossy(body)
        )
    })
}

/// Sends each probe on one connection and takes the guarded state of the resource it reads.
pub async fn probe(
    api: &dyn Api,
    address: SocketAddr,
    probes: &[Request],
) -> Result<Guarded, String> {
    let mut connection = Connection::open(address)
        .await
        .map_err(|failure| format!("probe: {failure}"))?;
    let mut guarded = Guarded::new();
    for request in probes {
        let what = format!("probe {} {}", request.method, request.path);
        let answer = connection
            .exchange(&request.bytes())
            .await
            .map_err(|failure| format!("{what}: {failure}"))?;
        if answer.status != 200 {
            return Err(format!(
                "{what}: expected 200, got {}: {}",
                answer.status,
                String::from_utf8_lossy(&answer.body)
            ));
        }
        let body = json(&answer.body).map_err(|why| format!("{what}: {why}"))?;
        let (resource, state) = api
            .guarded(&body)
            .map_err(|why| format!("{what}: {why}"))?
            .ok_or_else(|| format!("{what}: the answer shows no resource: {body}"))?;
        guarded.insert(resource, state);
        if answer.closes {
            connection = Connection::open(address)
                .await
                .map_err(|failure| format!("probe: {failure}"))?;
        }
    }
    Ok(guarded)
}

/// What differs between two states: the members of an object that differ, or both values.
pub fn difference(before: &Value, after: &Value) -> String {
    match (before.as_object(), after.as_object()) {
        (Some(was), Some(is)) => {
            let mut keys: Vec<&String> = was.keys().chain(is.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter()
                .filter(|key| was.get(*key) != is.get(*key))
                .map(|key| {
                    let show =
                        |value: Option<&Value>| value.map_or("absent".to_owned(), Value::to_string);
                    format!("{key} was {}, is {}", show(was.get(key)), show(is.get(key)))
                })
                .collect::<Vec<_>>()
                .join("; ")
        }
        _ => format!("was {before}, is {after}"),
    }
}
