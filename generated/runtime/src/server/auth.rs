//! Authentication: the credential a request carries, checked against the security
//! requirements of its operation.

use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;

use super::super::base64_bytes::Base64Bytes;
use super::rejection::Rejection;

/// The credential a request was authenticated with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// `Authorization: Bearer <token>`.
    Bearer(String),
    /// `Authorization: Basic <base64 of user:password>`, decoded.
    Basic { username: String, password: String },
    /// An API key from a header, query parameter or cookie.
    ApiKey(String),
    /// The operation needs no authentication.
    Anonymous,
}

impl Credential {
    /// The bearer token or API key, if that is what was sent.
    pub fn token(&self) -> Option<&str> {
        match self {
            Credential::Bearer(token) | Credential::ApiKey(token) => Some(token),
            Credential::Basic { .. } | Credential::Anonymous => None,
        }
    }
}

/// A security scheme an operation accepts.
#[derive(Debug, Clone, Copy)]
pub enum Scheme {
    Bearer,
    Basic,
    HeaderKey(&'static str),
    QueryKey(&'static str),
    CookieKey(&'static str),
}

/// Checks the request against the operation's security requirements: any one
/// alternative, with every scheme in it, must be satisfied.
pub fn authenticate(parts: &Parts, alternatives: &[&[Scheme]]) -> Result<Credential, Rejection> {
    if alternatives.is_empty() {
        return Ok(Credential::Anonymous);
    }
    let mut failure = None;
    for alternative in alternatives {
        let mut credential = Credential::Anonymous;
        let mut satisfied = true;
        for scheme in alternative.iter() {
            match credential_of(parts, *scheme) {
                Ok(found) => credential = found,
                Err(rejection) => {
                    failure.get_or_insert(rejection);
                    satisfied = false;
                    break;
                }
            }
        }
        if satisfied {
            return Ok(credential);
        }
    }
    Err(failure.unwrap_or_else(|| Rejection::new(401, "Unauthorized", "authentication required")))
}

fn credential_of(parts: &Parts, scheme: Scheme) -> Result<Credential, Rejection> {
    let unauthorized = |message: &str| Rejection::new(401, "Unauthorized", message);
    match scheme {
        Scheme::Bearer | Scheme::Basic => {
            let expected = if matches!(scheme, Scheme::Bearer) {
                "Bearer"
            } else {
                "Basic"
            };
            let header = parts
                .headers
                .get(AUTHORIZATION)
                .ok_or_else(|| unauthorized("the Authorization header is missing"))?;
            let text = header
                .to_str()
                .map_err(|_| unauthorized("the Authorization header is not text"))?;
            let (kind, value) = text
                .split_once(' ')
                .ok_or_else(|| unauthorized("the Authorization header is malformed"))?;
            let value = value.trim();
            if !kind.eq_ignore_ascii_case(expected) || value.is_empty() || value.contains(' ') {
                return Err(unauthorized(&format!(
                    "expected `Authorization: {expected} <credentials>`"
                )));
            }
            if matches!(scheme, Scheme::Bearer) {
                return Ok(Credential::Bearer(value.to_owned()));
            }
            let decoded = decode_base64(value)
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .ok_or_else(|| unauthorized("the Basic credentials are not base64 text"))?;
            let (username, password) = decoded
                .split_once(':')
                .ok_or_else(|| unauthorized("the Basic credentials lack a `:`"))?;
            Ok(Credential::Basic {
                username: username.to_owned(),
                password: password.to_owned(),
            })
        }
        Scheme::HeaderKey(name) => parts
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .filter(|value| !value.is_empty())
            .map(|value| Credential::ApiKey(value.to_owned()))
            .ok_or_else(|| unauthorized(&format!("the {name} header is missing"))),
        Scheme::QueryKey(name) => query_pairs(parts)
            .into_iter()
            .find(|(key, value)| key == name && !value.is_empty())
            .map(|(_, value)| Credential::ApiKey(value))
            .ok_or_else(|| unauthorized(&format!("the {name} query parameter is missing"))),
        Scheme::CookieKey(name) => parts
            .headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| Credential::ApiKey(value.to_owned()))
            .ok_or_else(|| unauthorized(&format!("the {name} cookie is missing"))),
    }
}

/// Basic credentials' base64, read as `format: byte` text is: standard alphabet, padding
/// optional.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    Base64Bytes::from_base64(text)
        .ok()
        .map(Base64Bytes::into_inner)
}

fn query_pairs(parts: &Parts) -> Vec<(String, String)> {
    parts
        .uri
        .query()
        .and_then(|query| serde_urlencoded::from_str::<Vec<(String, String)>>(query).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use axum::http::request::Parts;

    use super::{authenticate, decode_base64, Credential, Scheme};

    fn request(uri: &str, headers: &[(&str, &str)]) -> Parts {
        let mut request = axum::http::Request::builder().uri(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        match request.body(()) {
            Ok(request) => request.into_parts().0,
            Err(err) => panic!("{err}"),
        }
    }

    /// The status and message of a failed authentication.
    fn refusal(parts: &Parts, alternatives: &[&[Scheme]]) -> Option<(u16, String)> {
        authenticate(parts, alternatives)
            .err()
            .map(|rejection| (rejection.status, rejection.message))
    }

    #[test]
    fn basic_credentials_are_decoded_into_user_and_password() {
        // RFC 7617's example: `Aladdin:open sesame`.
        let parts = request(
            "/",
            &[("authorization", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")],
        );
        let expected = Credential::Basic {
            username: "Aladdin".to_owned(),
            password: "open sesame".to_owned(),
        };
        assert_eq!(authenticate(&parts, &[&[Scheme::Basic]]), Ok(expected));
        for (header, message) in [
            ("Basic a$b", "the Basic credentials are not base64 text"),
            // `ada`, without a `:`.
            ("Basic YWRh", "the Basic credentials lack a `:`"),
            (
                "Bearer YWRh",
                "expected `Authorization: Basic <credentials>`",
            ),
        ] {
            let parts = request("/", &[("authorization", header)]);
            assert_eq!(
                refusal(&parts, &[&[Scheme::Basic]]),
                Some((401, message.to_owned())),
                "{header}"
            );
        }
    }

    #[test]
    fn base64_is_read_with_or_without_padding() {
        assert_eq!(decode_base64("YQ=="), Some(b"a".to_vec()));
        assert_eq!(decode_base64("YWI"), Some(b"ab".to_vec()));
        assert_eq!(decode_base64("YWJj"), Some(b"abc".to_vec()));
        // One character is six bits: not a byte.
        assert_eq!(decode_base64("YWJjZ"), None);
    }

    #[test]
    fn one_alternative_with_every_scheme_in_it_is_enough() {
        let alternatives: &[&[Scheme]] = &[
            &[Scheme::Bearer, Scheme::HeaderKey("x-tenant")],
            &[Scheme::QueryKey("api_key")],
        ];
        let bearer = ("authorization", "Bearer t0ken");
        let both = request("/", &[bearer, ("x-tenant", "acme")]);
        assert!(authenticate(&both, alternatives).is_ok());
        let by_query = request("/?api_key=k3y", &[bearer]);
        assert_eq!(
            authenticate(&by_query, alternatives),
            Ok(Credential::ApiKey("k3y".to_owned()))
        );
        // A bearer token alone satisfies neither; the first failure is the one reported.
        assert_eq!(
            refusal(&request("/", &[bearer]), alternatives),
            Some((401, "the x-tenant header is missing".to_owned()))
        );
        assert_eq!(
            authenticate(&request("/", &[]), &[]),
            Ok(Credential::Anonymous)
        );
    }
}
