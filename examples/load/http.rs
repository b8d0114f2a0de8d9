//! The load client's HTTP/1.1: requests written as bytes (so that a malformed one is sent exactly
//! as built) and responses read off a kept-alive TCP connection, framed by `Content-Length` or
//! chunked encoding.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long a response may take before the request counts as dropped.
pub const RESPONSE_TIMEOUT: Duration = Duration::from_secs(10);

/// A well-formed request, before it is written out.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: &'static str,
    pub path: String,
    /// Headers besides `Host` and `Content-Length`, which [`Request::bytes`] writes.
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// A request with a body of `content_type`, authorised with the bearer token `token`.
    pub fn new(
        method: &'static str,
        path: impl Into<String>,
        token: &str,
        content_type: &str,
        body: impl Into<Vec<u8>>,
    ) -> Request {
        Request {
            method,
            path: path.into(),
            headers: vec![
                ("Authorization", format!("Bearer {token}")),
                ("Content-Type", content_type.to_owned()),
            ],
            body: body.into(),
        }
    }

    /// A request with a JSON body.
    pub fn json(
        method: &'static str,
        path: impl Into<String>,
        token: &str,
        body: &serde_json::Value,
    ) -> Request {
        Request::new(method, path, token, "application/json", body.to_string())
    }

    /// The same request with header `name` set to `value` (or removed, for `None`).
    pub fn with_header(mut self, name: &'static str, value: Option<String>) -> Request {
        self.headers
            .retain(|(other, _)| !other.eq_ignore_ascii_case(name));
        if let Some(value) = value {
            self.headers.push((name, value));
        }
        self
    }

    /// The request head up to (not including) the blank line, with `content_length` announced.
    pub fn head(&self, content_length: usize) -> String {
        format!(
            "{} {} HTTP/1.1\r\n{}",
            self.method,
            self.path,
            self.header_lines(content_length)
        )
    }

    /// The head's header lines, with `content_length` announced.
    pub fn header_lines(&self, content_length: usize) -> String {
        let mut lines = format!("Host: 127.0.0.1\r\nContent-Length: {content_length}\r\n");
        for (name, value) in &self.headers {
            lines.push_str(&format!("{name}: {value}\r\n"));
        }
        lines
    }

    /// The request as sent.
    pub fn bytes(&self) -> Vec<u8> {
        let mut bytes = (self.head(self.body.len()) + "\r\n").into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }

    /// The head of the request with a chunked body (`Transfer-Encoding: chunked`, no
    /// `Content-Length`), with its blank line.
    pub fn chunked_head(&self) -> String {
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n",
            self.method, self.path
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head + "\r\n"
    }

    /// The request with its body in chunks of at most `size` bytes.
    pub fn chunked_bytes(&self, size: usize) -> Vec<u8> {
        let mut bytes = self.chunked_head().into_bytes();
        for chunk in self.body.chunks(size.max(1)) {
            push_chunk(&mut bytes, chunk);
        }
        bytes.extend_from_slice(b"0\r\n\r\n");
        bytes
    }
}

/// Appends `chunk` to `bytes` in chunked framing.
pub fn push_chunk(bytes: &mut Vec<u8>, chunk: &[u8]) {
    bytes.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
    bytes.extend_from_slice(chunk);
    bytes.extend_from_slice(b"\r\n");
}

/// A response as received.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    /// Whether the server said it closes the connection (`Connection: close`).
    pub closes: bool,
    pub body: Vec<u8>,
}

/// What went wrong with an exchange.
#[derive(Debug, Clone)]
pub enum Failure {
    /// No complete response within [`RESPONSE_TIMEOUT`].
    TimedOut,
    /// The connection was closed or reset before a complete response.
    Dropped(String),
    /// Bytes that are not an HTTP/1.1 response.
    NotHttp(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::TimedOut => write!(f, "no response within {RESPONSE_TIMEOUT:?}"),
            Failure::Dropped(why) => write!(f, "connection dropped before a response: {why}"),
            Failure::NotHttp(why) => write!(f, "not an HTTP response: {why}"),
        }
    }
}

/// One client connection, with what it has read past the last response.
pub struct Connection {
    stream: TcpStream,
    buffer: Vec<u8>,
}

impl Connection {
    /// Connects to `address`.
    pub async fn open(address: SocketAddr) -> Result<Connection, Failure> {
        let stream = tokio::time::timeout(RESPONSE_TIMEOUT, TcpStream::connect(address))
            .await
            .map_err(|_| Failure::TimedOut)?
            .map_err(|err| Failure::Dropped(format!("cannot connect: {err}")))?;
        let _ = stream.set_nodelay(true);
        Ok(Connection {
            stream,
            buffer: Vec::new(),
        })
    }

