//! `InstanceSshd`: an [`Sshd`] that plays an EC2 instance launched in [`Moto`]. Besides the
//! fixture's own key it accepts the public key of every key pair moto knows in the given
//! regions, fetched on each login by an `AuthorizedKeysCommand` — the way cloud-init installs
//! the launch key pair — so a build's temporary key pair logs in as it would on EC2.

use std::fs;
use std::ops::Deref;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

use crate::install::ensure_debian_package;
use crate::moto::Moto;
use crate::sshd::Sshd;

/// sshd runs an `AuthorizedKeysCommand` only from a path whose every folder is owned by root
/// and not writable by others, which rules out `/tmp`.
const SCRIPT_DIR: &str = "/run/rpacker-testkit";

/// A running sshd that accepts moto's key pairs; derefs to the [`Sshd`].
#[derive(Debug)]
pub struct InstanceSshd {
    sshd: Sshd,
    script: PathBuf,
}

impl InstanceSshd {
    /// Starts an sshd that also authorizes the key pairs `moto` holds in `regions`.
    ///
    /// # Panics
    /// When sshd or curl cannot be installed, or sshd does not start.
    #[must_use]
    pub fn start(moto: &Moto, regions: &[&str]) -> Self {
        ensure_debian_package("curl", &["/usr/bin/curl"]);
        fs::create_dir_all(SCRIPT_DIR).expect("create the AuthorizedKeysCommand folder");
        fs::set_permissions(SCRIPT_DIR, fs::Permissions::from_mode(0o755)).expect("chmod the folder");
        let script = Path::new(SCRIPT_DIR).join(format!("moto-keys-{}-{}.sh", std::process::id(), moto.port()));
        fs::write(&script, key_pairs_script(&moto.endpoint(), regions)).expect("write the AuthorizedKeysCommand");
        fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).expect("chmod the AuthorizedKeysCommand");
        let command = format!("AuthorizedKeysCommand {} %u", script.display());
        let sshd = Sshd::start_with(&[&command, "AuthorizedKeysCommandUser root"]);
        Self { sshd, script }
    }
}

impl Deref for InstanceSshd {
    type Target = Sshd;

    fn deref(&self) -> &Sshd {
        &self.sshd
    }
}

impl Drop for InstanceSshd {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.script);
    }
}

/// A shell script printing one `authorized_keys` line per key pair. moto checks no signature
/// and takes the region from the credential scope of the `Authorization` header.
fn key_pairs_script(endpoint: &str, regions: &[&str]) -> String {
    let mut script = String::from("#!/bin/sh\n# rpacker-testkit: authorize the key pairs moto knows\n");
    for region in regions {
        script.push_str(&format!(
            "curl -s -m 5 -H 'Authorization: AWS4-HMAC-SHA256 Credential=testing/20240101/{region}/ec2/aws4_request, SignedHeaders=host, Signature=0' \
             '{endpoint}/?Action=DescribeKeyPairs&Version=2016-11-15&IncludePublicKey=true' \
             | sed -n 's:.*<publicKey>\\([^<]*\\)</publicKey>.*:\\1:p'\n"
        ));
    }
    script.push_str("exit 0\n");
    script
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    #[test]
    fn a_key_pair_created_in_moto_logs_in() {
        let moto = Moto::start();
        let sshd = InstanceSshd::start(&moto, &["us-east-1", "eu-west-1"]);
        let key = sshd.dir().join("moto_key.pem");
        let script = format!(
            "import boto3\nc=boto3.client('ec2',region_name='eu-west-1',endpoint_url='{}',aws_access_key_id='a',aws_secret_access_key='b')\nopen('{}','w').write(c.create_key_pair(KeyName='packer_t')['KeyMaterial'])",
            moto.endpoint(),
            key.display()
        );
        let made = Command::new("python3").arg("-c").arg(script).output().expect("run python");
        assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
        fs::set_permissions(&key, fs::Permissions::from_mode(0o600)).expect("chmod key");
        let ssh = |identity: &Path| {
            Command::new("ssh")
                .args(["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"])
                .args(["-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes", "-p", &sshd.port().to_string(), "-i"])
                .arg(identity)
                .arg(format!("{}@127.0.0.1", sshd.user()))
                .arg("echo in")
                .output()
                .expect("run ssh")
        };
        let out = ssh(&key);
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "in\n",
            "{}\n{}",
            String::from_utf8_lossy(&out.stderr),
            sshd.log()
        );
        assert!(ssh(&sshd.private_key_path()).status.success(), "the fixture key still works");
        assert_eq!(moto.leaks(&["eu-west-1"])[0].1.key_pairs, ["packer_t"]);
    }
}
