//! The latency proxy's JSON-lines log, the rig's format: one line per EC2 request
//! `{t, ms, region, action, client, status, ids: {id: state shown}, fault?, n?}` (`t` when the
//! request arrived, epoch seconds), one per learned resource `{t, learn, region, id, latency_s,
//! ready_t}`, and a first line with the settings. Lines are written whole under a lock.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::Path;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

/// An open log file.
pub(crate) struct LatencyLog {
    file: Mutex<File>,
}

impl LatencyLog {
    /// Opens `path` for appending.
    pub(crate) fn open(path: &Path) -> std::io::Result<Self> {
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        Ok(Self { file: Mutex::new(file) })
    }

    /// Appends `record` as one line (a failed write loses the line, never the answer).
    pub(crate) fn write(&self, record: &Value) {
        let mut line = record.to_string();
        line.push('\n');
        let mut file = self.file.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let _ = file.write_all(line.as_bytes());
    }
}

/// Seconds since the epoch, rounded to the millisecond as the rig logs them.
pub(crate) fn epoch_now() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64())
}

/// `value` rounded to `places` decimals.
pub(crate) fn round(value: f64, places: i32) -> f64 {
    let factor = 10f64.powi(places);
    (value * factor).round() / factor
}

/// Which tool sent a request, from its User-Agent.
pub(crate) fn client_of(user_agent: &str) -> String {
    if user_agent.contains("aws-sdk-go") || user_agent.contains("Packer") {
        "packer".into()
    } else if user_agent.contains("aws-sdk-rust") {
        "rpacker".into()
    } else if user_agent.contains("aws-cli") {
        "aws-cli".into()
    } else if user_agent.contains("Boto3") || user_agent.contains("Botocore") {
        "boto3".into()
    } else {
        user_agent.chars().take(30).collect()
    }
}

/// The region and service of a SigV4 `Authorization` header's credential scope.
pub(crate) fn credential_scope(authorization: &str) -> Option<(String, String)> {
    let scope = authorization.split("Credential=").nth(1)?;
    let scope = scope.split([',', ' ']).next()?;
    let mut parts = scope.split('/');
    let (_key, date, region, service) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    (date.len() == 8 && !region.is_empty()).then(|| (region.to_owned(), service.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::{client_of, credential_scope, LatencyLog};

    #[test]
    fn clients_from_user_agents() {
        let go =
            "APN/1.0 HashiCorp/1.0 Packer/1.6.6 (+https://www.packer.io) aws-sdk-go/1.36.0 (go1.15.3; linux; amd64)";
        assert_eq!(client_of(go), "packer");
        assert_eq!(client_of("aws-sdk-rust/1.3.9 os/linux lang/rust/1.85.0"), "rpacker");
        assert_eq!(client_of("aws-cli/2.15.0 Python/3.11.6 Linux/6.1 botocore/2.4.5"), "aws-cli");
        assert_eq!(client_of("Boto3/1.34.0 md/Botocore#1.34.0"), "boto3");
        assert_eq!(client_of("curl/8.5.0"), "curl/8.5.0");
    }

    #[test]
    fn regions_from_credential_scopes() {
        let header = "AWS4-HMAC-SHA256 Credential=testing/20261123/eu-west-1/ec2/aws4_request, \
                      SignedHeaders=host;x-amz-date, Signature=00";
        assert_eq!(credential_scope(header), Some(("eu-west-1".into(), "ec2".into())));
        assert_eq!(credential_scope("Bearer x"), None);
        assert_eq!(credential_scope("AWS4-HMAC-SHA256 Credential=k/2026/us-east-1/ec2/aws4_request"), None);
    }

    #[test]
    fn lines_are_appended_whole() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("latency.jsonl");
        let log = LatencyLog::open(&path).expect("open");
        log.write(&serde_json::json!({"t": 1.5, "action": "DescribeImages"}));
        log.write(&serde_json::json!({"learn": "ami"}));
        let text = std::fs::read_to_string(&path).expect("read");
        let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).expect("json")).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["action"], "DescribeImages");
        assert_eq!(lines[1]["learn"], "ami");
    }
}
