//! Instance profiles against moto (EC2 and IAM on one port): a named profile checked with
//! `GetInstanceProfile` unless `skip_profile_validation`, and the temporary profile a
//! `temporary_iam_instance_profile_policy_document` makes — launched with, then removed with
//! its role and policy after success and failure alike. IAM is reached as current Packer does:
//! not through `custom_endpoint_ec2` but the SDK's own endpoint setting, here the profile's
//! `endpoint_url` in a credentials file.

use std::sync::{Arc, Mutex};

use rpacker_sdk::lifecycle::Cancellation;
use rpacker_sdk::OnError;
use rpacker_testkit::FaultProxy;
use serde_json::{json, Value};
use tempfile::TempDir;

use super::run_harness::{prepare, run, run_inspector, Commands, Outcome, Rig, BUILD, REGION, REGIONS, RUN_ID};

const INSPECTOR: &str = include_str!("iam_inspect.py");
/// Runs the inspector with `args` after the endpoint.
fn inspect(endpoint: &str, args: &[&str]) -> Value {
    run_inspector("iam_inspect", INSPECTOR, endpoint, args)
}

/// Roles, instance profiles and the build region's instances.
fn iam_state(endpoint: &str) -> Value {
    inspect(endpoint, &["state", REGION])
}

/// moto, and credentials files whose profile sends IAM to it (or to a proxy in front of it).
struct IamRig {
    rig: Rig,
    dir: TempDir,
}

impl IamRig {
    fn start() -> Self {
        Self { rig: Rig::start(), dir: tempfile::tempdir().expect("temporary folder") }
    }

    /// Build options with IAM at moto.
    fn options(&self, extra: &Value) -> Value {
        self.options_with_iam_at(&self.endpoint(), extra)
    }

    /// Build options with IAM at `iam_endpoint` (EC2 as `extra` says, else moto).
    fn options_with_iam_at(&self, iam_endpoint: &str, extra: &Value) -> Value {
        let credentials = self.dir.path().join(format!("credentials-{}", iam_endpoint.replace([':', '/'], "_")));
        let text = format!(
            "[default]\naws_access_key_id = testing\naws_secret_access_key = testing\nendpoint_url = {iam_endpoint}\n"
        );
        std::fs::write(&credentials, text).expect("write the credentials file");
        let mut options = self.rig.options(extra);
        options["shared_credentials_file"] = json!(credentials.to_str().expect("utf-8 path"));
        options
    }

    fn endpoint(&self) -> String {
        self.rig.moto.endpoint()
    }

    /// A build whose provisioner records IAM's and EC2's state while the instance runs.
    async fn build(&self, options: &Value, commands: &[&str]) -> (Outcome, Value) {
        let builder = prepare(options);
        let seen: Arc<Mutex<Option<Value>>> = Arc::default();
        let keep = Arc::clone(&seen);
        let endpoint = self.endpoint();
        let hooks = Arc::new(
            Commands::new(commands).with_inspect(move |_| *keep.lock().expect("lock") = Some(iam_state(&endpoint))),
        );
        let outcome = run(&builder, hooks, OnError::Cleanup, Cancellation::new()).await;
        let during = seen.lock().expect("lock").take().unwrap_or(Value::Null);
        (outcome, during)
    }

    /// The usual EC2 leak check, and no `packer-*` role or instance profile in IAM.
    fn assert_nothing_left(&self) {
        self.rig.moto.assert_no_leaks(&REGIONS);
        let after = iam_state(&self.endpoint());
        let packer = |list: &Value| -> Vec<Value> {
            list.as_array()
                .expect("list")
                .iter()
                .filter(|r| r["name"].as_str().is_some_and(|n| n.starts_with("packer-")))
                .cloned()
                .collect()
        };
        assert_eq!(packer(&after["roles"]), Vec::<Value>::new(), "temporary roles left");
        assert_eq!(packer(&after["instance_profiles"]), Vec::<Value>::new(), "temporary profiles left");
    }
}