    /// Sends `bytes` (then, with `half_close`, shuts the writing side): one request, or several
    /// pipelined.
    pub async fn send(&mut self, bytes: &[u8], half_close: bool) -> Result<(), Failure> {
        tokio::time::timeout(RESPONSE_TIMEOUT, async {
            self.stream
                .write_all(bytes)
                .await
                .map_err(|err| Failure::Dropped(format!("cannot send: {err}")))?;
            if half_close {
                self.stream
                    .shutdown()
                    .await
                    .map_err(|err| Failure::Dropped(format!("cannot shut down: {err}")))?;
            }
            Ok(())
        })
        .await
        .map_err(|_| Failure::TimedOut)?
    }

    /// Reads the next response.
    pub async fn receive(&mut self) -> Result<Response, Failure> {
        tokio::time::timeout(RESPONSE_TIMEOUT, self.read_response())
            .await
            .map_err(|_| Failure::TimedOut)?
    }

    /// Sends one request and reads its response.
    pub async fn exchange(&mut self, bytes: &[u8]) -> Result<Response, Failure> {
        self.send(bytes, false).await?;
        self.receive().await
    }

    /// Reads until the server closes the connection (what it sent after the last response is
    /// dropped); an error if it does not close within [`RESPONSE_TIMEOUT`].
    pub async fn closed(mut self) -> Result<(), Failure> {
        let mut scratch = [0u8; 4096];
        tokio::time::timeout(RESPONSE_TIMEOUT, async {
            loop {
                match self.stream.read(&mut scratch).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
            }
        })
        .await
        .map_err(|_| Failure::TimedOut)
    }

    /// Reads more bytes into the buffer; an error at the end of the stream.
    async fn fill(&mut self) -> Result<(), Failure> {
        let mut scratch = [0u8; 16 * 1024];
        match self.stream.read(&mut scratch).await {
            Ok(0) => Err(Failure::Dropped(format!(
                "closed after {} bytes of the response",
                self.buffer.len()
            ))),
            Ok(read) => {
                self.buffer.extend_from_slice(&scratch[..read]);
                Ok(())
            }
            Err(err) => Err(Failure::Dropped(err.to_string())),
        }
    }

    async fn read_response(&mut self) -> Result<Response, Failure> {
        let (status, head_length, framing, closes) = loop {
            let mut headers = [httparse::EMPTY_HEADER; 32];
            let mut parsed = httparse::Response::new(&mut headers);
            match parsed.parse(&self.buffer) {
                Ok(httparse::Status::Complete(length)) => {
                    let status = parsed.code.unwrap_or_default();
                    let header = |name: &str| {
                        parsed
                            .headers
                            .iter()
                            .find(|header| header.name.eq_ignore_ascii_case(name))
                            .map(|header| String::from_utf8_lossy(header.value).to_lowercase())
                    };
                    let framing =
                        if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
                            Framing::Chunked
                        } else {
                            let length = header("content-length").unwrap_or_else(|| "0".to_owned());
                            Framing::Length(length.trim().parse().map_err(|_| {
                                Failure::NotHttp(format!("Content-Length {length:?}"))
                            })?)
                        };
                    let closes = header("connection").is_some_and(|v| v.contains("close"));
                    break (status, length, framing, closes);
                }
                Ok(httparse::Status::Partial) => self.fill().await?,
                Err(err) => {
                    return Err(Failure::NotHttp(format!(
                        "{err}: {:?}",
                        String::from_utf8_lossy(&self.buffer)
                    )))
                }
            }
        };
        self.buffer.drain(..head_length);
        let body = match framing {
            Framing::Length(length) => {
                while self.buffer.len() < length {
                    self.fill().await?;
                }
                self.buffer.drain(..length).collect()
            }
            Framing::Chunked => self.read_chunks().await?,
        };
        Ok(Response {
            status,
            closes,
            body,
        })
    }

    /// A chunked body, with its trailers skipped.
    async fn read_chunks(&mut self) -> Result<Vec<u8>, Failure> {
        let mut body = Vec::new();
        loop {
            let line = self.line().await?;
            let size = line.split(';').next().unwrap_or_default().trim();
            let size = usize::from_str_radix(size, 16)
                .map_err(|_| Failure::NotHttp(format!("chunk size {line:?}")))?;
            if size == 0 {
                while !self.line().await?.is_empty() {}
                return Ok(body);
            }
            while self.buffer.len() < size + 2 {
                self.fill().await?;
            }
            body.extend(self.buffer.drain(..size));
            self.buffer.drain(..2);
        }
    }

    /// The next CRLF-terminated line, without its CRLF.
    async fn line(&mut self) -> Result<String, Failure> {
        loop {
            if let Some(end) = self.buffer.windows(2).position(|pair| pair == b"\r\n") {
                let line = String::from_utf8_lossy(&self.buffer[..end]).into_owned();
                self.buffer.drain(..end + 2);
                return Ok(line);
            }
            self.fill().await?;
        }
    }
}

/// How a response body is delimited.
enum Framing {
    Length(usize),
    Chunked,
}
