//! Slow and hostile clients of a generated server (fimidara's, implemented by the in-memory
//! example store), served by the runtime's `Server` over real TCP on 127.0.0.1: headers or a
//! body trickled a byte at a time are cut off after their timeouts, connections past the limit
//! wait, and bodies built to hurt a parser (nested 100,000 deep, a 10,000-digit number, invalid
//! UTF-8, a `Content-Length` of 1 GiB with no body) are answered 400 or 413 in the API's error
//! body at once, without the process growing.

mod support;

#[allow(dead_code)]
#[path = "../examples/servers/fimidara.rs"]
mod fimidara;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use fimidara_server::Server;
use serde_json::json;
use support::{Call, Reply, TOKEN};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const PATH: &str = "/v1/clientAssignedTokens/updateToken";

/// The memory test measures the whole process, so it runs alone: every test holds this lock.
static ALONE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Serves the fimidara store with `configure`d settings on a free port of 127.0.0.1.
async fn start(configure: impl FnOnce(Server) -> Server) -> SocketAddr {
    let listener = TcpListener::bind(("127.0.0.1", 0))
        .await
        .unwrap_or_else(|err| panic!("cannot bind: {err}"));
    let server = configure(Server::new(listener));
    let address = server
        .local_addr()
        .unwrap_or_else(|err| panic!("no local address: {err}"));
    let router = fimidara_server::router(fimidara::Store::new(TOKEN));
    tokio::spawn(async move {
        let _ = server.serve(router).await;
    });
    address
}

async fn connect(address: SocketAddr) -> TcpStream {
    TcpStream::connect(address)
        .await
        .unwrap_or_else(|err| panic!("cannot connect: {err}"))
}

/// What the server did to a client that trickles `bytes` one every `pace`: answered (the bytes
/// it sent) or closed the connection, and when, from the first byte.
async fn trickle(mut stream: TcpStream, bytes: &[u8], pace: Duration) -> (Vec<u8>, Duration) {
    let started = Instant::now();
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    for byte in bytes {
        if stream.write_all(&[*byte]).await.is_err() {
            break;
        }
        match tokio::time::timeout(pace, stream.read(&mut buffer)).await {
            Err(_) => continue,
            Ok(Ok(0) | Err(_)) => return (received, started.elapsed()),
            Ok(Ok(read)) => {
                received.extend_from_slice(&buffer[..read]);
                break;
            }
        }
    }
    // Answered (or refused a write): read the rest until the server closes.
    let rest = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(read) => received.extend_from_slice(&buffer[..read]),
            }
        }
    })
    .await;
    assert!(rest.is_ok(), "the server kept the connection open");
    (received, started.elapsed())
}

fn head(content_length: usize) -> String {
    format!(
        "POST {PATH} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Type: application/json\r\nContent-Length: {content_length}\r\n\r\n"
    )
}

/// The status and the body, as JSON, of a response as received.
fn status_and_json(raw: &[u8]) -> (u16, serde_json::Value) {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("not a response: {text:?}"));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status: {text:?}"));
    let body = serde_json::from_str(body).unwrap_or_else(|err| panic!("{err}: {body:?}"));
    (status, body)
}

#[tokio::test]
async fn headers_sent_a_byte_at_a_time_are_cut_off_after_the_header_read_timeout() {
    let _alone = ALONE.lock().await;
    let address = start(|server| server.header_read_timeout(Duration::from_secs(1))).await;
    let request = head(2) + "{}";
    let (received, elapsed) = trickle(
        connect(address).await,
        request.as_bytes(),
        Duration::from_millis(100),
    )
    .await;
    assert!(
        elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(3),
        "cut off after {elapsed:?}"
    );
    // hyper closes the connection; a 408 would do as well, but never the handler's answer.
    let text = String::from_utf8_lossy(&received);
    assert!(
        received.is_empty() || text.starts_with("HTTP/1.1 408"),
        "{text}"
    );
}

#[tokio::test]
async fn an_idle_connection_is_closed_after_the_header_read_timeout() {
    let _alone = ALONE.lock().await;
    let address = start(|server| server.header_read_timeout(Duration::from_secs(1))).await;
    let mut stream = connect(address).await;
    let started = Instant::now();
    let mut buffer = [0u8; 64];
    let read = tokio::time::timeout(Duration::from_secs(3), stream.read(&mut buffer)).await;
    assert!(
        matches!(read, Ok(Ok(0) | Err(_))),
        "still open after {:?}",
        started.elapsed()
    );
    assert!(started.elapsed() >= Duration::from_millis(900));
}

#[tokio::test]
async fn a_body_sent_a_byte_at_a_time_is_answered_408_after_the_body_read_timeout() {
    let _alone = ALONE.lock().await;
    let address = start(|server| server.body_read_timeout(Duration::from_secs(1))).await;
    let body = json!({"tokenId": "x".repeat(100)}).to_string();
    let mut stream = connect(address).await;
    stream
        .write_all(head(body.len()).as_bytes())
        .await
        .unwrap_or_else(|err| panic!("cannot send: {err}"));
    let (received, elapsed) = trickle(stream, body.as_bytes(), Duration::from_millis(100)).await;
    assert!(
        elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(3),
        "answered after {elapsed:?}"
    );
    let (status, body) = status_and_json(&received);
    assert_eq!(status, 408, "{body}");
    assert_eq!(body["errors"][0]["name"], "RequestTimeout", "{body}");
}

