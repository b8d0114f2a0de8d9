//! Test support for the server stubs: start a router on 127.0.0.1 with a random port, and a
//! minimal HTTP/1.1 client that sends exactly the bytes a test asks for (so tests can send
//! malformed headers and bodies that a full client would refuse to); `bodies` holds the
//! property tests' malformed bodies, and `multipart` the multipart tests' bodies.

#![allow(dead_code)]

pub mod bodies;
pub mod multipart;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Serves `router` on 127.0.0.1 with a port the OS picks; the server lives as long as the
/// test's runtime.
pub async fn start(router: axum::Router) -> SocketAddr {
    let listener = TcpListener::bind(("127.0.0.1", 0))
        .await
        .unwrap_or_else(|err| panic!("cannot bind: {err}"));
    let address = listener
        .local_addr()
        .unwrap_or_else(|err| panic!("no local address: {err}"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    address
}

/// The bearer token the example stores are made to accept.
pub const TOKEN: &str = "secret";

/// Serves the router `router` builds over `store`, and keeps a handle on the store, so that a
/// test can see what its requests changed.
pub async fn serve<S>(
    store: S,
    router: impl FnOnce(Arc<S>) -> axum::Router,
) -> (SocketAddr, Arc<S>) {
    let store = Arc::new(store);
    let address = start(router(store.clone())).await;
    (address, store)
}

/// Runs a future to completion on a fresh single-threaded runtime: for property tests, whose
/// bodies are plain functions.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|err| panic!("cannot start a runtime: {err}"))
        .block_on(future)
}

/// A response as received.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|err| panic!("the body is not JSON ({err}): {}", self.body))
    }
}

/// A request to send.
pub struct Call<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub headers: Vec<(&'a str, String)>,
    pub body: Vec<u8>,
}

impl<'a> Call<'a> {
    pub fn new(method: &'a str, path: &'a str) -> Self {
        Call {
            method,
            path,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn bearer(self, token: &str) -> Self {
        self.header("Authorization", &format!("Bearer {token}"))
    }

    pub fn header(mut self, name: &'a str, value: &str) -> Self {
        self.headers.push((name, value.to_owned()));
        self
    }

    pub fn json(self, body: &serde_json::Value) -> Self {
        self.body_as("application/json", body.to_string().into_bytes())
    }

    pub fn body_as(mut self, content_type: &str, body: Vec<u8>) -> Self {
        self.headers.push(("Content-Type", content_type.to_owned()));
        self.body = body;
        self
    }

    /// Sends the request on a new connection and reads the whole response.
    pub async fn send(self, address: SocketAddr) -> Reply {
        let mut stream = TcpStream::connect(address)
            .await
            .unwrap_or_else(|err| panic!("cannot connect: {err}"));
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.method,
            self.path,
            self.body.len()
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let mut request = head.into_bytes();
        request.extend_from_slice(&self.body);
        stream
            .write_all(&request)
            .await
            .unwrap_or_else(|err| panic!("cannot send: {err}"));
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw).await;
        parse(&raw)
    }
}

fn parse(raw: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP response: {text}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    let chunked = headers.iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("transfer-encoding") && value.contains("chunked")
    });
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_owned()
    };
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}
