//! Where `amazon-ebs` gets its AWS credentials: static keys, the environment, shared files and
//! profiles, `assume_role`, web identity, IMDSv2 and SSO — each proven by the key id moto saw
//! in the SigV4 `Authorization` header of the EC2 calls (moto accepts any key, so a call that
//! merely works proves nothing).
//!
//! Each build runs in a child process with a cleared environment (see `child_build`): `HOME`
//! and the shared files point into a temporary folder, instance metadata is off unless the case
//! serves it, and `AWS_ENDPOINT_URL` points at a local trap that must see no request — so no
//! real AWS endpoint is ever contacted. The assume-role case runs a full build (AMI made, leak
//! check clean); the others stop at the source AMI lookup (a filter that matches nothing),
//! after `AwsSession::new` and the first EC2 calls, through the same builder `run`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use rpacker_testkit::{Moto, TEST_AMI_OWNER};
use serde_json::{json, Value};
use tempfile::TempDir;

use super::child_build::{build_in_child, ChildOutcome};
use super::local_http::{LocalHttp, Response};
use super::run_harness::{merge_options, Rig, REGION, REGIONS};
use super::signed_calls::{assert_ec2_signed_with, caller_arn, sdk_calls, SignedCall};

/// moto's default account: roles assumed there keep the build in the account the leak check
/// and the instance sshd look at.
const ACCOUNT: &str = "123456789012";

/// A temporary home, empty shared files, and a trap for any endpoint nobody configured.
struct Sandbox {
    dir: TempDir,
    trap: LocalHttp,
    env: BTreeMap<String, String>,
}

impl Sandbox {
    fn new() -> Self {
        let dir = tempfile::Builder::new().prefix("rpacker-credentials-").tempdir().expect("temporary folder");
        let home = dir.path().join("home");
        std::fs::create_dir_all(&home).expect("create home");
        // 403 is not retried: a request that reaches the trap fails at once.
        let trap = LocalHttp::start(|_| Response::new(403, "rpacker test: no endpoint was configured for this call"));
        let trap_endpoint = trap.endpoint();
        let mut sandbox = Self { dir, trap, env: BTreeMap::new() };
        let config = sandbox.write("empty-config", "");
        let credentials = sandbox.write("empty-credentials", "");
        sandbox
            .set("HOME", home.display())
            .set("AWS_CONFIG_FILE", config.display())
            .set("AWS_SHARED_CREDENTIALS_FILE", credentials.display())
            .set("AWS_EC2_METADATA_DISABLED", "true")
            .set("AWS_ENDPOINT_URL", trap_endpoint);
        sandbox
    }

    fn set(&mut self, name: &str, value: impl ToString) -> &mut Self {
        self.env.insert(name.to_owned(), value.to_string());
        self
    }

    fn remove(&mut self, name: &str) -> &mut Self {
        self.env.remove(name);
        self
    }

    /// Writes `text` to `name` under the sandbox (parents created).
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
        std::fs::write(&path, text).expect("write a sandbox file");
        path
    }

    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// Runs the build in a child process with this environment; nothing may reach the trap.
    fn build(&self, options: &Value) -> ChildOutcome {
        let outcome = build_in_child(options, &self.env, self.dir.path());
        let trapped: Vec<String> = self.trap.requests().iter().map(|r| format!("{} {}", r.method, r.target)).collect();
        assert!(trapped.is_empty(), "requests went to an unconfigured endpoint: {trapped:?}\n{outcome:?}");
        outcome
    }
}

/// Options for a build that stops at the source AMI lookup (after the session is made and the
/// first EC2 calls are signed); `extra` is merged over them (`null` removes a key).
fn early_stop_options(moto: &Moto, extra: &Value) -> Value {
    let mut options = json!({
        "region": REGION,
        "custom_endpoint_ec2": moto.endpoint(),
        "source_ami_filter": {
            "filters": {"name": "rpacker-test/no-such-image-*"},
            "owners": [TEST_AMI_OWNER],
        },
        "instance_type": "t3.micro",
        "ssh_username": "ubuntu",
        "ami_name": "rpacker-credentials",
    });
    merge_options(&mut options, extra);
    options
}

