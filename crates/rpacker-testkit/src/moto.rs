//! `Moto`: a real local EC2 API (`moto_server`) on 127.0.0.1 for one test, stopped by PID when
//! dropped. Its AMI catalogue holds moto's defaults plus [`TEST_SOURCE_AMIS`] (EBS-rooted
//! images moto itself cannot make), and it runs with a fix for a moto bug that otherwise fails
//! the second region to load that catalogue (see `moto_server.py`).
//!
//! What exists is read back with boto3 (`ec2_inspect.py`), never with the code under test.

use std::fs;
use std::io::Read as _;
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde::Deserialize;
use tempfile::TempDir;

use crate::moto_install::{ensure_moto_server, PYTHON};
use crate::ports::free_port;

const LAUNCHER: &str = include_str!("moto_server.py");
const INSPECTOR: &str = include_str!("ec2_inspect.py");

/// moto imports its whole service list at start: give it time on a busy machine.
const READY_TIMEOUT: Duration = Duration::from_secs(60);
const START_ATTEMPTS: usize = 3;

/// The owner account of the test source AMIs (Canonical's, as real Ubuntu images have).
pub const TEST_AMI_OWNER: &str = "099720109477";

/// One source image added to moto's catalogue.
#[derive(Debug, Clone, Copy)]
pub struct TestAmi {
    /// Image id (the same in every region).
    pub id: &'static str,
    /// Image name.
    pub name: &'static str,
    /// `CreationDate`.
    pub creation_date: &'static str,
    /// `x86_64` or `arm64`.
    pub architecture: &'static str,
    /// `ebs` or `instance-store`.
    pub root_device_type: &'static str,
}

/// The test source images: two amd64 EBS images (the newer is [`NEWEST_TEST_AMI`]), an arm64
/// one and an instance-store one, all named `rpacker-test/ubuntu-jammy-22.04-*`.
pub const TEST_SOURCE_AMIS: [TestAmi; 4] = [
    TestAmi {
        id: "ami-0feed00000000a001",
        name: "rpacker-test/ubuntu-jammy-22.04-amd64-server-20240105",
        creation_date: "2024-01-05T00:00:00.000Z",
        architecture: "x86_64",
        root_device_type: "ebs",
    },
    TestAmi {
        id: "ami-0feed00000000a002",
        name: "rpacker-test/ubuntu-jammy-22.04-amd64-server-20240310",
        creation_date: "2024-03-10T00:00:00.000Z",
        architecture: "x86_64",
        root_device_type: "ebs",
    },
    TestAmi {
        id: "ami-0feed00000000a003",
        name: "rpacker-test/ubuntu-jammy-22.04-arm64-server-20240420",
        creation_date: "2024-04-20T00:00:00.000Z",
        architecture: "arm64",
        root_device_type: "ebs",
    },
    TestAmi {
        id: "ami-0feed00000000a004",
        name: "rpacker-test/ubuntu-jammy-22.04-amd64-instance-20240502",
        creation_date: "2024-05-02T00:00:00.000Z",
        architecture: "x86_64",
        root_device_type: "instance-store",
    },
];

/// The image `most_recent` picks among the amd64 EBS test images.
pub const NEWEST_TEST_AMI: TestAmi = TEST_SOURCE_AMIS[1];

/// A running moto server. Point clients at [`Moto::endpoint`] with any credentials.
#[derive(Debug)]
pub struct Moto {
    child: Child,
    port: u16,
    dir: TempDir,
}

/// What a build may have left behind in one region.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct RegionLeaks {
    /// Instances not terminated (`id:state`).
    pub instances: Vec<String>,
    /// Key pairs named `packer*`.
    pub key_pairs: Vec<String>,
    /// Security groups other than `default` (`id:name`).
    pub security_groups: Vec<String>,
    /// Volumes not attached to an instance.
    pub volumes: Vec<String>,
    /// Snapshots no AMI of the account uses.
    pub snapshots: Vec<String>,
}

impl RegionLeaks {
    /// Whether nothing was left behind.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl Moto {
    /// Starts moto_server on a free port, installing `moto[server]` with pip if it is missing.
    ///
    /// # Panics
    /// When moto cannot be installed or does not start (the message carries its log).
    #[must_use]
    pub fn start() -> Self {
        ensure_moto_server();
        let dir = tempfile::Builder::new().prefix("rpacker-moto-").tempdir().expect("temporary folder for moto");
        let launcher = dir.path().join("moto_server.py");
        fs::write(&launcher, LAUNCHER).expect("write the moto launcher");
        fs::write(dir.path().join("ec2_inspect.py"), INSPECTOR).expect("write the inspector");
        let mut failures = Vec::new();
        for _ in 0..START_ATTEMPTS {
            let port = free_port();
            let log = fs::File::create(dir.path().join("moto.log")).expect("create moto.log");
            let mut child = Command::new(PYTHON)
                .arg(&launcher)
                .arg(dir.path().join("amis.json"))
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .env("TEST_AMIS_JSON", catalogue_json())
                .env("MOTO_RECORDER_FILEPATH", dir.path().join("recording.jsonl"))
                // The server must never reach real AWS, whatever the caller's environment says.
                .env("AWS_ACCESS_KEY_ID", "testing")
                .env("AWS_SECRET_ACCESS_KEY", "testing")
                .env("AWS_EC2_METADATA_DISABLED", "true")
                .stdin(Stdio::null())
                .stdout(log.try_clone().expect("clone the log handle"))
                .stderr(log)
                .spawn()
                .unwrap_or_else(|e| panic!("rpacker-testkit: cannot run {PYTHON}: {e}"));
            match wait_ready(&mut child, port) {
                Ok(()) => return Self { child, port, dir },
                Err(reason) => {
                    stop(&mut child);
                    failures.push(format!("port {port}: {reason}\n{}", read_log(&dir.path().join("moto.log"))));
                }
            }
        }
        panic!("rpacker-testkit: moto_server did not start:\n{}", failures.join("\n"));
    }

