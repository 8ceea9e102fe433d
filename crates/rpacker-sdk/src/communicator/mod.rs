//! The communicator settings (`communicator`, `ssh_*`, `winrm_*`, `pause_before_connecting`)
//! that every builder connecting to a machine accepts — amazon-ebs and null decode the same
//! [`CommConfig`] from their options and then add their own checks.
//!
//! Typical use in a builder's prepare:
//! ```text
//! let mut comm: CommConfig = decoder.decode()?;   // claims the communicator keys
//! let mut errors = ConfigErrors::new();
//! for e in comm.prepare(config.packer) { errors.push(e); }
//! ```
//! The module also holds the local-file helpers Packer's checks are worded with
//! ([`stat_error`], [`expand_user`]), which other plugins reuse for their own file options.

mod comm_type;
mod config;
mod keep_alive;
mod key_file;
mod local_file;
mod pem;
mod prepare;
mod tunnel;

pub use comm_type::CommType;
pub use config::{CommConfig, KEYS};
pub use keep_alive::KeepAliveInterval;
pub use local_file::{expand_user, go_errno_text, read_file, stat_error};
pub use tunnel::{parse_tunnel, TunnelSpec};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigDecoder;
    use crate::PackerConfig;
    use serde::de::{self, Deserialize, Deserializer, Visitor};
    use serde_json::{json, Value};
    use std::time::Duration;

    fn prepared(options: Value) -> (CommConfig, Vec<String>) {
        let Value::Object(map) = options else { panic!("options must be an object") };
        let mut decoder = ConfigDecoder::new(map);
        let mut comm: CommConfig = decoder.decode().unwrap();
        decoder.finish(&[]).unwrap();
        let errors = comm.prepare(&PackerConfig::default());
        (comm, errors.into_iter().map(|e| e.message).collect())
    }

    /// Texts verified with packer 1.6.6 (null builder; its own extra checks left out here).
    #[test]
    fn prepare_checks_like_packer() {
        let dir = tempfile::tempdir().unwrap();
        let not_key = dir.path().join("notkey");
        std::fs::write(&not_key, "hello\n").unwrap();
        let key = dir.path().join("key");
        std::fs::write(&key, "-----BEGIN RSA PRIVATE KEY-----\nQUJD\n-----END RSA PRIVATE KEY-----\n").unwrap();
        let (not_key, key) = (not_key.to_string_lossy().into_owned(), key.to_string_lossy().into_owned());
        let missing = dir.path().join("missing").to_string_lossy().into_owned();
        let username =
            "An ssh_username must be specified\n  Note: some builders used to default ssh_username to \"root\".";
        let cases: Vec<(Value, Vec<String>)> = vec![
            (json!({}), vec![username.into()]),
            (json!({"ssh_username": "u"}), vec![]),
            (json!({"communicator": "none"}), vec![]),
            (json!({"communicator": "docker"}), vec![]),
            (json!({"communicator": "bogus", "ssh_file_transfer_method": "ftp"}), vec!["Communicator type bogus is invalid".into()]),
            (json!({"communicator": "winrm"}), vec!["winrm_username must be specified.".into()]),
            (json!({"communicator": "winrm", "winrm_username": "a"}), vec![]),
            (json!({"ssh_username": "u", "ssh_private_key_file": key}), vec![]),
            (
                json!({"ssh_username": "u", "ssh_private_key_file": missing}),
                vec![format!("ssh_private_key_file is invalid: stat {missing}: no such file or directory")],
            ),
            (
                json!({"ssh_username": "u", "ssh_private_key_file": not_key, "ssh_bastion_host": "b", "ssh_proxy_host": "p",
                       "ssh_file_transfer_method": "ftp", "ssh_local_tunnels": ["bad", "1:h:2"], "ssh_remote_tunnels": "9:h"}),
                vec![
                    format!("ssh_private_key_file is invalid: Error setting up SSH config: Failed to read key '{not_key}': no key found"),
                    format!("ssh_bastion_private_key_file is invalid: Error setting up SSH config: Failed to read key '{not_key}': no key found"),
                    "ssh_file_transfer_method ('ftp') is invalid, valid methods: sftp, scp".into(),
                    "please specify either ssh_bastion_host or ssh_proxy_host, not both".into(),
                    "ssh_local_tunnels ('bad') is invalid: Error parsing tunnel 'bad': [bad]".into(),
                    "ssh_remote_tunnels ('9:h') is invalid: Error parsing forwarding, must be a tcp address: address h: missing port in address".into(),
                ],
            ),
            (json!({"ssh_username": "u", "ssh_bastion_host": "b"}), vec!["ssh_bastion_password or ssh_bastion_private_key_file must be specified".into()]),
            (json!({"ssh_username": "u", "ssh_bastion_host": "b", "ssh_bastion_agent_auth": true}), vec![]),
            (
                json!({"ssh_username": "u", "ssh_private_key_file": key, "ssh_certificate_file": missing}),
                vec![format!("ssh_private_key_file is invalid: unable to read certificate file: open {missing}: no such file or directory")],
            ),
        ];
        for (options, want) in cases {
            let (_, got) = prepared(options.clone());
            assert_eq!(got, want, "{options}");
        }
    }

    #[test]
    fn defaults_like_packer() {
        let (ssh, _) = prepared(
            json!({"ssh_username": "u", "ssh_bastion_host": "b", "ssh_private_key_file": "", "ssh_proxy_host": "p"}),
        );
        assert_eq!((ssh.communicator.as_str(), ssh.ssh_port, ssh.ssh_handshake_attempts), ("ssh", 22, 10));
        assert_eq!(
            (ssh.ssh_bastion_port, ssh.ssh_proxy_port, ssh.ssh_file_transfer_method.as_str()),
            (22, 1080, "scp")
        );
        assert_eq!(ssh.ssh_timeout.0, Duration::from_secs(300));
        assert_eq!(ssh.ssh_keep_alive_interval, KeepAliveInterval::Every(Duration::from_secs(5)));
        let (legacy, _) = prepared(
            json!({"ssh_username": "u", "ssh_wait_timeout": "1m", "ssh_timeout": "2m", "ssh_keep_alive_interval": "-1s"}),
        );
        assert_eq!(legacy.ssh_timeout.0, Duration::from_secs(60));
        assert_eq!(legacy.ssh_keep_alive_interval, KeepAliveInterval::Disabled);
        let (winrm, _) = prepared(
            json!({"communicator": "winrm", "winrm_username": "a", "winrm_use_ssl": "true", "winrm_password": "pw"}),
        );
        assert_eq!((winrm.winrm_port, winrm.winrm_timeout.0), (5986, Duration::from_secs(1800)));
        assert_eq!((winrm.host(), winrm.port(), winrm.user(), winrm.password()), ("", 5986, "a", "pw"));
        assert!(!format!("{winrm:?}").contains("pw\""), "passwords never print");
    }

    /// Collects the field names a derived `Deserialize` declares.
    struct FieldNames(Vec<&'static str>);

    impl<'de> Deserializer<'de> for &mut FieldNames {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("field names only"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.extend_from_slice(fields);
            Err(de::Error::custom("field names only"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }

    #[test]
    fn keys_list_every_field() {
        let mut names = FieldNames(Vec::new());
        assert!(CommConfig::deserialize(&mut names).is_err());
        assert_eq!(names.0, KEYS);
    }
}