/// Runs an early-stopping build and returns the SDK's recorded calls.
fn early_stop_build(moto: &Moto, sandbox: &Sandbox, extra: &Value) -> Vec<SignedCall> {
    moto.start_recording();
    let outcome = sandbox.build(&early_stop_options(moto, extra));
    let error = outcome.error();
    assert!(error.starts_with("No AMI was found matching filters: "), "{error}\n{}", outcome.lines.join("\n"));
    sdk_calls(moto)
}

/// The single key id the EC2 calls were signed with.
fn ec2_key(calls: &[SignedCall]) -> String {
    let call = calls.iter().find(|c| c.service.as_deref() == Some("ec2")).expect("an EC2 call");
    call.key_id.clone().expect("a signed EC2 call")
}

fn ini(sections: &[(&str, &[(&str, &str)])]) -> String {
    let mut text = String::new();
    for (name, keys) in sections {
        text.push_str(&format!("[{name}]\n"));
        for (k, v) in *keys {
            text.push_str(&format!("{k} = {v}\n"));
        }
    }
    text
}

#[test]
fn static_keys_and_token_win_over_the_environment() {
    let moto = Moto::start();
    let mut sandbox = Sandbox::new();
    sandbox.set("AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT00001").set("AWS_SECRET_ACCESS_KEY", "env-secret");
    let calls = early_stop_build(
        &moto,
        &sandbox,
        &json!({"access_key": "AKIASTATIC0000000001", "secret_key": "static-secret", "token": "static-session-token"}),
    );
    assert_ec2_signed_with(&calls, "AKIASTATIC0000000001", REGION);
    for call in &calls {
        assert_eq!(call.session_token.as_deref(), Some("static-session-token"), "{call:?}");
    }
}

#[test]
fn environment_keys_win_over_the_shared_credentials_file() {
    let moto = Moto::start();
    let mut sandbox = Sandbox::new();
    let credentials = sandbox.write(
        "credentials",
        &ini(&[("default", &[("aws_access_key_id", "AKIAFILEDEFAULT00001"), ("aws_secret_access_key", "s")])]),
    );
    sandbox
        .set("AWS_SHARED_CREDENTIALS_FILE", credentials.display())
        .set("AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT00001")
        .set("AWS_SECRET_ACCESS_KEY", "env-secret");
    let calls = early_stop_build(&moto, &sandbox, &json!({}));
    assert_ec2_signed_with(&calls, "AKIAENVIRONMENT00001", REGION);
    assert!(calls.iter().all(|c| c.session_token.is_none()), "no token was given: {calls:?}");
}

/// The template's `profile` and `shared_credentials_file`; the region comes from the profile
/// in the config file when the template has none.
#[test]
fn template_profile_from_its_shared_credentials_file() {
    let moto = Moto::start();
    let mut sandbox = Sandbox::new();
    let credentials = sandbox.write(
        "template-credentials",
        &ini(&[
            ("default", &[("aws_access_key_id", "AKIAFILEDEFAULT00001"), ("aws_secret_access_key", "s1")]),
            ("chosen", &[("aws_access_key_id", "AKIAFILECHOSEN000001"), ("aws_secret_access_key", "s2")]),
        ]),
    );
    let config = sandbox.write("config", &ini(&[("profile chosen", &[("region", "eu-west-1")])]));
    sandbox.set("AWS_CONFIG_FILE", config.display());
    let calls = early_stop_build(
        &moto,
        &sandbox,
        &json!({"region": null, "profile": "chosen", "shared_credentials_file": credentials.display().to_string()}),
    );
    assert_ec2_signed_with(&calls, "AKIAFILECHOSEN000001", "eu-west-1");
}

#[test]
fn profile_and_files_from_the_environment() {
    let moto = Moto::start();
    let mut sandbox = Sandbox::new();
    let credentials = sandbox.write(
        "credentials",
        &ini(&[
            ("default", &[("aws_access_key_id", "AKIAFILEDEFAULT00001"), ("aws_secret_access_key", "s1")]),
            ("from-env", &[("aws_access_key_id", "AKIAFILEENVPROFILE01"), ("aws_secret_access_key", "s2")]),
        ]),
    );
    let config = sandbox.write("config", &ini(&[("profile from-env", &[("region", "ap-south-1")])]));
    sandbox
        .set("AWS_PROFILE", "from-env")
        .set("AWS_SHARED_CREDENTIALS_FILE", credentials.display())
        .set("AWS_CONFIG_FILE", config.display());
    let calls = early_stop_build(&moto, &sandbox, &json!({"region": null}));
    assert_ec2_signed_with(&calls, "AKIAFILEENVPROFILE01", "ap-south-1");
}