    /// `http://127.0.0.1:<port>`.
    #[must_use]
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The port moto listens on.
    #[must_use]
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The process id (to check it is gone after drop).
    #[must_use]
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// moto's log so far (for assertion messages).
    #[must_use]
    pub fn log(&self) -> String {
        read_log(&self.dir.path().join("moto.log"))
    }

    /// A handle that queries this server (usable from other threads while it runs).
    #[must_use]
    pub fn probe(&self) -> MotoProbe {
        MotoProbe { endpoint: self.endpoint(), inspector: self.dir.path().join("ec2_inspect.py") }
    }

    /// Starts recording every request (moto's recorder), for [`Moto::api_calls`].
    ///
    /// # Panics
    /// When moto does not answer.
    pub fn start_recording(&self) {
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let mut stream = TcpStream::connect(addr).expect("connect to moto");
        let request =
            "POST /moto-api/recorder/start-recording HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n";
        std::io::Write::write_all(&mut stream, request.as_bytes()).expect("ask moto to record");
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200"), "moto: {answer}");
    }

    /// The EC2 actions recorded since [`Moto::start_recording`] from clients whose user agent
    /// contains `agent` (e.g. `aws-sdk-rust`), in order.
    #[must_use]
    pub fn api_calls(&self, agent: &str) -> Vec<String> {
        let text = read_log(&self.dir.path().join("recording.jsonl"));
        text.lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|entry| {
                entry["headers"].as_object().is_some_and(|h| {
                    h.iter().any(|(k, v)| {
                        k.eq_ignore_ascii_case("user-agent") && v.as_str().is_some_and(|v| v.contains(agent))
                    })
                })
            })
            .filter_map(|entry| {
                let body = entry["body"].as_str().unwrap_or_default();
                let body = if entry["body_encoded"] == serde_json::Value::Bool(true) {
                    let bytes = base64::engine::general_purpose::STANDARD.decode(body).ok()?;
                    String::from_utf8_lossy(&bytes).into_owned()
                } else {
                    body.to_owned()
                };
                body.split('&').find_map(|kv| kv.strip_prefix("Action=")).map(str::to_owned)
            })
            .collect()
    }

    /// Where the recorder writes.
    #[must_use]
    pub fn recording_path(&self) -> PathBuf {
        self.dir.path().join("recording.jsonl")
    }

    /// See [`MotoProbe::leaks`].
    #[must_use]
    pub fn leaks(&self, regions: &[&str]) -> Vec<(String, RegionLeaks)> {
        self.probe().leaks(regions)
    }

    /// See [`MotoProbe::assert_no_leaks`].
    pub fn assert_no_leaks(&self, regions: &[&str]) {
        self.probe().assert_no_leaks(regions);
    }

    /// See [`MotoProbe::images`].
    #[must_use]
    pub fn images(&self, regions: &[&str]) -> serde_json::Value {
        self.probe().images(regions)
    }

    /// See [`MotoProbe::instances`].
    #[must_use]
    pub fn instances(&self, regions: &[&str]) -> serde_json::Value {
        self.probe().instances(regions)
    }
}

/// Reads what a running [`Moto`] holds, with boto3 (valid while the server runs).
#[derive(Debug, Clone)]
pub struct MotoProbe {
    endpoint: String,
    inspector: PathBuf,
}

impl MotoProbe {
    /// What is left behind in each of `regions`.
    ///
    /// # Panics
    /// When the query fails.
    #[must_use]
    pub fn leaks(&self, regions: &[&str]) -> Vec<(String, RegionLeaks)> {
        let value = self.inspect("leaks", regions);
        regions
            .iter()
            .map(|r| {
                let leaks = serde_json::from_value(value[*r].clone()).expect("leak report shape");
                ((*r).to_owned(), leaks)
            })
            .collect()
    }

    /// Fails the test when anything is left behind in `regions`.
    ///
    /// # Panics
    /// When something leaked (listed in the message).
    pub fn assert_no_leaks(&self, regions: &[&str]) {
        let leaks: Vec<_> = self.leaks(regions).into_iter().filter(|(_, l)| !l.is_empty()).collect();
        assert!(leaks.is_empty(), "resources left behind: {leaks:#?}");
    }

