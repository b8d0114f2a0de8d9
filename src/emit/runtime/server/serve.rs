//! Serving a router to clients that may be slow or hostile: an HTTP/1.1 server loop (hyper's,
//! through hyper-util) with a header-read timeout, a body-read timeout and a connection limit.
//!
//! `axum::serve` has none of the three: a client that sends its headers a byte a second holds
//! its connection (and a task) for as long as it likes, and any number of them may. [`Server`]
//! closes a connection whose request head has not arrived within the header-read timeout, has
//! the router answer 408 (in the API's error body) to a request whose body has not arrived
//! within the body-read timeout, and accepts at most a set number of connections at a time: the
//! next one waits, unaccepted, in the listener's backlog until one of them closes.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::{Extension, Router};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// How long a client has to send a request's head (request line and headers), from the moment
/// the server starts waiting for it (a connection's first request, or the next one on a kept-alive
/// connection): 10 seconds.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client has to send a whole request body, from the moment the router starts
/// reading it: 30 seconds.
pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// How many connections are served at a time: 1024.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

/// How long the router waits for a request's whole body before answering 408.
///
/// [`Server`] puts one into every request; a router served some other way (`axum::serve`) can
/// be given one with `router.layer(axum::Extension(BodyReadTimeout(duration)))`, and without
/// one waits [`DEFAULT_BODY_READ_TIMEOUT`]. The timeout runs on tokio's timer, which
/// `#[tokio::main]` enables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyReadTimeout(pub Duration);

impl Default for BodyReadTimeout {
    fn default() -> Self {
        BodyReadTimeout(DEFAULT_BODY_READ_TIMEOUT)
    }
}

/// An HTTP/1.1 server for a generated router, with a header-read timeout, a body-read timeout
/// and a connection limit:
///
/// ```no_run
/// # async fn run(router: axum::Router) -> std::io::Result<()> {
/// use std::time::Duration;
/// use specforge_runtime::server::Server;
///
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
/// Server::new(listener)
///     .header_read_timeout(Duration::from_secs(5))
///     .body_read_timeout(Duration::from_secs(20))
///     .max_connections(256)
///     .serve(router)
///     .await
/// # }
/// ```
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    header_read_timeout: Duration,
    body_read_timeout: Duration,
    max_connections: usize,
}

impl Server {
    /// A server on `listener` with the defaults: [`DEFAULT_HEADER_READ_TIMEOUT`],
    /// [`DEFAULT_BODY_READ_TIMEOUT`] and [`DEFAULT_MAX_CONNECTIONS`].
    pub fn new(listener: TcpListener) -> Self {
        Server {
            listener,
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }

    /// How long a client has to send a request's head; past it the connection is closed
    /// without an answer. It also bounds how long a kept-alive connection may sit idle.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// How long a client has to send a request's whole body, once the router starts reading
    /// it; past it the request is answered 408 in the API's error body and the connection is
    /// closed.
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = timeout;
        self
    }

    /// How many connections are served at a time (at least 1). When that many are open, the
    /// next is not accepted until one closes: it waits in the listener's backlog.
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.max_connections = connections.max(1);
        self
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> io::Result<std::net::SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves `router` until the task is dropped; an error accepting a connection is waited
    /// out, not returned (the `Result` is `axum::serve`'s).
    pub async fn serve(self, router: Router) -> io::Result<()> {
        let router = router.layer(Extension(BodyReadTimeout(self.body_read_timeout)));
        let mut http = http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(self.header_read_timeout);
        let permits = Arc::new(Semaphore::new(self.max_connections));
        loop {
            let Ok(permit) = permits.clone().acquire_owned().await else {
                // The semaphore is never closed.
                return Ok(());
            };
            let stream = match self.listener.accept().await {
                Ok((stream, _)) => stream,
                Err(err) if per_connection(&err) => continue,
                Err(_) => {
                    // Out of file descriptors or memory, most likely: wait for some to be
                    // released instead of spinning on the same error, as `axum::serve` does.
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            };
            let _ = stream.set_nodelay(true);
            let connection = http.serve_connection(
                TokioIo::new(stream),
                TowerToHyperService::new(router.clone()),
            );
            tokio::spawn(async move {
                // A client that goes away or breaks the protocol ends its own connection only.
                let _ = connection.await;
                drop(permit);
            });
        }
    }
}

/// An accept error about the connection being accepted, not the listener.
fn per_connection(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
            | io::ErrorKind::WouldBlock
    )
}