#[tokio::test]
async fn connections_past_the_limit_wait_until_one_closes() {
    let _alone = ALONE.lock().await;
    let address = start(|server| {
        server
            .max_connections(2)
            .header_read_timeout(Duration::from_secs(30))
    })
    .await;
    let first = connect(address).await;
    let _second = connect(address).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    // The third is not accepted while two are open: its request is not answered.
    let waiting = tokio::spawn(async move {
        let started = Instant::now();
        let reply = Call::new("POST", "/v1/nothing")
            .bearer(TOKEN)
            .send(address)
            .await;
        (reply.status, started.elapsed())
    });
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(!waiting.is_finished(), "answered past the limit");
    drop(first);
    let (status, elapsed) = tokio::time::timeout(Duration::from_secs(3), waiting)
        .await
        .unwrap_or_else(|_| panic!("not answered once a connection closed"))
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(status, 404);
    assert!(elapsed >= Duration::from_millis(700), "{elapsed:?}");
}

/// Bodies built to hurt a parser, and the status each is answered with.
fn hostile_bodies() -> Vec<(&'static str, Vec<u8>, u16)> {
    let deep_arrays = format!(
        "{{\"tokenId\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let deep_objects = format!(
        "{{\"tokenId\":\"t\",\"token\":{}1{}}}",
        "{\"a\":".repeat(100_000),
        "}".repeat(100_000)
    );
    let unclosed = "[".repeat(100_000);
    let huge_integer = format!(
        "{{\"tokenId\":\"t\",\"token\":{{\"name\":1{}}}}}",
        "0".repeat(10_000)
    );
    let huge_exponent_free = format!("{{\"tokenId\":1{}}}", "9".repeat(10_000));
    let long_fraction = format!("{{\"tokenId\":0.{}1}}", "0".repeat(10_000));
    let mut invalid_utf8 = b"{\"tokenId\":\"".to_vec();
    invalid_utf8.extend_from_slice(b"\xff\xfe\xc3\x28");
    invalid_utf8.extend_from_slice(b"\"}");
    vec![
        ("arrays nested 100,000 deep", deep_arrays.into_bytes(), 400),
        (
            "objects nested 100,000 deep",
            deep_objects.into_bytes(),
            400,
        ),
        ("100,000 unclosed arrays", unclosed.into_bytes(), 400),
        (
            "an integer of 10,001 digits",
            huge_integer.into_bytes(),
            400,
        ),
        (
            "a number of 10,001 nines",
            huge_exponent_free.into_bytes(),
            400,
        ),
        (
            "a fraction of 10,002 digits",
            long_fraction.into_bytes(),
            400,
        ),
        ("invalid UTF-8", invalid_utf8, 400),
        ("raw invalid UTF-8", b"\xff\xff\xff\xff".to_vec(), 400),
    ]
}

/// Sends `body` and checks it is answered `status` in the API's error body, promptly.
async fn answered(address: SocketAddr, what: &str, body: Vec<u8>, status: u16) {
    let started = Instant::now();
    let reply: Reply = tokio::time::timeout(
        Duration::from_secs(5),
        Call::new("POST", PATH)
            .bearer(TOKEN)
            .body_as("application/json", body)
            .send(address),
    )
    .await
    .unwrap_or_else(|_| panic!("{what}: not answered"));
    assert_eq!(reply.status, status, "{what}: {}", reply.body);
    let name = &reply.json()["errors"][0]["name"];
    assert!(
        name.is_string(),
        "{what}: not the API's error body: {}",
        reply.body
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{what}: answered after {:?}",
        started.elapsed()
    );
}

/// A `Content-Length` of 1 GiB and no body at all: answered 413 at once, not waited for.
async fn announced_gibibyte(address: SocketAddr) {
    let started = Instant::now();
    let mut stream = connect(address).await;
    stream
        .write_all(head(1 << 30).as_bytes())
        .await
        .unwrap_or_else(|err| panic!("cannot send: {err}"));
    let mut received = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut received));
    assert!(read.await.is_ok(), "a 1 GiB Content-Length was waited for");
    let (status, body) = status_and_json(&received);
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["errors"][0]["name"], "PayloadTooLarge", "{body}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn hostile_bodies_are_answered_at_once_in_the_apis_error_body() {
    let _alone = ALONE.lock().await;
    // The body-read timeout is far off: a prompt answer is not a timeout.
    let address = start(|server| server.body_read_timeout(Duration::from_secs(30))).await;
    for (what, body, status) in hostile_bodies() {
        answered(address, what, body, status).await;
    }
    announced_gibibyte(address).await;
}

/// The resident set size of this process, in bytes (Linux's `/proc/self/statm`).
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

#[tokio::test]
async fn two_hundred_hostile_requests_do_not_grow_the_process() {
    let _alone = ALONE.lock().await;
    if resident_bytes().is_none() {
        return; // Not Linux: nothing to measure with.
    }
    let address = start(|server| server.body_read_timeout(Duration::from_secs(30))).await;
    // Nested 100,000 deep and padded to almost the body limit: a server that kept each body
    // would grow by about 200 MiB.
    let mut padded = "[".repeat(100_000).into_bytes();
    padded.resize(fimidara_server::BODY_LIMIT - 16, b' ');
    let mut bodies = hostile_bodies();
    bodies.push(("a padded deep body", padded, 400));
    let round = |address| {
        let bodies = bodies.clone();
        async move {
            for (what, body, status) in bodies {
                answered(address, what, body, status).await;
            }
            announced_gibibyte(address).await;
        }
    };
    // Warm up: the allocator's and the runtime's first growth is not a leak.
    for _ in 0..3 {
        round(address).await;
    }
    let before = resident_bytes().unwrap_or_default();
    for _ in 0..20 {
        round(address).await;
    }
    let after = resident_bytes().unwrap_or_default();
    let grown = after.saturating_sub(before);
    assert!(
        grown < 48 * 1024 * 1024,
        "grew by {} KiB over 200 hostile requests ({} KiB to {} KiB)",
        grown / 1024,
        before / 1024,
        after / 1024
    );
}