    /// The account's own AMIs in each region: `{region: [{id, name, description, state, tags,
    /// launch_permissions, snapshots: [{id, tags, create_volume_permissions}]}]}`.
    ///
    /// # Panics
    /// When the query fails.
    #[must_use]
    pub fn images(&self, regions: &[&str]) -> serde_json::Value {
        self.inspect("images", regions)
    }

    /// Every instance in each region: `{region: [{id, state, key_name, image_id, tags,
    /// security_groups}]}` (terminated ones included).
    ///
    /// # Panics
    /// When the query fails.
    #[must_use]
    pub fn instances(&self, regions: &[&str]) -> serde_json::Value {
        self.inspect("instances", regions)
    }

    /// Key pairs and security groups with their tags: `{region: {key_pairs: {name: tags},
    /// security_groups: {name: tags}}}`.
    ///
    /// # Panics
    /// When the query fails.
    #[must_use]
    pub fn tagged(&self, regions: &[&str]) -> serde_json::Value {
        self.inspect("tagged", regions)
    }

    fn inspect(&self, command: &str, regions: &[&str]) -> serde_json::Value {
        let output = Command::new(PYTHON)
            .arg(&self.inspector)
            .arg(&self.endpoint)
            .arg(command)
            .args(regions)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .output()
            .unwrap_or_else(|e| panic!("rpacker-testkit: cannot run {PYTHON}: {e}"));
        assert!(
            output.status.success(),
            "rpacker-testkit: ec2_inspect {command} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("ec2_inspect prints JSON")
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        stop(&mut self.child);
    }
}

fn catalogue_json() -> String {
    let images: Vec<serde_json::Value> = TEST_SOURCE_AMIS
        .iter()
        .map(|ami| {
            serde_json::json!({
                "ami_id": ami.id, "name": ami.name, "state": "available", "public": true,
                "owner_id": TEST_AMI_OWNER, "image_location": format!("{TEST_AMI_OWNER}/{}", ami.name),
                "sriov": "simple", "root_device_type": ami.root_device_type, "root_device_name": "/dev/sda1",
                "description": "rpacker test source image", "image_type": "machine", "platform": null,
                "architecture": ami.architecture, "virtualization_type": "hvm", "hypervisor": "xen",
                "creation_date": ami.creation_date,
            })
        })
        .collect();
    serde_json::Value::Array(images).to_string()
}

/// Ready means moto answers HTTP on the port; an exit before that is a failure.
fn wait_ready(child: &mut Child, port: u16) -> Result<(), String> {
    let deadline = Instant::now() + READY_TIMEOUT;
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return Err(format!("moto_server exited with {status}"));
        }
        if http_answers(&addr) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!("no HTTP answer within {READY_TIMEOUT:?}"))
}

fn http_answers(addr: &SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(addr, Duration::from_millis(500)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request = "GET /moto-api/data.json HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if std::io::Write::write_all(&mut stream, request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.")
}

fn stop(child: &mut Child) {
    // An error means it already exited; wait reaps it either way.
    let _ = child.kill();
    let _ = child.wait();
}

fn read_log(path: &PathBuf) -> String {
    fs::read_to_string(path).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_the_catalogue_in_every_region_and_stops_on_drop() {
        let moto = Moto::start();
        // The second and third regions are where moto's catalogue bug answered HTTP 500.
        let regions = ["us-east-1", "us-west-2", "eu-west-1"];
        let script = format!(
            "import boto3,json\nout={{}}\nfor r in {regions:?}:\n  c=boto3.client('ec2',region_name=r,endpoint_url='{}',aws_access_key_id='a',aws_secret_access_key='b')\n  out[r]=sorted(i['ImageId'] for i in c.describe_images(Owners=['{TEST_AMI_OWNER}'],Filters=[{{'Name':'name','Values':['rpacker-test/*']}}])['Images'])\nprint(json.dumps(out))",
            moto.endpoint()
        );
        let output = Command::new(PYTHON).arg("-c").arg(script).output().expect("run python");
        assert!(output.status.success(), "{}\n{}", String::from_utf8_lossy(&output.stderr), moto.log());
        let got: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
        let want: Vec<&str> = TEST_SOURCE_AMIS.iter().map(|a| a.id).collect();
        for region in regions {
            assert_eq!(got[region], serde_json::json!(want), "{region}");
        }
        let leaks = moto.leaks(&regions);
        assert!(leaks.iter().all(|(_, l)| l.is_empty()), "{leaks:?}");
        assert_eq!(moto.images(&["us-east-1"])["us-east-1"], serde_json::json!([]));

        let (pid, port) = (moto.pid(), moto.port());
        drop(moto);
        assert!(!std::path::Path::new(&format!("/proc/{pid}")).exists(), "moto {pid} still running");
        assert!(TcpStream::connect(("127.0.0.1", port)).is_err(), "port {port} still open");
    }
}
