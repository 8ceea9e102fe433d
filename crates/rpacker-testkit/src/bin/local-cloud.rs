//! `local-cloud ENV_FILE [LATENCY OPTIONS]`: the embedded default's private cloud. Starts a
//! local EC2 API (moto) and an sshd that plays the instances it launches, both on 127.0.0.1
//! with throwaway keys; writes what a template needs to reach them into ENV_FILE (`KEY=value`
//! lines); then waits until its standard input closes, reports what the build left behind in
//! the EC2 API, and stops both servers by PID. Exit code 1 when anything leaked.
//!
//! With `--latency fast|real` the test kit's latency proxy sits in front of moto, as the rig's
//! `RIG_LATENCY` does: `LOCAL_EC2_ENDPOINT` is the proxy's, `LOCAL_MOTO_ENDPOINT` always moto's
//! own (for inspection). Options: `--latency-scale F`, `--latency-set run=40,ami=90`,
//! `--latency-jitter J`, `--latency-seed N`, `--latency-log FILE` (JSON lines), `--fail
//! ACTION:N[:CODE[:HTTP]]` (repeatable).
//!
//! A program, not a library: it prints its report to stdout.
#![allow(clippy::print_stdout)]

use std::io::Read as _;

use rpacker_testkit::{FaultProxy, InstanceSshd, LatencyConfig, Moto, TEST_AMI_OWNER};

/// The regions the bundled template builds in and copies to.
const REGIONS: [&str; 2] = ["us-east-1", "us-west-2"];

const USAGE: &str = "usage: local-cloud ENV_FILE [--latency fast|real [--latency-scale F] [--latency-set k=v,...] \
                     [--latency-jitter J] [--latency-seed N] [--latency-log FILE] [--fail ACTION:N[:CODE[:HTTP]]]...]   \
                     (runs until stdin closes)";

/// The command line.
struct Options {
    env_file: String,
    latency: Option<LatencyConfig>,
    latency_log: Option<String>,
    faults: Vec<String>,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut env_file = None;
    let (mut profile, mut scale, mut set, mut jitter, mut seed) = (None, 1.0, String::new(), 0.0, None);
    let (mut latency_log, mut faults) = (None, Vec::new());
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = || rest.next().cloned().ok_or_else(|| format!("{arg} needs a value"));
        let number = |text: String| text.parse::<f64>().map_err(|_| format!("{arg}: not a number: {text}"));
        match arg.as_str() {
            "--latency" => profile = Some(value()?),
            "--latency-scale" => scale = number(value()?)?,
            "--latency-set" => set = format!("{set},{}", value()?),
            "--latency-jitter" => jitter = number(value()?)?,
            "--latency-seed" => seed = Some(value()?.parse::<u64>().map_err(|e| format!("{arg}: {e}"))?),
            "--latency-log" => latency_log = Some(value()?),
            "--fail" => faults.push(value()?),
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            path if env_file.is_none() => env_file = Some(path.to_owned()),
            extra => return Err(format!("unexpected argument {extra}")),
        }
    }
    let env_file = env_file.ok_or("no ENV_FILE")?;
    let latency = match profile.as_deref() {
        None | Some("off") => None,
        Some(profile) => Some(LatencyConfig::new(profile, scale, &set)?.with_jitter(jitter, seed)?),
    };
    if latency.is_none() && (latency_log.is_some() || !faults.is_empty()) {
        return Err("--latency-log and --fail need --latency".into());
    }
    Ok(Options { env_file, latency, latency_log, faults })
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = parse_options(&args).unwrap_or_else(|e| {
        println!("local-cloud: {e}\n{USAGE}");
        std::process::exit(2);
    });
    let env_file = options.env_file;
    let moto = Moto::start();
    let sshd = InstanceSshd::start(&moto, &REGIONS);
    let faults: Vec<&str> = options.faults.iter().map(String::as_str).collect();
    let proxy = options.latency.map(|latency| {
        let log = options.latency_log.as_ref().map(std::path::Path::new);
        FaultProxy::start_with_latency(moto.port(), &faults, latency, log)
    });
    let lines = [
        ("LOCAL_EC2_ENDPOINT", proxy.as_ref().map_or_else(|| moto.endpoint(), FaultProxy::endpoint)),
        ("LOCAL_MOTO_ENDPOINT", moto.endpoint()),
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
    drop(proxy);

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

#[cfg(test)]
mod tests {
    use super::parse_options;

    fn parse(args: &[&str]) -> Result<super::Options, String> {
        parse_options(&args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn latency_options() {
        let plain = parse(&["cloud.env"]).expect("plain");
        assert_eq!((plain.env_file.as_str(), plain.latency.is_none()), ("cloud.env", true));
        let real = parse(&[
            "--latency",
            "real",
            "cloud.env",
            "--latency-scale",
            "0.5",
            "--latency-set",
            "ami=100",
            "--latency-jitter",
            "0.2",
            "--latency-seed",
            "3",
            "--latency-log",
            "log.jsonl",
            "--fail",
            "CreateImage:1",
        ])
        .expect("real");
        let config = real.latency.expect("latency").to_json();
        assert_eq!(
            (config["latency_s"]["ami"].as_f64(), config["latency_s"]["run"].as_f64()),
            (Some(50.0), Some(20.0))
        );
        assert_eq!((config["jitter"].as_f64(), config["seed"].as_u64()), (Some(0.2), Some(3)));
        assert_eq!(
            (real.latency_log.as_deref(), real.faults.as_slice()),
            (Some("log.jsonl"), &["CreateImage:1".to_owned()][..])
        );
        for bad in [
            &["--latency", "slow", "e"][..],
            &["e", "--latency-scale", "x"],
            &["e", "--latency-log", "l"],
            &["--latency"],
            &[],
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