/// A full build on an assumed role: STS AssumeRole at moto, signed with the template's keys and
/// carrying the block's options; every EC2 call signed with the temporary key moto issued.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assume_role_full_build_signs_with_the_role_key() {
    let rig = Rig::start();
    let mut sandbox = Sandbox::new();
    sandbox.set("AWS_ENDPOINT_URL_STS", rig.moto.endpoint());
    let role_arn = format!("arn:aws:iam::{ACCOUNT}:role/rpacker-builder");
    let options = rig.options(&json!({
        "access_key": "AKIABASEFORROLE00001",
        "secret_key": "base-secret",
        "ami_name": "rpacker-assumed",
        "assume_role": {
            "role_arn": role_arn,
            "session_name": "rpacker-session",
            "external_id": "rpacker-external-id",
            "tags": {"team": "images", "purpose": "ci"},
        },
    }));
    rig.moto.start_recording();
    let outcome = tokio::task::spawn_blocking(move || sandbox.build(&options)).await.expect("child build");
    let artifact = outcome.artifact.clone().unwrap_or_else(|| panic!("build failed: {outcome:?}"));

    let calls = sdk_calls(&rig.moto);
    let assume: Vec<&SignedCall> = calls.iter().filter(|c| c.action == "AssumeRole").collect();
    assert_eq!(assume.len(), 1, "one AssumeRole (the SDK caches the role's key): {calls:#?}");
    let assume = assume[0];
    assert_eq!(assume.service.as_deref(), Some("sts"));
    assert_eq!(assume.key_id.as_deref(), Some("AKIABASEFORROLE00001"), "AssumeRole is signed with the base key");
    let param = |name: &str| assume.params.get(name).map(String::as_str);
    assert_eq!(param("RoleArn"), Some(role_arn.as_str()));
    assert_eq!(param("RoleSessionName"), Some("rpacker-session"));
    assert_eq!(param("ExternalId"), Some("rpacker-external-id"));
    let tags: BTreeMap<&str, &str> = (1..=2)
        .map(|n| {
            let key = param(&format!("Tags.member.{n}.Key")).expect("a tag key");
            (key, param(&format!("Tags.member.{n}.Value")).expect("a tag value"))
        })
        .collect();
    assert_eq!(tags, BTreeMap::from([("purpose", "ci"), ("team", "images")]));

    let key = ec2_key(&calls);
    assert!(key.starts_with("ASIA"), "moto's temporary keys start with ASIA: {key}");
    assert_ec2_signed_with(&calls, &key, REGION);
    assert!(calls.iter().filter(|c| c.service.as_deref() == Some("ec2")).all(|c| c.session_token.is_some()));
    assert_eq!(
        caller_arn(&rig.moto, &key),
        format!("arn:aws:sts::{ACCOUNT}:assumed-role/rpacker-builder/rpacker-session")
    );
    let first_ec2 = calls.iter().position(|c| c.service.as_deref() == Some("ec2")).expect("EC2 calls");
    assert!(calls.iter().position(|c| c.action == "AssumeRole") < Some(first_ec2), "the role comes first");

    let images = rig.moto.images(&[REGION]);
    let ami = images[REGION][0]["id"].as_str().expect("the AMI");
    assert_eq!(artifact, format!("{REGION}:{ami}"));
    rig.moto.assert_no_leaks(&REGIONS);
}

