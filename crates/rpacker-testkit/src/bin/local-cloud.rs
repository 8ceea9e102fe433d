//! `local-cloud ENV_FILE`: the embedded default's private cloud. Starts a local EC2 API (moto)
//! and an sshd that plays the instances it launches, both on 127.0.0.1 with throwaway keys;
//! writes what a template needs to reach them into ENV_FILE (`KEY=value` lines); then waits
//! until its standard input closes, reports what the build left behind in the EC2 API, and
//! stops both servers by PID. Exit code 1 when anything leaked.
//!
//! A program, not a library: it prints its report to stdout.
#![allow(clippy::print_stdout)]

use std::io::Read as _;

use rpacker_testkit::{InstanceSshd, Moto, TEST_AMI_OWNER};

/// The regions the bundled template builds in and copies to.
const REGIONS: [&str; 2] = ["us-east-1", "us-west-2"];

fn main() {
    let Some(env_file) = std::env::args().nth(1) else {
        println!("usage: local-cloud ENV_FILE   (runs until stdin closes)");
        std::process::exit(2);
    };
    let moto = Moto::start();
    let sshd = InstanceSshd::start(&moto, &REGIONS);
    let lines = [
        ("LOCAL_EC2_ENDPOINT", moto.endpoint()),
        ("LOCAL_SSH_HOST", "127.0.0.1".to_owned()),
        ("LOCAL_SSH_PORT", sshd.port().to_string()),
        ("LOCAL_SSH_USER", sshd.user().to_owned()),
        ("LOCAL_SSH_KEY", sshd.private_key_path().to_string_lossy().into_owned()),
        ("LOCAL_AMI_OWNER", TEST_AMI_OWNER.to_owned()),
        ("LOCAL_AMI_NAME", "rpacker-test/ubuntu-jammy-22.04-amd64-*".to_owned()),
    ];
    let text: String = lines.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
    // Written whole, then renamed: the reader never sees half a file.
    let partial = format!("{env_file}.partial");
    std::fs::write(&partial, text).expect("write the environment file");
    std::fs::rename(&partial, &env_file).expect("publish the environment file");

    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);

    let images = moto.images(&REGIONS);
    for region in REGIONS {
        for image in images[region].as_array().into_iter().flatten() {
            println!("AMI in {region}: {} {} tags={}", image["id"], image["name"], image["tags"]);
        }
    }
    let leaks = moto.leaks(&REGIONS);
    let leaked: Vec<_> = leaks.iter().filter(|(_, l)| !l.is_empty()).collect();
    if leaked.is_empty() {
        println!("Leak check: no instance, key pair, security group, volume or snapshot left behind.");
    } else {
        println!("Leak check FAILED: {leaked:?}");
        std::process::exit(1);
    }
}
