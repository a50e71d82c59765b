//! `multipart/form-data` request bodies (RFC 7578): text fields, files and JSON parts, each
//! written so that no value can add a part or a header.
//!
//! The boundary is chosen from the parts themselves (a hash of what they hold, longer until
//! no part holds it), so the same body is the same bytes every time: `to_http_request` stays
//! a pure function, and a test can compare the wire byte for byte.

use std::fmt;
use std::fmt::Write as _;

use http::HeaderValue;
use sha2::{Digest as _, Sha256};

use crate::QueryValue;

/// A file sent as one part of a `multipart/form-data` body: its bytes, and the file name and
/// media type that go with them (`Content-Disposition: form-data; name="file";
/// filename="a.png"`, `Content-Type: image/png`). Without a media type, the part says
/// `application/octet-stream`.
///
/// `Debug` shows the name, the media type and the length, never the bytes.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct File {
    bytes: Vec<u8>,
    name: Option<String>,
    media_type: Option<HeaderValue>,
}

/// A media type a file part cannot carry: not `type/subtype`, or holding a character a
/// header cannot (a CR, an LF).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a media type a part can carry (`type/subtype`, visible ASCII)")]
pub struct InvalidMediaType;

impl File {
    /// A file of these bytes, without a name.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            bytes: bytes.into(),
            ..Self::default()
        }
    }

    /// With the file name the part gives (`filename="…"`); a `"`, CR or LF in it is sent
    /// percent-encoded, as browsers do (WHATWG HTML's form encoding), so it cannot end the
    /// header.
    #[must_use]
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// With the part's media type (`image/png`).
    ///
    /// # Errors
    ///
    /// [`InvalidMediaType`] when it is not `type/subtype` in visible ASCII.
    pub fn with_media_type(mut self, media_type: &str) -> Result<Self, InvalidMediaType> {
        let (kind, subtype) = media_type.split_once('/').ok_or(InvalidMediaType)?;
        if kind.is_empty() || subtype.is_empty() {
            return Err(InvalidMediaType);
        }
        let value = HeaderValue::from_str(media_type).map_err(|_| InvalidMediaType)?;
        if !media_type.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            return Err(InvalidMediaType);
        }
        self.media_type = Some(value);
        Ok(self)
    }

    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The file name, when it has one.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The media type, when it has one.
    pub fn media_type(&self) -> Option<&str> {
        self.media_type.as_ref().and_then(|m| m.to_str().ok())
    }
}

impl From<Vec<u8>> for File {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<&[u8]> for File {
    fn from(bytes: &[u8]) -> Self {
        Self::new(bytes)
    }
}

impl From<&str> for File {
    fn from(text: &str) -> Self {
        Self::new(text.as_bytes())
    }
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("name", &self.name)
            .field("media_type", &self.media_type())
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// A struct sent as `multipart/form-data`: generated for each model a spec sends so.
pub trait MultipartBody {
    /// Adds one part per field (a list: one per item), in the model's order.
    ///
    /// # Errors
    ///
    /// A field sent as a JSON part that does not serialize.
    fn write_parts(&self, parts: &mut Multipart) -> Result<(), serde_json::Error>;
}

/// The parts of a `multipart/form-data` body, in the order added.
#[derive(Debug, Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Debug)]
struct Part {
    /// `Content-Disposition` and `Content-Type`, each line ended by CRLF.
    headers: String,
    body: Vec<u8>,
}

impl Multipart {
    /// A text field.
    pub fn text(&mut self, name: &str, value: impl QueryValue) {
        let mut text = String::new();
        value.write_raw(&mut text);
        self.push(name, None, None, text.into_bytes());
    }

    /// A text field when there is a value.
    pub fn optional_text<V: QueryValue>(&mut self, name: &str, value: Option<V>) {
        if let Some(value) = value {
            self.text(name, value);
        }
    }

    /// A text field per item, the name repeated.
    pub fn texts<V: QueryValue>(&mut self, name: &str, values: impl IntoIterator<Item = V>) {
        for value in values {
            self.text(name, value);
        }
    }

    /// A file.
    pub fn file(&mut self, name: &str, file: &File) {
        let media_type = file
            .media_type()
            .unwrap_or("application/octet-stream")
            .to_owned();
        self.push(
            name,
            Some(file.name.as_deref().unwrap_or("")),
            Some(&media_type),
            file.bytes.clone(),
        );
    }

    /// A file when there is one.
    pub fn optional_file(&mut self, name: &str, file: Option<&File>) {
        if let Some(file) = file {
            self.file(name, file);
        }
    }

    /// A file per item, the name repeated.
    pub fn files<'f>(&mut self, name: &str, files: impl IntoIterator<Item = &'f File>) {
        for file in files {
            self.file(name, file);
        }
    }

    /// A value as a JSON part (`Content-Type: application/json`): an object, a list, a map.
    ///
    /// # Errors
    ///
    /// When the value does not serialize.
    pub fn json<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        let body = serde_json::to_vec(value)?;
        self.push(name, None, Some("application/json"), body);
        Ok(())
    }

    fn push(
        &mut self,
        name: &str,
        file_name: Option<&str>,
        media_type: Option<&str>,
        body: Vec<u8>,
    ) {
        let mut headers = String::from("Content-Disposition: form-data; name=\"");
        escape(name, &mut headers);
        headers.push('"');
        if let Some(file_name) = file_name {
            headers.push_str("; filename=\"");
            escape(file_name, &mut headers);
            headers.push('"');
        }
        headers.push_str("\r\n");
        if let Some(media_type) = media_type {
            let _ = write!(headers, "Content-Type: {media_type}\r\n");
        }
        self.parts.push(Part { headers, body });
    }

