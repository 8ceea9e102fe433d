//! What moto's recorder saw, read as signed API calls: the action and its parameters, and the
//! credentials the SigV4 `Authorization` header names (`Credential=<key id>/<date>/<region>/
//! <service>/aws4_request`) with the session token sent beside it. moto accepts any key, so
//! the signature's key id is how a test proves which credentials a call used.

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::net::TcpStream;

use base64::Engine as _;
use rpacker_testkit::Moto;
use serde_json::Value;

/// One recorded query-protocol call (EC2, STS).
#[derive(Debug, Clone)]
pub struct SignedCall {
    /// The `Action` parameter.
    pub action: String,
    /// Every form parameter, percent-decoded.
    pub params: BTreeMap<String, String>,
    /// The signing key id; `None` for an unsigned call (AssumeRoleWithWebIdentity).
    pub key_id: Option<String>,
    /// The credential scope's region.
    pub region: Option<String>,
    /// The credential scope's service.
    pub service: Option<String>,
    /// `X-Amz-Security-Token`.
    pub session_token: Option<String>,
}

/// The calls made by the Rust SDK since recording started, in order.
pub fn sdk_calls(moto: &Moto) -> Vec<SignedCall> {
    let text = std::fs::read_to_string(moto.recording_path()).unwrap_or_default();
    text.lines().filter_map(|line| serde_json::from_str::<Value>(line).ok()).filter_map(|entry| parse(&entry)).collect()
}

fn parse(entry: &Value) -> Option<SignedCall> {
    let headers = entry["headers"].as_object()?;
    let header = |name: &str| {
        headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).and_then(|(_, v)| v.as_str()).map(str::to_owned)
    };
    if !header("user-agent").is_some_and(|agent| agent.contains("aws-sdk-rust")) {
        return None;
    }
    let body = entry["body"].as_str().unwrap_or_default();
    let body = if entry["body_encoded"] == Value::Bool(true) {
        String::from_utf8_lossy(&base64::engine::general_purpose::STANDARD.decode(body).ok()?).into_owned()
    } else {
        body.to_owned()
    };
    let params: BTreeMap<String, String> = rpacker_testkit::decode_form(&body).into_iter().collect();
    let action = params.get("Action")?.clone();
    let scope = header("authorization")
        .and_then(|a| a.split("Credential=").nth(1).map(|rest| rest.split(',').next().unwrap_or_default().to_owned()));
    let scope: Vec<String> = scope.map(|s| s.split('/').map(str::to_owned).collect()).unwrap_or_default();
    Some(SignedCall {
        action,
        params,
        key_id: scope.first().cloned(),
        region: scope.get(2).cloned(),
        service: scope.get(3).cloned(),
        session_token: header("x-amz-security-token"),
    })
}

/// The ARN moto's STS `GetCallerIdentity` gives for `key_id`: who moto says issued a key (an
/// assumed role's key maps to `arn:aws:sts::<account>:assumed-role/<role>/<session>`). moto
/// checks no signature, so the key id alone is enough.
pub fn caller_arn(moto: &Moto, key_id: &str) -> String {
    let body = "Action=GetCallerIdentity&Version=2011-06-15";
    let request = format!(
        "POST / HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential={key_id}/20240101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(("127.0.0.1", moto.port())).expect("connect to moto");
    stream.write_all(request.as_bytes()).expect("ask moto");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    let arn = answer.split("<Arn>").nth(1).and_then(|rest| rest.split("</Arn>").next());
    arn.unwrap_or_else(|| panic!("no Arn in moto's GetCallerIdentity answer: {answer}")).to_owned()
}

/// Fails unless every EC2 call (at least one) was signed with `key_id` for `region`.
pub fn assert_ec2_signed_with(calls: &[SignedCall], key_id: &str, region: &str) {
    let ec2: Vec<&SignedCall> = calls.iter().filter(|c| c.service.as_deref() == Some("ec2")).collect();
    assert!(!ec2.is_empty(), "no EC2 call was recorded: {calls:#?}");
    for call in ec2 {
        assert_eq!(call.key_id.as_deref(), Some(key_id), "{} signed with another key: {call:?}", call.action);
        assert_eq!(call.region.as_deref(), Some(region), "{} signed for another region", call.action);
    }
}
