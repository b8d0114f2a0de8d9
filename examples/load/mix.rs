//! What each request of a run is: its class, its bytes and the answer it must get. An API
//! ([`Api`]) says what its valid requests and schema-invalid bodies are, how its error body
//! looks and what of its stored state no valid request changes; the requests with bad
//! credentials and the malformed ones are made here from the API's requests.

use serde_json::Value;

use crate::http::{push_chunk, Request};

/// The prefix of every value a valid write stores.
pub const WRITTEN: &str = "load-";
/// The prefix of every value a rejected request carries: no answer to a valid request may
/// hold it.
pub const REJECTED: &str = "rejected-";

/// The kinds of request of the mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// A read or a write the API accepts.
    Valid,
    /// A well-formed request whose body the spec (or the store) does not allow.
    Invalid,
    /// A well-formed request with a missing, malformed or wrong credential.
    Unauthorised,
    /// Broken HTTP, a body cut short, or JSON that is not UTF-8.
    Malformed,
}

impl Class {
    pub const ALL: [Class; 4] = [
        Class::Valid,
        Class::Invalid,
        Class::Unauthorised,
        Class::Malformed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Class::Valid => "valid",
            Class::Invalid => "invalid",
            Class::Unauthorised => "unauthorised",
            Class::Malformed => "malformed",
        }
    }
}

/// Checks a 2xx body beyond what every valid answer is checked for.
pub type Check = Box<dyn Fn(&Value) -> Result<(), String> + Send + Sync>;

/// The answer a request must get.
pub enum Expect {
    /// 200, with a body the check accepts.
    Ok(Check),
    /// This status, in the API's error body.
    Rejected(u16),
    /// A request hyper cannot parse, answered before any router runs: 400 with no body, and
    /// the connection closed.
    Unparsed,
}

/// One request of the run.
pub struct Planned {
    /// The request, when it is well-formed HTTP.
    pub request: Option<Request>,
    pub class: Class,
    /// What the request is, for messages (`wrong type of token.name`).
    pub what: &'static str,
    pub bytes: Vec<u8>,
    /// Whether to shut the writing side once the bytes are sent (a body cut short).
    pub half_close: bool,
    /// Whether the server closes the connection after answering (a request it cannot frame).
    pub closes: bool,
    pub expect: Expect,
}

impl Planned {
    /// A well-formed request on a kept-alive connection.
    pub fn sent(class: Class, what: &'static str, request: &Request, expect: Expect) -> Planned {
        Planned {
            request: Some(request.clone()),
            class,
            what,
            bytes: request.bytes(),
            half_close: false,
            closes: false,
            expect,
        }
    }

    /// The same request with a chunked body.
    fn chunked(mut self) -> Planned {
        if let Some(request) = &self.request {
            self.bytes = request.chunked_bytes(CHUNK);
        }
        self
    }
}

/// The size of the chunks of a chunked body: small, so that every body has several.
const CHUNK: usize = 16;

/// What the load run needs to know of an API beyond the server binary.
pub trait Api: Send + Sync {
    /// The API's name, and its example server's (`<name>-server`).
    fn name(&self) -> &'static str;

    /// Valid request number `n` (a read or a write of a value starting with [`WRITTEN`]),
    /// with the bearer token `token`.
    fn valid(&self, n: u64, token: &str) -> Planned;

    /// Schema-invalid request number `n`: each carries values starting with [`REJECTED`] that
    /// would change the guarded state, were it accepted.
    fn invalid(&self, n: u64, token: &str) -> Planned;

    /// A valid JSON request that would change the guarded state (storing `marker`): the base of
    /// the requests with bad credentials and of the malformed ones.
    fn guarded_write(&self, n: u64, token: &str, marker: &str) -> Request;

    /// Checks that `body` is the API's error body for `status`.
    fn envelope(&self, status: u16, body: &Value) -> Result<(), String>;

    /// Valid requests that read every stored resource, to take the guarded state before and
    /// after the run.
    fn probes(&self, token: &str) -> Vec<Request>;

    /// The guarded state a 2xx body shows: the resource it is of and what of it no valid
    /// request changes; `None` for a body that shows no resource. An error if a field a valid
    /// request writes holds something no valid request wrote.
    fn guarded(&self, body: &Value) -> Result<Option<(String, Value)>, String>;
}

/// The share of each class in the mix, out of [`SHARES_TOTAL`].
const SHARES: [(Class, u64); 4] = [
    (Class::Valid, 10),
    (Class::Invalid, 4),
    (Class::Unauthorised, 3),
    (Class::Malformed, 3),
];
const SHARES_TOTAL: u64 = 20;

