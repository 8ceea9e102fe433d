//! Running real `amazon-ebs` builds against a local EC2 API (moto) and an sshd that plays the
//! instance: the options every run test starts from, provision hooks that run real commands on
//! the "instance", and a runner that returns the artifact with the UI lines.

use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex};

use rpacker_amazon::ebs::builder::AmazonEbs;
use rpacker_sdk::lifecycle::{
    Artifact, BoxError, BoxFuture, Build, BuildContext, Cancellation, OutputStream, ProvisionContext, ProvisionHooks,
    RecordingSink, StepRunner,
};
use rpacker_sdk::{OnError, PackerConfig, PluginConfig};
use rpacker_testkit::{InstanceSshd, Moto, NEWEST_TEST_AMI, TEST_AMI_OWNER};
use serde_json::{json, Value};

use super::harness::VerbatimRenderer;

/// The build region.
pub const REGION: &str = "us-east-1";
/// Every region a test looks at (the copy regions and one that is never used).
pub const REGIONS: [&str; 4] = ["us-east-1", "us-west-2", "eu-west-1", "ap-south-1"];
/// The build's name in UI lines.
pub const BUILD: &str = "ebs-test";
/// The run id the builds run with (every resource they create is tagged with it).
pub const RUN_ID: &str = "6f1c2a0e-run-uuid-test";

/// moto plus the sshd playing its instance.
pub struct Rig {
    /// The EC2 API.
    pub moto: Moto,
    /// The "instance".
    pub sshd: InstanceSshd,
}

impl Rig {
    pub fn start() -> Self {
        let moto = Moto::start();
        let sshd = InstanceSshd::start(&moto, &REGIONS);
        Self { moto, sshd }
    }

    /// Options for a build with a source AMI filter, a temporary key pair and security group,
    /// connecting to the sshd; `extra` is merged over them (`null` removes a key).
    pub fn options(&self, extra: &Value) -> Value {
        let mut options = json!({
            "region": REGION,
            "custom_endpoint_ec2": self.moto.endpoint(),
            "access_key": "testing",
            "secret_key": "testing",
            "source_ami_filter": {
                "filters": {
                    "name": "rpacker-test/ubuntu-jammy-22.04-amd64-*",
                    "root-device-type": "ebs",
                    "virtualization-type": "hvm"
                },
                "owners": [TEST_AMI_OWNER],
                "most_recent": true
            },
            "instance_type": "t3.micro",
            "communicator": "ssh",
            "ssh_username": self.sshd.user(),
            "ssh_host": "127.0.0.1",
            "ssh_port": self.sshd.port(),
            "ssh_timeout": "30s",
            "ami_name": "rpacker-test-ami",
        });
        merge_options(&mut options, extra);
        options
    }

    /// The sshd's home folder, where provision commands write.
    pub fn home(&self) -> PathBuf {
        self.sshd.dir().join("home")
    }
}

/// `extra` over `options`: its keys replace theirs, a `null` removes one.
pub fn merge_options(options: &mut Value, extra: &Value) {
    let map = options.as_object_mut().expect("object");
    for (k, v) in extra.as_object().expect("extra options are an object") {
        if v.is_null() {
            map.remove(k);
        } else {
            map.insert(k.clone(), v.clone());
        }
    }
}

/// Prepares the builder (no template rendering: run-time options keep their templates).
pub fn prepare(options: &Value) -> AmazonEbs {
    let packer = PackerConfig {
        build_name: BUILD.into(),
        builder_type: "amazon-ebs".into(),
        core_version: "1.16.0".into(),
        ..PackerConfig::default()
    };
    let config = PluginConfig { layers: vec![options.clone()], packer: &packer, renderer: &VerbatimRenderer };
    match AmazonEbs::prepare(&config) {
        Ok(prepared) => prepared.plugin,
        Err(e) => panic!("prepare failed: {e:?}"),
    }
}