/// `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` + `AWS_ROLE_SESSION_NAME`: an unsigned STS
/// AssumeRoleWithWebIdentity at moto with the file's token; EC2 signed with the returned key.
#[test]
fn web_identity_token_file() {
    let moto = Moto::start();
    let mut sandbox = Sandbox::new();
    let token = sandbox.write("web-identity-token", "eyJ.rpacker-web-identity.token");
    let role_arn = format!("arn:aws:iam::{ACCOUNT}:role/rpacker-web");
    sandbox
        .set("AWS_WEB_IDENTITY_TOKEN_FILE", token.display())
        .set("AWS_ROLE_ARN", &role_arn)
        .set("AWS_ROLE_SESSION_NAME", "rpacker-web-session")
        .set("AWS_ENDPOINT_URL_STS", moto.endpoint());
    let calls = early_stop_build(&moto, &sandbox, &json!({}));
    let web: Vec<&SignedCall> = calls.iter().filter(|c| c.action == "AssumeRoleWithWebIdentity").collect();
    assert_eq!(web.len(), 1, "{calls:#?}");
    assert_eq!(web[0].key_id, None, "AssumeRoleWithWebIdentity is not signed");
    assert_eq!(web[0].params.get("WebIdentityToken").map(String::as_str), Some("eyJ.rpacker-web-identity.token"));
    assert_eq!(web[0].params.get("RoleArn"), Some(&role_arn));
    assert_eq!(web[0].params.get("RoleSessionName").map(String::as_str), Some("rpacker-web-session"));
    let key = ec2_key(&calls);
    assert!(key.starts_with("ASIA"), "{key}");
    assert_ec2_signed_with(&calls, &key, REGION);
    assert_eq!(caller_arn(&moto, &key), format!("arn:aws:sts::{ACCOUNT}:assumed-role/rpacker-web/rpacker-web-session"));
}

const IMDS_TOKEN: &str = "rpacker-imds-session-token";
const IMDS_ROLE: &str = "rpacker-instance-role";

/// IMDSv2: answers the token PUT, and the credential GETs only with that token.
fn instance_metadata() -> LocalHttp {
    LocalHttp::start(|request| match (request.method.as_str(), request.path()) {
        ("PUT", "/latest/api/token") if request.header("x-aws-ec2-metadata-token-ttl-seconds").is_some() => {
            Response::new(200, IMDS_TOKEN).with_header("x-aws-ec2-metadata-token-ttl-seconds", "21600")
        }
        ("GET", _) if request.header("x-aws-ec2-metadata-token") != Some(IMDS_TOKEN) => Response::new(401, ""),
        ("GET", "/latest/meta-data/iam/security-credentials/") => Response::new(200, IMDS_ROLE),
        ("GET", path) if path == format!("/latest/meta-data/iam/security-credentials/{IMDS_ROLE}") => Response::new(
            200,
            json!({
                "Code": "Success", "LastUpdated": "2024-01-01T00:00:00Z", "Type": "AWS-HMAC",
                "AccessKeyId": "ASIAIMDSROLEKEY00001", "SecretAccessKey": "imds-secret",
                "Token": "imds-role-session-token", "Expiration": "2099-01-01T00:00:00Z",
            })
            .to_string(),
        ),
        _ => Response::new(404, ""),
    })
}

#[test]
fn instance_metadata_v2() {
    let moto = Moto::start();
    let imds = instance_metadata();
    let mut sandbox = Sandbox::new();
    sandbox.remove("AWS_EC2_METADATA_DISABLED").set("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.endpoint());
    let calls = early_stop_build(&moto, &sandbox, &json!({}));
    assert_ec2_signed_with(&calls, "ASIAIMDSROLEKEY00001", REGION);
    assert!(calls.iter().all(|c| c.session_token.as_deref() == Some("imds-role-session-token")), "{calls:?}");

    let requests = imds.requests();
    let first = &requests[0];
    assert_eq!((first.method.as_str(), first.path()), ("PUT", "/latest/api/token"), "{requests:#?}");
    let gets: Vec<&str> = requests.iter().filter(|r| r.method == "GET").map(|r| r.path()).collect();
    assert!(gets.contains(&"/latest/meta-data/iam/security-credentials/"), "{requests:#?}");
    for request in requests.iter().filter(|r| r.method == "GET") {
        assert_eq!(request.header("x-aws-ec2-metadata-token"), Some(IMDS_TOKEN), "v2 only: {request:?}");
    }
}

const SSO_TOKEN: &str = "rpacker-sso-access-token";

/// The SSO portal's GetRoleCredentials, for the cached token only.
fn sso_portal() -> LocalHttp {
    LocalHttp::start(|request| {
        if request.path() != "/federation/credentials" {
            return Response::new(404, "");
        }
        if request.header("x-amz-sso_bearer_token") != Some(SSO_TOKEN) {
            return Response::new(401, r#"{"message":"Session token not found or invalid"}"#)
                .with_header("x-amzn-errortype", "UnauthorizedException");
        }
        let role = json!({
            "accessKeyId": "ASIASSOPORTALKEY0001", "secretAccessKey": "sso-secret",
            "sessionToken": "sso-role-session-token", "expiration": 4_070_908_800_000_u64,
        });
        Response::new(200, json!({"roleCredentials": role}).to_string()).with_header("content-type", "application/json")
    })
}

fn sha1_hex(text: &str) -> String {
    let mut child = Command::new("sha1sum").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("run sha1sum");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), text.as_bytes()).expect("feed sha1sum");
    let output = child.wait_with_output().expect("sha1sum");
    String::from_utf8_lossy(&output.stdout).split_whitespace().next().expect("a digest").to_owned()
}

