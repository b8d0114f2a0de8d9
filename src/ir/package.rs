//! What a generated crate's manifest says about its package, decided once from the spec's
//! `info`: the version as semver, the license as an SPDX expression, and a one-sentence summary.
//! Where `info` says something cargo cannot take as it is, the decision carries a note that the
//! manifest and README print, so the reader sees what was made of it.

use serde::Serialize;

/// The package metadata of an API's crates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Package {
    /// `info.version` as semver (`2.0` is `2.0.0`).
    pub version: String,
    /// How `version` was made from `info.version`, when it is not `info.version` itself.
    pub version_note: Option<String>,
    /// The license as an SPDX expression: OpenAPI 3.1's `info.license.identifier`, or
    /// `info.license.name` when that is one.
    pub license: Option<String>,
    /// Why there is no `license`, when there is none.
    pub license_note: Option<String>,
    /// The first sentence of `info.description`, on one line.
    pub summary: Option<String>,
    /// The API's web page, for the manifest's `homepage`: `info.contact.url`, else
    /// `externalDocs.url`, when it is an `http(s)` URL.
    pub homepage: Option<String>,
}

impl Package {
    pub fn new(
        info_version: &str,
        license_identifier: Option<&str>,
        license_name: Option<&str>,
        description: Option<&str>,
    ) -> Self {
        let (version, version_note) = semver_of(info_version);
        let (license, license_note) = license_of(license_identifier, license_name);
        Package {
            version,
            version_note,
            license,
            license_note,
            summary: description.and_then(first_sentence),
            homepage: None,
        }
    }

    /// The first of `urls` that is a web address cargo can show as the crate's homepage.
    pub fn set_homepage<'a>(&mut self, urls: impl IntoIterator<Item = Option<&'a str>>) {
        self.homepage = urls
            .into_iter()
            .flatten()
            .map(str::trim)
            .find(|url| is_web_url(url))
            .map(str::to_owned);
    }
}

/// Whether `url` is an absolute `http` or `https` URL with a host and no spaces.
fn is_web_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        !rest.is_empty()
            && !rest.starts_with('/')
            && !url.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}

impl Package {
    /// The version the configuration gives the crates (semver, checked where it is read), in
    /// place of the one made from `info.version`; the note says where it came from.
    pub fn set_version(&mut self, version: &str, info_version: &str) {
        self.version = version.to_owned();
        self.version_note = Some(format!(
            "from specforge.toml (info.version is {info_version:?})"
        ));
    }
}

/// `version` as semver, and a note when it had to be made into one: a leading `v` is dropped,
/// missing minor and patch numbers are 0, a date `2024-01-15` is `2024.1.15`, and anything else
/// is `0.0.0`.
fn semver_of(version: &str) -> (String, Option<String>) {
    let trimmed = version.trim();
    if semver::Version::parse(trimmed).is_ok() && trimmed == version {
        return (version.to_owned(), None);
    }
    let unprefixed = trimmed
        .strip_prefix(['v', 'V'])
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(trimmed);
    let coerced = semver::Version::parse(unprefixed)
        .ok()
        .or_else(|| numbers(unprefixed, '.'))
        .or_else(|| numbers(unprefixed, '-'));
    match coerced {
        Some(semver) => {
            let semver = semver.to_string();
            let note = format!("info.version {version:?} as semver {semver}");
            (semver, Some(note))
        }
        None => (
            "0.0.0".to_owned(),
            Some(format!(
                "info.version {version:?} is not a version semver can be made from, so the crate is 0.0.0"
            )),
        ),
    }
}

/// One to three numbers separated by `separator` (`2.0`, `2024-01-15`), as semver.
fn numbers(text: &str, separator: char) -> Option<semver::Version> {
    let parts = text
        .split(separator)
        .map(|part| {
            (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse::<u64>().ok())
                .flatten()
        })
        .collect::<Option<Vec<u64>>>()?;
    match parts[..] {
        [major] => Some(semver::Version::new(major, 0, 0)),
        [major, minor] => Some(semver::Version::new(major, minor, 0)),
        [major, minor, patch] => Some(semver::Version::new(major, minor, patch)),
        _ => None,
    }
}