type Inspect = Box<dyn Fn(&ProvisionContext) + Send + Sync>;

/// Provisioners: shell commands run on the instance in order (the first failing one fails the
/// build), and an optional inspection run while the instance is up.
#[derive(Default)]
pub struct Commands {
    commands: Vec<String>,
    inspect: Option<Inspect>,
    /// The generated data the provision hook saw.
    pub seen: Mutex<Option<Arc<rpacker_sdk::lifecycle::GeneratedData>>>,
}

impl Commands {
    pub fn new(commands: &[&str]) -> Self {
        Self { commands: commands.iter().map(|c| (*c).to_owned()).collect(), ..Self::default() }
    }

    /// Also calls `inspect` during provisioning, after the commands.
    pub fn with_inspect(mut self, inspect: impl Fn(&ProvisionContext) + Send + Sync + 'static) -> Self {
        self.inspect = Some(Box::new(inspect));
        self
    }
}

impl ProvisionHooks for Commands {
    fn provision<'a>(&'a self, ctx: &'a ProvisionContext) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            *self.seen.lock().expect("lock") = Some(Arc::clone(&ctx.generated_data));
            for command in &self.commands {
                let mut lines = |_: OutputStream, line: &str| ctx.ui.message(line.to_owned());
                let status = ctx.communicator.exec(command, &mut lines).await?;
                if status != 0 {
                    return Err(format!("Script exited with non-zero exit status: {status}").into());
                }
            }
            if let Some(inspect) = &self.inspect {
                inspect(ctx);
            }
            Ok(())
        })
    }

    fn cleanup_provision<'a>(&'a self, _ctx: &'a ProvisionContext) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(std::future::ready(Ok(())))
    }
}

/// What a build returned and said.
pub struct Outcome {
    pub result: Result<Option<Arc<dyn Artifact>>, BoxError>,
    pub lines: Vec<String>,
}

impl Outcome {
    /// The artifact of a successful build.
    pub fn artifact(&self) -> Arc<dyn Artifact> {
        match &self.result {
            Ok(Some(artifact)) => Arc::clone(artifact),
            Ok(None) => panic!("no artifact\n{}", self.lines.join("\n")),
            Err(e) => panic!("build failed: {e}\n{}", self.lines.join("\n")),
        }
    }

    /// The build error.
    pub fn error(&self) -> String {
        match &self.result {
            Err(e) => e.to_string(),
            Ok(_) => panic!("the build succeeded\n{}", self.lines.join("\n")),
        }
    }

    /// Whether a UI line (`say <build>: …`) matches exactly.
    pub fn said(&self, line: &str) -> bool {
        self.lines.iter().any(|l| l == line)
    }
}

/// Runs `builder` with `hooks` and `-on-error=<on_error>`, cancelled by `cancel`.
pub async fn run(
    builder: &AmazonEbs,
    hooks: Arc<dyn ProvisionHooks>,
    on_error: OnError,
    cancel: Cancellation,
) -> Outcome {
    let sink = RecordingSink::new();
    let ctx = BuildContext {
        cancel,
        ui: sink.targeted(BUILD),
        runner: StepRunner::new(on_error),
        hooks,
        run_uuid: Arc::from(RUN_ID),
        ssh_agent_socket: None,
    };
    let result = builder.run(&ctx).await;
    Outcome { result, lines: sink.ui_lines() }
}

/// Runs an inspection script (boto3, named `name` in failures) against the EC2/IAM API at
/// `endpoint` with `args`; what it prints, as JSON.
pub fn run_inspector(name: &str, script: &str, endpoint: &str, args: &[&str]) -> Value {
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(endpoint)
        .args(args)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .expect("run python3");
    assert!(output.status.success(), "{name}: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{name} prints JSON: {e}"))
}

/// The source image `most_recent` must pick.
pub fn newest_source() -> &'static str {
    NEWEST_TEST_AMI.id
}