/// An `sso_session` profile: the SDK reads the cached token (`~/.aws/sso/cache/<sha1 of the
/// session name>.json`) and calls the portal's GetRoleCredentials (`AWS_ENDPOINT_URL_SSO`).
#[test]
fn sso_profile_with_a_cached_token() {
    let moto = Moto::start();
    let portal = sso_portal();
    let mut sandbox = Sandbox::new();
    let config = sandbox.write(
        "config",
        &ini(&[
            (
                "profile sso-builder",
                &[
                    ("sso_session", "rpacker-sso"),
                    ("sso_account_id", "111122223333"),
                    ("sso_role_name", "Builder"),
                    ("region", "us-west-2"),
                ],
            ),
            (
                "sso-session rpacker-sso",
                &[("sso_region", "us-east-1"), ("sso_start_url", "https://rpacker-test.awsapps.com/start")],
            ),
        ]),
    );
    let cached = json!({"accessToken": SSO_TOKEN, "expiresAt": "2099-01-01T00:00:00Z", "region": "us-east-1",
        "startUrl": "https://rpacker-test.awsapps.com/start"});
    let home = sandbox.home();
    let cache = home.join(".aws/sso/cache").join(format!("{}.json", sha1_hex("rpacker-sso")));
    std::fs::create_dir_all(cache.parent().expect("cache folder")).expect("create the cache folder");
    std::fs::write(&cache, cached.to_string()).expect("write the cached token");
    sandbox
        .set("AWS_PROFILE", "sso-builder")
        .set("AWS_CONFIG_FILE", config.display())
        .set("AWS_ENDPOINT_URL_SSO", portal.endpoint());
    let calls = early_stop_build(&moto, &sandbox, &json!({"region": null}));
    assert_ec2_signed_with(&calls, "ASIASSOPORTALKEY0001", "us-west-2");
    assert!(calls.iter().all(|c| c.session_token.as_deref() == Some("sso-role-session-token")), "{calls:?}");
    let requests = portal.requests();
    assert_eq!(requests.len(), 1, "{requests:#?}");
    assert_eq!(requests[0].query("role_name"), Some("Builder"));
    assert_eq!(requests[0].query("account_id"), Some("111122223333"));
}

/// No source at all: the build fails when the session is made, with Packer's text, before any
/// EC2 call.
#[test]
fn no_credentials_anywhere_sends_nothing() {
    let moto = Moto::start();
    let sandbox = Sandbox::new();
    moto.start_recording();
    let outcome = sandbox.build(&early_stop_options(&moto, &json!({})));
    let error = outcome.error();
    assert!(
        error.starts_with(
            "No valid credential sources found for AWS Builder. Please see \
             https://www.packer.io/docs/builders/amazon#authentication for more information on providing \
             credentials for the AWS Builder. Error: "
        ),
        "{error}"
    );
    assert!(error.contains("no credentials found in chain"), "{error}");
    assert!(sdk_calls(&moto).is_empty(), "an unsigned call reached moto: {:?}", sdk_calls(&moto));
}