    /// The body: each part after its boundary line, then the closing one. Its first line
    /// is `--` and the boundary, which the request's `Content-Type` names.
    pub fn finish(self) -> Vec<u8> {
        let boundary = self.boundary();
        let size: usize = self
            .parts
            .iter()
            .map(|p| boundary.len() + p.headers.len() + p.body.len() + 8)
            .sum();
        let mut out = Vec::with_capacity(size + boundary.len() + 6);
        for part in &self.parts {
            out.extend_from_slice(b"--");
            out.extend_from_slice(boundary.as_bytes());
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(part.headers.as_bytes());
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(&part.body);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"--");
        out.extend_from_slice(boundary.as_bytes());
        out.extend_from_slice(b"--\r\n");
        out
    }

    /// A boundary no part holds: the hash of the parts, as long as it must be.
    fn boundary(&self) -> String {
        let mut hash = Sha256::new();
        for part in &self.parts {
            hash.update(part.headers.as_bytes());
            hash.update((part.body.len() as u64).to_le_bytes());
            hash.update(&part.body);
        }
        let digest = hash.finalize();
        let mut hex = String::with_capacity(64);
        for byte in digest {
            let _ = write!(hex, "{byte:02x}");
        }
        first_free(&hex, &self.parts)
    }
}

/// `apigen-` and the first 16 digits of `hex`, then more (and a counter past all of them)
/// while some part holds it.
fn first_free(hex: &str, parts: &[Part]) -> String {
    let mut length = 16.min(hex.len());
    let mut round = 0_u64;
    loop {
        let mut boundary = format!("apigen-{}", &hex[..length]);
        if round > 0 {
            let _ = write!(boundary, "-{round}");
        }
        let needle = boundary.as_bytes();
        if !parts.iter().any(|p| contains(&p.body, needle)) {
            return boundary;
        }
        if length < hex.len() {
            length = (length * 2).min(hex.len());
        } else {
            round += 1;
        }
    }
}

/// `"`, CR and LF percent-encoded, as WHATWG HTML encodes a field or file name.
fn escape(name: &str, out: &mut String) {
    for c in name.chars() {
        match c {
            '"' => out.push_str("%22"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The boundary a multipart body names on its first line (`--BOUNDARY\r\n`).
pub(crate) fn boundary_of(body: &[u8]) -> Option<&str> {
    let line = body.strip_prefix(b"--")?;
    let end = line.windows(2).position(|w| w == b"\r\n")?;
    std::str::from_utf8(&line[..end]).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_written_as_rfc_7578_says_with_a_boundary_no_part_holds() {
        let mut parts = Multipart::default();
        parts.text("purpose", "fine-tune");
        parts.texts("n", [1_i64, 2]);
        let file = File::new(b"{\"a\":1}\n".to_vec())
            .with_name("data.jsonl")
            .with_media_type("application/jsonl");
        assert!(file.is_ok());
        if let Ok(file) = &file {
            parts.file("file", file);
        }
        let body = parts.finish();
        let boundary = boundary_of(&body).map(str::to_owned).unwrap_or_default();
        assert!(
            boundary.starts_with("apigen-") && boundary.len() == 23,
            "{boundary}"
        );
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n1\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n2\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n{{\"a\":1}}\n\r\n\
             --{b}--\r\n",
            b = boundary
        );
        assert_eq!(String::from_utf8_lossy(&body), expected);
    }

    #[test]
    fn a_name_cannot_end_its_header_and_a_file_cannot_hold_the_boundary() {
        let mut first = Multipart::default();
        first.file(
            "f",
            &File::new(b"x".to_vec()).with_name("a\"\r\nX-Evil: 1.txt"),
        );
        let text = String::from_utf8_lossy(&first.finish()).into_owned();
        assert!(
            text.contains(
                "filename=\"a%22%0D%0AX-Evil: 1.txt\"\r\nContent-Type: application/octet-stream\r\n"
            ),
            "{text}"
        );
        assert_eq!(text.matches("\r\nX-Evil").count(), 0, "{text}");
        // A part that holds the boundary its hash gives gets a longer one, then a counter.
        let hex = "0123456789abcdef0123456789abcdef";
        let holding = |text: &str| Part {
            headers: String::new(),
            body: text.as_bytes().to_vec(),
        };
        let parts = [holding("--apigen-0123456789abcdef\r\n")];
        assert_eq!(
            first_free(hex, &parts),
            "apigen-0123456789abcdef0123456789abcdef"
        );
        let parts = [holding("apigen-0123456789abcdef0123456789abcdef")];
        assert_eq!(
            first_free(hex, &parts),
            "apigen-0123456789abcdef0123456789abcdef-1"
        );
        assert_eq!(
            File::new(Vec::new()).with_media_type("text/plain\r\nX: 1"),
            Err(InvalidMediaType)
        );
        assert_eq!(
            File::new(Vec::new()).with_media_type("plain"),
            Err(InvalidMediaType)
        );
    }

    #[test]
    fn the_same_parts_are_the_same_bytes_and_debug_shows_no_content() {
        let build = || {
            let mut parts = Multipart::default();
            parts.text("a", "1");
            parts.optional_text::<&str>("b", None);
            parts.finish()
        };
        assert_eq!(build(), build());
        let file = File::new(b"secret bytes".to_vec()).with_name("k.pem");
        assert_eq!(
            format!("{file:?}"),
            "File { name: Some(\"k.pem\"), media_type: None, len: 12 }"
        );
    }
}
