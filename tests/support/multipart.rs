//! `multipart/form-data` bodies written part by part, for the multipart server tests.

/// The boundary every body here is framed by.
pub const BOUNDARY: &str = "specforge-boundary-7d3";

/// One part of a multipart body: its name, file name and media type if it is a file, and its
/// content.
pub struct Part<'a> {
    name: &'a str,
    file: Option<(&'a str, &'a str)>,
    content: &'a [u8],
}

/// A text part.
pub fn text<'a>(name: &'a str, content: &'a str) -> Part<'a> {
    Part {
        name,
        file: None,
        content: content.as_bytes(),
    }
}

/// A file part, with the file name and media type a client gives it.
pub fn file<'a>(name: &'a str, file_name: &'a str, media: &'a str, content: &'a [u8]) -> Part<'a> {
    Part {
        name,
        file: Some((file_name, media)),
        content,
    }
}

/// The `Content-Type` of a body made by [`multipart`].
pub fn content_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

/// A `multipart/form-data` body of the parts, framed by [`BOUNDARY`].
pub fn multipart(parts: &[Part<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        let disposition = match part.file {
            Some((file_name, media)) => format!(
                "Content-Disposition: form-data; name=\"{}\"; filename=\"{file_name}\"\r\nContent-Type: {media}\r\n",
                part.name
            ),
            None => format!("Content-Disposition: form-data; name=\"{}\"\r\n", part.name),
        };
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(part.content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}
