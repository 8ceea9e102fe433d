//! Just enough HTTP/1.1 for the [`crate::FaultProxy`]: requests with a `Content-Length` body
//! (what the AWS SDKs and CLI send to the EC2 query API), responses with a length, chunks or
//! up to the end of the connection.

use std::io::{BufRead, Write};

use crate::fault_proxy::{read_body, read_head};

/// A client's request.
pub(crate) struct Request {
    request_line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// An answer, from moto or made up by the proxy.
pub(crate) struct Response {
    /// The HTTP status.
    pub(crate) status: u16,
    reason: String,
    /// Headers other than the framing ones (length, encoding, connection).
    pub(crate) headers: Vec<(String, String)>,
    /// The decoded body.
    pub(crate) body: Vec<u8>,
}

fn is_framing(name: &str) -> bool {
    ["content-length", "transfer-encoding", "connection", "expect", "keep-alive"]
        .contains(&name.to_ascii_lowercase().as_str())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

fn split_headers(lines: &[String]) -> Vec<(String, String)> {
    lines.iter().filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned())).collect()
}

/// Reads the next request of a connection (`None` at its end); answers `Expect: 100-continue`.
pub(crate) fn read_request(reader: &mut impl BufRead, writer: &mut impl Write) -> std::io::Result<Option<Request>> {
    let Some(lines) = read_head(reader)? else { return Ok(None) };
    let Some((request_line, rest)) = lines.split_first() else { return Ok(None) };
    let headers = split_headers(rest);
    if header(&headers, "expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue")) {
        writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        writer.flush()?;
    }
    let len = header(&headers, "content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    let body = read_body(reader, len)?;
    Ok(Some(Request { request_line: request_line.clone(), headers, body }))
}

impl Request {
    /// The request for moto: one request per connection, so its answer ends with the connection.
    pub(crate) fn to_upstream_bytes(&self) -> Vec<u8> {
        let mut out = format!("{}\r\n", self.request_line);
        for (k, v) in self.headers.iter().filter(|(k, _)| !is_framing(k)) {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        out.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", self.body.len()));
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }

    /// The value of the header `name` (any case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// Every `name=value` of the form body, decoded.
    fn form(&self) -> Vec<(String, String)> {
        decode_form(&String::from_utf8_lossy(&self.body))
    }

    /// The form body's value of `name`.
    pub(crate) fn form_value(&self, name: &str) -> Option<String> {
        self.form().into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// The form body's values whose names start with `prefix` (`ImageId.1`, `ImageId.2`, …).
    pub(crate) fn form_values_with_prefix(&self, prefix: &str) -> Vec<String> {
        self.form().into_iter().filter(|(k, _)| k.starts_with(prefix)).map(|(_, v)| v).collect()
    }
}

/// Every `name=value` pair of an `application/x-www-form-urlencoded` body (an EC2 query call),
/// decoded, in order.
#[must_use]
pub fn decode_form(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (percent_decode(k), percent_decode(v)))
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads a whole response whose connection closes after it.
pub(crate) fn read_response(reader: &mut impl BufRead) -> std::io::Result<Response> {
    let eof = || std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "no response head");
    let lines = read_head(reader)?.ok_or_else(eof)?;
    let (status_line, rest) = lines.split_first().ok_or_else(eof)?;
    let mut parts = status_line.splitn(3, ' ');
    let _version = parts.next();
    let status = parts.next().and_then(|s| s.parse().ok()).ok_or_else(eof)?;
    let reason = parts.next().unwrap_or("").to_owned();
    let all = split_headers(rest);
    let body = if header(&all, "transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        read_chunks(reader)?
    } else if let Some(len) = header(&all, "content-length").and_then(|v| v.parse().ok()) {
        read_body(reader, len)?
    } else {
        let mut body = Vec::new();
        reader.read_to_end(&mut body)?;
        body
    };
    let headers = all.into_iter().filter(|(k, _)| !is_framing(k)).collect();
    Ok(Response { status, reason, headers, body })
}

fn read_chunks(reader: &mut impl BufRead) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut size = String::new();
        reader.read_line(&mut size)?;
        let size = usize::from_str_radix(size.trim().split(';').next().unwrap_or("0"), 16)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        let chunk = read_body(reader, size)?;
        body.extend_from_slice(&chunk);
        let mut end = String::new();
        reader.read_line(&mut end)?;
        if size == 0 {
            return Ok(body);
        }
    }
}

impl Response {
    /// A plain answer with `body`.
    pub(crate) fn text(status: u16, body: &str) -> Self {
        Self { status, reason: String::new(), headers: Vec::new(), body: body.as_bytes().to_vec() }
    }

    /// The value of the header `name` (any case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// The body as text.
    pub(crate) fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The answer on a keep-alive connection.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let reason = if self.reason.is_empty() { "Status" } else { &self.reason };
        let mut out = format!("HTTP/1.1 {} {reason}\r\n", self.status);
        for (k, v) in &self.headers {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        out.push_str(&format!("Content-Length: {}\r\n\r\n", self.body.len()));
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}