fn say(text: &str) -> String {
    format!("say {BUILD}: {text}")
}

fn errors(outcome: &Outcome) -> Vec<&String> {
    outcome.lines.iter().filter(|l| l.starts_with("error ")).collect()
}

fn policy_document() -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "logs:PutLogEvents"], "Resource": ["*"]}]
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_temporary_instance_profile_is_launched_with_then_removed() {
    let rig = IamRig::start();
    let options = rig.options(&json!({
        "ami_name": "rpacker-iam-temporary",
        "temporary_iam_instance_profile_policy_document": policy_document(),
        "run_tags": {"Name": "iam-builder", "region": "{{ .BuildRegion }}"},
    }));
    rig.rig.moto.start_recording();
    let (outcome, during) = rig.build(&options, &["echo provisioned"]).await;
    let artifact = outcome.artifact();
    let images = rig.rig.moto.images(&[REGION]);
    let ami = images[REGION][0]["id"].as_str().expect("one AMI");
    assert_eq!(artifact.id(), format!("{REGION}:{ami}"));

    // While the instance ran: one temporary role in one temporary profile, with the document as
    // its inline policy, EC2 as its trusted service, and the rendered run tags plus the run id.
    let roles = during["roles"].as_array().expect("roles");
    assert_eq!(roles.len(), 1, "{roles:?}");
    let role = &roles[0];
    let name = role["name"].as_str().expect("name");
    let uuid = name.strip_prefix("packer-").expect(name);
    assert_eq!(uuid.len(), 36, "a time-ordered UUID: {name}");
    assert_eq!(role["description"], json!("Temporary role for Packer"));
    assert_eq!(role["policies"], json!({name: policy_document()}), "the policy is named after the role");
    assert_eq!(role["profiles"], json!([name]));
    assert_eq!(role["trust"]["Statement"][0]["Principal"], json!({"Service": "ec2.amazonaws.com"}));
    assert_eq!(role["trust"]["Statement"][0]["Action"], json!("sts:AssumeRole"));
    let tags = json!({"Name": "iam-builder", "region": REGION, "packer_run_id": RUN_ID});
    assert_eq!(role["tags"], tags);
    assert_eq!(during["instance_profiles"], json!([{"name": name, "roles": [name], "tags": tags}]));
    let instances = during["instances"].as_array().expect("instances");
    let running: Vec<_> = instances.iter().filter(|i| i["state"] == json!("running")).collect();
    assert_eq!(running.len(), 1, "{instances:?}");
    let arn = running[0]["profile_arn"].as_str().expect("launched with an instance profile");
    assert!(arn.ends_with(&format!(":instance-profile/{name}")), "{arn}");

    // Packer's texts, in its order.
    let lines = [
        say(&format!("Creating temporary instance profile for this instance: {name}")),
        say(&format!("Creating temporary role for this instance: {name}")),
        say(&format!("Attaching policy to the temporary role: {name}")),
        say("Waiting for the change to propagate because of eventual consistency..."),
        say("Launching a source AWS instance..."),
        say("Terminating the source AWS instance..."),
        say("Detaching temporary role from instance profile..."),
        say("Removing policy from temporary role..."),
        say("Deleting temporary role..."),
        say("Deleting temporary instance profile..."),
        say("Deleting temporary security group..."),
    ];
    let positions: Vec<usize> = lines
        .iter()
        .map(|line| {
            outcome.lines.iter().position(|l| l == line).unwrap_or_else(|| {
                panic!("missing {line:?} in:\n{}", outcome.lines.join("\n"));
            })
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "out of order:\n{}", outcome.lines.join("\n"));
    assert!(errors(&outcome).is_empty(), "{:?}", errors(&outcome));

    // The calls: IAM in Packer's order, one dry-run launch before the real one.
    let calls = rig.rig.moto.api_calls("aws-sdk-rust");
    let iam: Vec<&str> = calls
        .iter()
        .map(String::as_str)
        .filter(|c| c.contains("Role") || c.contains("InstanceProfile") || *c == "RunInstances")
        .collect();
    assert_eq!(
        iam,
        [
            "CreateInstanceProfile",
            "GetInstanceProfile",
            "CreateRole",
            "GetRole",
            "PutRolePolicy",
            "AddRoleToInstanceProfile",
            "RunInstances",
            "RunInstances",
            "RemoveRoleFromInstanceProfile",
            "DeleteRolePolicy",
            "DeleteRole",
            "DeleteInstanceProfile",
        ],
        "{calls:?}"
    );
    let position = |action: &str| calls.iter().position(|c| c == action).expect(action);
    assert!(position("TerminateInstances") < position("RemoveRoleFromInstanceProfile"), "{calls:?}");
    rig.assert_nothing_left();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_provisioner_removes_the_temporary_profile() {
    let rig = IamRig::start();
    let options = rig.options(&json!({"temporary_iam_instance_profile_policy_document": policy_document()}));
    let (outcome, _) = rig.build(&options, &["exit 5"]).await;
    assert_eq!(outcome.error(), "Script exited with non-zero exit status: 5");
    for line in [
        "Terminating the source AWS instance...",
        "Detaching temporary role from instance profile...",
        "Deleting temporary role...",
        "Deleting temporary instance profile...",
    ] {
        assert!(outcome.said(&say(line)), "missing {line:?} in:\n{}", outcome.lines.join("\n"));
    }
    assert!(errors(&outcome).iter().all(|l| l.contains("non-zero exit status")), "{:?}", errors(&outcome));
    rig.assert_nothing_left();
    assert_eq!(rig.rig.moto.images(&[REGION]), json!({REGION: []}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_instance_profile_fails_before_launch_and_leaves_nothing() {
    let rig = IamRig::start();
    let options = rig.options(&json!({"iam_instance_profile": "missing"}));
    rig.rig.moto.start_recording();
    let (outcome, _) = rig.build(&options, &["true"]).await;
    let error = outcome.error();
    assert!(error.starts_with("Couldn't find specified instance profile: NoSuchEntity: "), "{error}");
    assert!(!outcome.said(&say("Launching a source AWS instance...")));
    assert!(outcome.said(&say("Deleting temporary security group...")));
    let calls = rig.rig.moto.api_calls("aws-sdk-rust");
    assert_eq!(calls.iter().filter(|c| *c == "GetInstanceProfile").count(), 1, "{calls:?}");
    assert!(!calls.iter().any(|c| c == "RunInstances"), "{calls:?}");
    rig.assert_nothing_left();
}

/// A user's own profile is used as it is, checked first unless `skip_profile_validation`, and
/// never removed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_named_profile_is_checked_unless_skipped_and_kept() {
    let rig = IamRig::start();
    inspect(&rig.endpoint(), &["create-profile", "builders"]);
    rig.rig.moto.start_recording();
    for skip in [false, true] {
        let before = rig.rig.moto.api_calls("aws-sdk-rust").len();
        let options = rig.options(&json!({
            "ami_name": format!("rpacker-iam-named-{skip}"),
            "iam_instance_profile": "builders",
            "skip_profile_validation": skip,
        }));
        let (outcome, during) = rig.build(&options, &["true"]).await;
        outcome.artifact();
        let running: Vec<_> = during["instances"]
            .as_array()
            .expect("instances")
            .iter()
            .filter(|i| i["state"] == json!("running"))
            .collect();
        assert_eq!(running.len(), 1, "{during}");
        let arn = running[0]["profile_arn"].as_str().expect("launched with the profile");
        assert!(arn.ends_with(":instance-profile/builders"), "{arn}");
        let calls = rig.rig.moto.api_calls("aws-sdk-rust").split_off(before);
        let checks = calls.iter().filter(|c| *c == "GetInstanceProfile").count();
        assert_eq!(checks, usize::from(!skip), "skip_profile_validation = {skip}: {calls:?}");
        assert_eq!(calls.iter().filter(|c| *c == "RunInstances").count(), 1, "no dry run: {calls:?}");
        assert!(!calls.iter().any(|c| c.contains("Role") || c.starts_with("Delete") && c.contains("Profile")));
        assert!(!outcome.said(&say("Deleting temporary instance profile...")));
    }
    let after = iam_state(&rig.endpoint());
    assert_eq!(after["instance_profiles"], json!([{"name": "builders", "roles": [], "tags": {}}]));
    rig.assert_nothing_left();
}

/// The temporary profile goes into the spot launch template too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spot_instance_launches_with_the_temporary_profile() {
    let rig = IamRig::start();
    let options = rig.options(&json!({
        "ami_name": "rpacker-iam-spot",
        "spot_price": "auto",
        "temporary_iam_instance_profile_policy_document": policy_document(),
    }));
    let (outcome, during) = rig.build(&options, &["true"]).await;
    outcome.artifact();
    let name = during["roles"][0]["name"].as_str().expect("a temporary role").to_owned();
    let templates = during["launch_templates"].as_array().expect("launch templates");
    assert_eq!(templates.len(), 1, "{templates:?}");
    assert_eq!(templates[0]["profiles"], json!([{"Name": name}]));
    // (moto's fleets do not give their instances the template's profile: nothing to read there.)
    let running = during["instances"].as_array().expect("instances").iter().filter(|i| i["state"] == json!("running"));
    assert_eq!(running.count(), 1, "{during}");
    assert!(errors(&outcome).is_empty(), "{:?}", errors(&outcome));
    rig.assert_nothing_left();
}

/// A failure half-way removes what was made, without complaint; a dry-run refusal that is not
/// about the profile (here: not allowed) does not stop the build (current Packer's fix).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_policy_removes_role_and_profile_and_an_unrelated_dry_run_refusal_is_ignored() {
    let rig = IamRig::start();
    let iam_proxy = FaultProxy::start(rig.rig.moto.port(), &["PutRolePolicy:1+:MalformedPolicyDocument:400"]);
    let document = json!({"temporary_iam_instance_profile_policy_document": policy_document()});
    let (outcome, _) = rig.build(&rig.options_with_iam_at(&iam_proxy.endpoint(), &document), &["true"]).await;
    let error = outcome.error();
    assert!(error.contains("MalformedPolicyDocument"), "{error}");
    assert_eq!(iam_proxy.injected(), ["PutRolePolicy:MalformedPolicyDocument"], "not retried");
    assert!(outcome.said(&format!("error {BUILD}: {error}")), "shown as Packer does:\n{}", outcome.lines.join("\n"));
    assert!(!outcome.said(&say("Launching a source AWS instance...")));
    assert!(!outcome.said(&say("Detaching temporary role from instance profile...")), "the role was never added");
    assert!(!outcome.said(&say("Removing policy from temporary role...")), "the policy was never attached");
    assert!(outcome.said(&say("Deleting temporary role...")));
    assert!(outcome.said(&say("Deleting temporary instance profile...")));
    assert_eq!(errors(&outcome).len(), 1, "only the failure itself: {:?}", errors(&outcome));
    rig.assert_nothing_left();

    let ec2_proxy = FaultProxy::start(rig.rig.moto.port(), &["RunInstances:1:UnauthorizedOperation"]);
    let mut options = document.clone();
    options["custom_endpoint_ec2"] = json!(ec2_proxy.endpoint());
    options["ami_name"] = json!("rpacker-iam-dry-run-refused");
    let (outcome, _) = rig.build(&rig.options(&options), &["true"]).await;
    outcome.artifact();
    assert_eq!(ec2_proxy.injected(), ["RunInstances:UnauthorizedOperation"]);
    assert_eq!(ec2_proxy.calls("RunInstances"), 2, "the refused dry run, then the launch");
    assert!(errors(&outcome).is_empty(), "{:?}", errors(&outcome));
    rig.assert_nothing_left();
}