/// The license as an SPDX expression, or why there is none.
fn license_of(identifier: Option<&str>, name: Option<&str>) -> (Option<String>, Option<String>) {
    let is_spdx = |text: &str| spdx::Expression::parse(text).is_ok();
    if let Some(identifier) = identifier {
        if is_spdx(identifier) {
            return (Some(identifier.to_owned()), None);
        }
    }
    match (identifier, name) {
        (_, Some(name)) if is_spdx(name) => (Some(name.to_owned()), None),
        (Some(identifier), _) => (
            None,
            Some(format!(
                "info.license.identifier {identifier:?} is not an SPDX expression"
            )),
        ),
        (None, Some(name)) => (
            None,
            Some(format!(
                "info.license.name {name:?} is not an SPDX expression"
            )),
        ),
        (None, None) => (None, Some("the spec has no info.license".to_owned())),
    }
}

/// The first sentence of `description`'s first paragraph, its lines joined with spaces.
fn first_sentence(description: &str) -> Option<String> {
    let paragraph = description
        .split("\n\n")
        .map(str::trim)
        .find(|paragraph| !paragraph.is_empty())?;
    let line = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    let end = line
        .match_indices(". ")
        .next()
        .map_or(line.len(), |(at, _)| at + 1);
    Some(line[..end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(text: &str) -> (String, Option<String>) {
        semver_of(text)
    }

    #[test]
    fn semver_is_kept_and_other_versions_are_made_semver_with_a_note() {
        assert_eq!(version("1.2.3"), ("1.2.3".to_owned(), None));
        assert_eq!(version("1.0.0-beta.1"), ("1.0.0-beta.1".to_owned(), None));
        let cases = [
            ("2.0", "2.0.0"),
            ("v1", "1.0.0"),
            ("v2.1.0", "2.1.0"),
            ("3", "3.0.0"),
            ("2024-01-15", "2024.1.15"),
            ("latest", "0.0.0"),
            ("", "0.0.0"),
            ("1.2.3.4", "0.0.0"),
        ];
        for (info, semver) in cases {
            let (got, note) = version(info);
            assert_eq!(got, semver, "{info:?}");
            let note = note.unwrap_or_else(|| panic!("no note for {info:?}"));
            assert!(note.contains(&format!("{info:?}")), "{note}");
        }
        assert_eq!(
            version("2.0").1.as_deref(),
            Some("info.version \"2.0\" as semver 2.0.0")
        );
    }

    #[test]
    fn the_license_is_an_spdx_identifier_or_name_or_none_with_why() {
        assert_eq!(
            license_of(Some("Apache-2.0"), Some("Apache 2.0")),
            (Some("Apache-2.0".to_owned()), None)
        );
        assert_eq!(
            license_of(None, Some("MIT OR Apache-2.0")),
            (Some("MIT OR Apache-2.0".to_owned()), None)
        );
        let (license, note) = license_of(None, Some("Proprietary"));
        assert_eq!(license, None);
        assert!(note.is_some_and(|note| note.contains("\"Proprietary\"")));
        assert_eq!(license_of(None, None).0, None);
    }

    #[test]
    fn the_summary_is_the_first_sentence_on_one_line() {
        assert_eq!(
            first_sentence("Make a PUT\nrequest. Then more.\n\nNext paragraph."),
            Some("Make a PUT request.".to_owned())
        );
        assert_eq!(
            first_sentence("No full stop"),
            Some("No full stop".to_owned())
        );
        assert_eq!(first_sentence("\n\n"), None);
    }

    #[test]
    fn the_homepage_is_the_first_web_address_of_contact_and_external_docs() {
        let homepage = |urls: [Option<&str>; 2]| {
            let mut package = Package::new("1.0.0", None, None, None);
            package.set_homepage(urls);
            package.homepage
        };
        assert_eq!(
            homepage([
                Some("https://acme.example/api"),
                Some("https://docs.example")
            ])
            .as_deref(),
            Some("https://acme.example/api")
        );
        assert_eq!(
            homepage([
                Some("mailto:api@acme.example"),
                Some(" http://docs.example/ ")
            ])
            .as_deref(),
            Some("http://docs.example/")
        );
        assert_eq!(homepage([Some("https://"), Some("/docs")]), None);
        assert_eq!(homepage([Some("https://a b.example"), None]), None);
    }
}