/// A well-mixed 64-bit hash of `n` (splitmix64's finaliser), so that the classes are
/// interleaved rather than in blocks.
pub fn mix(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Request number `index` of a run against `api`.
pub fn planned(api: &dyn Api, index: u64, token: &str) -> Planned {
    let hash = mix(index);
    let mut pick = hash % SHARES_TOTAL;
    let class = SHARES
        .iter()
        .find_map(|&(class, share)| {
            if pick < share {
                Some(class)
            } else {
                pick -= share;
                None
            }
        })
        .unwrap_or(Class::Valid);
    // The variant within the class, from other bits of the hash.
    let n = hash >> 8;
    match class {
        // One valid request in eight has a chunked body.
        Class::Valid if (hash >> 5) % 8 == 0 => api.valid(n, token).chunked(),
        Class::Valid => api.valid(n, token),
        Class::Invalid if n % 8 == 0 => unsupported_media_type(api, n, token),
        Class::Invalid => api.invalid(n >> 3, token),
        Class::Unauthorised => unauthorised(api, n, token),
        Class::Malformed => malformed(api, n, token),
    }
}

/// A guarded write with a media type the operation does not take, or a content coding the
/// server does not decode (its JSON sent as it is, labelled gzip): 415.
fn unsupported_media_type(api: &dyn Api, n: u64, token: &str) -> Planned {
    let request = api.guarded_write(n, token, &format!("{REJECTED}{n}"));
    let (what, request) = if n % 16 == 0 {
        (
            "a body of an unsupported media type",
            request.with_header("Content-Type", Some("text/plain".to_owned())),
        )
    } else {
        (
            "a body in a content coding the server does not decode",
            request.with_header("Content-Encoding", Some("gzip".to_owned())),
        )
    };
    Planned::sent(Class::Invalid, what, &request, Expect::Rejected(415))
}

/// A guarded write with no credential, a malformed one or one the server does not accept:
/// 401.
fn unauthorised(api: &dyn Api, n: u64, token: &str) -> Planned {
    let request = api.guarded_write(n, token, &format!("{REJECTED}{n}"));
    let (what, authorization) = match n % 5 {
        0 => ("no Authorization header", None),
        1 => (
            "a wrong bearer token",
            Some(format!("Bearer wrong-{token}")),
        ),
        2 => ("Basic credentials", Some(format!("Basic {token}"))),
        3 => ("a bearer scheme without a token", Some("Bearer".to_owned())),
        _ => (
            "a bearer token of two words",
            Some(format!("Bearer {token} {token}")),
        ),
    };
    let request = request.with_header("Authorization", authorization);
    Planned::sent(Class::Unauthorised, what, &request, Expect::Rejected(401))
}

/// A guarded write broken at the HTTP level, or with a body that is not UTF-8.
fn malformed(api: &dyn Api, n: u64, token: &str) -> Planned {
    let request = api.guarded_write(n, token, &format!("{REJECTED}{n}"));
    let body = &request.body;
    // Bytes the server answers and then closes the connection on (shutting the writing side
    // first, for a body cut short): `expect` is hyper's answer, or the router's 400.
    let framed = |what, bytes: Vec<u8>, half_close, expect| Planned {
        request: None,
        class: Class::Malformed,
        what,
        bytes,
        half_close,
        closes: true,
        expect,
    };
    // A head with `line` added to its header lines.
    let with_line = |line: &str| {
        let mut bytes = (request.head(body.len()) + line + "\r\n\r\n").into_bytes();
        bytes.extend_from_slice(body);
        bytes
    };
    match n % 10 {
        0 => framed(
            "a garbage request line",
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 garbage\r\n\r\n".to_vec(),
            false,
            Expect::Unparsed,
        ),
        1 => {
            let mut bytes = format!(
                "{} {} HTTP/1.1 extra\r\n{}\r\n",
                request.method,
                request.path,
                request.header_lines(body.len())
            )
            .into_bytes();
            bytes.extend_from_slice(body);
            framed(
                "a request line of four words",
                bytes,
                false,
                Expect::Unparsed,
            )
        }
        2 => framed(
            "a header name with a space",
            with_line("Bad Header: 1"),
            false,
            Expect::Unparsed,
        ),
        3 => framed(
            "a header line without a colon",
            with_line("NoColonHere"),
            false,
            Expect::Unparsed,
        ),
        4 => framed(
            "two different Content-Lengths",
            with_line(&format!("Content-Length: {}", body.len() + 1)),
            false,
            Expect::Unparsed,
        ),
        5 => {
            // Half the body, then the end of the stream before the announced length.
            let mut bytes = (request.head(body.len()) + "\r\n").into_bytes();
            bytes.extend_from_slice(&body[..body.len() / 2]);
            framed("a body cut short", bytes, true, Expect::Rejected(400))
        }
        6 => {
            // A Content-Length of half the body: the first half is a JSON text cut short (400);
            // the rest is then read as the next request, which does not parse.
            let mut bytes = (request.head(body.len() / 2) + "\r\n").into_bytes();
            bytes.extend_from_slice(body);
            framed(
                "a Content-Length shorter than the body",
                bytes,
                false,
                Expect::Rejected(400),
            )
        }
        7 => {
            // A good first chunk, then a chunk size that is not hexadecimal.
            let mut bytes = request.chunked_head().into_bytes();
            push_chunk(&mut bytes, &body[..CHUNK.min(body.len())]);
            bytes.extend_from_slice(b"zz\r\n{}\r\n0\r\n\r\n");
            framed(
                "a chunk size that is not hexadecimal",
                bytes,
                false,
                Expect::Rejected(400),
            )
        }
        8 => {
            // A chunked body that stops inside its last chunk, then the end of the stream.
            let mut bytes = request.chunked_bytes(CHUNK);
            bytes.truncate(bytes.len() - b"x\r\n0\r\n\r\n".len());
            framed(
                "a chunked body cut short",
                bytes,
                true,
                Expect::Rejected(400),
            )
        }
        _ => {
            // The JSON of the write with an invalid UTF-8 sequence after its marker.
            let marker = format!("{REJECTED}{n}");
            let text = String::from_utf8_lossy(body).into_owned();
            let (before, after) = text.split_once(&marker).unwrap_or((&text, ""));
            let mut broken = format!("{before}{marker}").into_bytes();
            broken.extend_from_slice(b"\xff\xfe\xc3\x28");
            broken.extend_from_slice(after.as_bytes());
            let request = Request {
                body: broken,
                ..request.clone()
            };
            Planned::sent(
                Class::Malformed,
                "JSON that is not UTF-8",
                &request,
                Expect::Rejected(400),
            )
        }
    }
}
