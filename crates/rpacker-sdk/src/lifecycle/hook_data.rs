//! The generated data every provision step hands provisioners (the SDK's
//! `PopulateProvisionHookData`): the builder's own keys, then `ID`, the run UUID, HTTP-server
//! placeholders and the communicator's connection details, all as Go's `%v` text.

use crate::communicator::CommConfig;

use super::provision::GeneratedData;

/// Packer's `ID` when the builder put no instance id in its state.
pub const ID_NOT_IMPLEMENTED: &str = "ERR_ID_NOT_IMPLEMENTED_BY_BUILDER";
/// Packer's `PackerHTTPAddr` when the builder runs no HTTP server.
pub const HTTP_ADDR_NOT_IMPLEMENTED: &str = "ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER";

/// What a provision step knows about the machine it provisions.
#[derive(Debug, Clone, Copy)]
pub struct HookDataSource<'a> {
    /// The builder's own generated values (`SourceAMI`, …).
    pub builder_data: &'a GeneratedData,
    /// Packer's state `instance_id`.
    pub instance_id: Option<&'a str>,
    /// The run's UUID.
    pub run_uuid: &'a str,
    /// The communicator options with the builder's discoveries (host, generated keys).
    pub comm: Option<&'a CommConfig>,
    /// The SSH public key the builder generated (authorized-keys line), if any.
    pub ssh_public_key: &'a str,
    /// The SSH private key the builder generated (PEM), if any.
    pub ssh_private_key: &'a str,
}

/// Builds the provisioners' generated data.
#[must_use]
pub fn provision_hook_data(source: &HookDataSource<'_>) -> GeneratedData {
    let mut data = source.builder_data.clone();
    data.insert("ID".into(), source.instance_id.unwrap_or(ID_NOT_IMPLEMENTED).to_owned());
    data.insert("PackerRunUUID".into(), source.run_uuid.to_owned());
    data.insert("PackerHTTPIP".into(), String::new());
    data.insert("PackerHTTPPort".into(), String::new());
    data.insert("PackerHTTPAddr".into(), HTTP_ADDR_NOT_IMPLEMENTED.to_owned());
    let Some(comm) = source.comm else {
        return data;
    };
    data.insert("Host".into(), comm.host().to_owned());
    data.insert("Port".into(), comm.port().to_string());
    data.insert("User".into(), comm.user().to_owned());
    data.insert("Password".into(), comm.password().to_owned());
    data.insert("ConnType".into(), comm.comm_type().map_or(comm.communicator.clone(), |t| t.as_str().to_owned()));
    data.insert("SSHPublicKey".into(), source.ssh_public_key.to_owned());
    data.insert("SSHPrivateKey".into(), source.ssh_private_key.to_owned());
    data.insert("SSHPrivateKeyFile".into(), comm.ssh_private_key_file.clone());
    data.insert("SSHAgentAuth".into(), comm.ssh_agent_auth.to_string());
    data.insert("WinRMPassword".into(), comm.winrm_password.expose().clone());
    data
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_keys_over_builder_keys() {
        let mut builder_data = GeneratedData::new();
        builder_data.insert("SourceAMI".into(), "ami-1".into());
        builder_data.insert("ID".into(), "overridden".into());
        let comm = CommConfig {
            ssh_host: "127.0.0.1".into(),
            ssh_port: 2222,
            ssh_username: "me".into(),
            ..CommConfig::default()
        };
        let data = provision_hook_data(&HookDataSource {
            builder_data: &builder_data,
            instance_id: Some("Null"),
            run_uuid: "u-1",
            comm: Some(&comm),
            ssh_public_key: "",
            ssh_private_key: "",
        });
        let get = |k: &str| data.get(k).map(String::as_str);
        assert_eq!(get("SourceAMI"), Some("ami-1"));
        assert_eq!(get("ID"), Some("Null"));
        assert_eq!(get("PackerRunUUID"), Some("u-1"));
        assert_eq!(get("PackerHTTPAddr"), Some(HTTP_ADDR_NOT_IMPLEMENTED));
        assert_eq!(get("Host"), Some("127.0.0.1"));
        assert_eq!(get("Port"), Some("2222"));
        assert_eq!(get("User"), Some("me"));
        assert_eq!(get("ConnType"), Some("ssh"));
        assert_eq!(get("SSHAgentAuth"), Some("false"));
        let bare = provision_hook_data(&HookDataSource {
            builder_data: &GeneratedData::new(),
            instance_id: None,
            run_uuid: "u-1",
            comm: None,
            ssh_public_key: "",
            ssh_private_key: "",
        });
        assert_eq!(bare.get("ID").map(String::as_str), Some(ID_NOT_IMPLEMENTED));
        assert!(!bare.contains_key("Host"));
    }
}
