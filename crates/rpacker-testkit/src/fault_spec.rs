//! `ACTION:N[:CODE[:HTTP]]`, a fault for the [`crate::FaultProxy`], read as the rig's `RIG_FAIL`:
//! N is `3`, `2-4` or `5+`, counted per action; `*` is any action; CODE defaults to
//! `RequestLimitExceeded`; the HTTP status defaults by code as EC2 answers.

use crate::http_message::Response;

/// One parsed fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FaultSpec {
    action: String,
    first: usize,
    last: usize,
    /// The EC2 error code answered.
    pub(crate) code: String,
    status: u16,
}

impl FaultSpec {
    /// Parses `ACTION:N[:CODE[:HTTP]]`.
    pub(crate) fn parse(spec: &str) -> Result<Self, String> {
        let bad = || format!("bad fault {spec:?}: want ACTION:N[:CODE[:HTTP]] with N as 3, 2-4 or 5+");
        let parts: Vec<&str> = spec.split(':').collect();
        if parts.len() < 2 || parts.len() > 4 || parts[0].is_empty() {
            return Err(bad());
        }
        let number = |s: &str| s.parse::<usize>().ok().filter(|n| *n > 0).ok_or_else(bad);
        let (first, last) = if let Some(from) = parts[1].strip_suffix('+') {
            (number(from)?, usize::MAX)
        } else if let Some((from, to)) = parts[1].split_once('-') {
            (number(from)?, number(to)?)
        } else {
            let n = number(parts[1])?;
            (n, n)
        };
        let code = parts.get(2).filter(|c| !c.is_empty()).map_or("RequestLimitExceeded", |c| c).to_owned();
        let status = match parts.get(3) {
            Some(s) => s.parse().map_err(|_| bad())?,
            None => default_status(&code),
        };
        Ok(Self { action: parts[0].to_owned(), first, last, code, status })
    }

    /// Whether the `n`th call (from 1) of `action` gets this fault.
    pub(crate) fn matches(&self, action: &str, n: usize) -> bool {
        (self.action == "*" || self.action == action) && (self.first..=self.last).contains(&n)
    }

    /// EC2's error document for this fault.
    pub(crate) fn response(&self) -> Response {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{}</Code>\
             <Message>injected by the test kit's fault proxy</Message></Error></Errors>\
             <RequestID>00000000-0000-4000-8000-000000000000</RequestID></Response>",
            self.code
        );
        let mut response = Response::text(self.status, &body);
        response.headers = vec![("Content-Type".into(), "text/xml;charset=UTF-8".into())];
        response
    }
}

fn default_status(code: &str) -> u16 {
    match code {
        "RequestLimitExceeded" | "Unavailable" | "ServiceUnavailable" => 503,
        "InternalError" => 500,
        c if c.starts_with("Insufficient") => 500,
        _ => 400,
    }
}

#[cfg(test)]
mod tests {
    use super::FaultSpec;

    #[test]
    fn parses_counts_codes_and_statuses() {
        let one = FaultSpec::parse("DescribeImages:3").expect("valid");
        assert!(one.matches("DescribeImages", 3) && !one.matches("DescribeImages", 2));
        assert!(!one.matches("CreateImage", 3));
        assert_eq!((one.code.as_str(), one.status), ("RequestLimitExceeded", 503));
        let range = FaultSpec::parse("*:2-4:InvalidAMIID.NotFound").expect("valid");
        assert!(range.matches("RunInstances", 2) && range.matches("X", 4) && !range.matches("X", 5));
        assert_eq!(range.status, 400);
        let open = FaultSpec::parse("RunInstances:5+:InsufficientInstanceCapacity").expect("valid");
        assert!(open.matches("RunInstances", 500) && !open.matches("RunInstances", 4));
        assert_eq!(open.status, 500);
        assert_eq!(FaultSpec::parse("A:1:Code:418").expect("valid").status, 418);
        for bad in ["A", "A:0", "A:x", ":1", "A:1:C:x", "A:1:C:400:x", "A:3-"] {
            assert!(FaultSpec::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_error_document_is_ec2s() {
        let response = FaultSpec::parse("CreateImage:1:InvalidParameterValue").expect("valid").response();
        assert_eq!(response.status, 400);
        let body = response.body_text();
        assert!(body.contains("<Response><Errors><Error><Code>InvalidParameterValue</Code>"), "{body}");
    }
}
