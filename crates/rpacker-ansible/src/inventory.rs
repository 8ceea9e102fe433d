//! The inventory the provisioner generates (the plugin's `createInventoryFile`): one host line
//! rendered from `inventory_file_template` or the default for the ansible version and
//! connection, then `[group]` + the host line for each of `groups`, then `[group]` for each of
//! `empty_groups`. Written to `packer-provisioner-ansible<digits>` in `inventory_directory`.

use rpacker_sdk::lifecycle::run_template;
use rpacker_sdk::lifecycle::GeneratedData;

use crate::config::AnsibleConfig;
use crate::error::AnsibleError;
use crate::temp_file::TempFile;

/// The host line for ansible ≥ 2 over SSH.
pub(crate) const SSH_HOST_V2: &str =
    "{{ .HostAlias }} ansible_host={{ .Host }} ansible_user={{ .User }} ansible_port={{ .Port }}\n";
/// The host line for ansible 1 (also used when the version is unknown: `skip_version_check`).
pub(crate) const SSH_HOST_V1: &str =
    "{{ .HostAlias }} ansible_ssh_host={{ .Host }} ansible_ssh_user={{ .User }} ansible_ssh_port={{ .Port }}\n";
/// The host line for `use_proxy: false` with the WinRM communicator.
pub(crate) const WINRM_HOST_V2: &str = "{{ .HostAlias}} ansible_host={{ .Host }} ansible_connection=winrm \
     ansible_winrm_transport=basic ansible_shell_type=powershell ansible_user={{ .User}} ansible_port={{ .Port }}\n";

/// Where ansible reaches the machine, as the inventory names it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum InventoryHost {
    /// Through the proxy on 127.0.0.1 at this port.
    Proxy(u16),
    /// Directly, with the generated `Host` and `Port`; `winrm` picks the WinRM line.
    Direct {
        /// The communicator is WinRM.
        winrm: bool,
    },
}

/// Renders the inventory text.
///
/// # Errors
/// [`AnsibleError::InventoryTemplate`] when the host line does not render.
pub(crate) fn inventory_text(
    config: &AnsibleConfig,
    ansible_major: u64,
    host: InventoryHost,
    user: &str,
    generated: &GeneratedData,
) -> Result<String, AnsibleError> {
    let template = if !config.inventory_file_template.is_empty() {
        config.inventory_file_template.as_str()
    } else if matches!(host, InventoryHost::Direct { winrm: true, .. }) {
        WINRM_HOST_V2
    } else if ansible_major < 2 {
        SSH_HOST_V1
    } else {
        SSH_HOST_V2
    };
    // A copy: later provisioners must still see the machine's own Host, Port and User.
    let mut data = generated.clone();
    data.insert("HostAlias".to_owned(), config.host_alias.clone());
    data.insert("User".to_owned(), user.to_owned());
    if let InventoryHost::Proxy(port) = host {
        data.insert("Host".to_owned(), "127.0.0.1".to_owned());
        data.insert("Port".to_owned(), port.to_string());
    }
    let line = run_template::render(template, &data).map_err(AnsibleError::InventoryTemplate)?;
    let mut text = line.clone();
    for group in &config.groups {
        text.push_str(&format!("[{group}]\n{line}"));
    }
    for group in &config.empty_groups {
        text.push_str(&format!("[{group}]\n"));
    }
    Ok(text)
}

/// Writes the inventory to a new temp file (kept afterwards when `keep_inventory_file`).
///
/// # Errors
/// [`AnsibleError::InventoryFile`] when the file cannot be written.
pub(crate) fn write_inventory(config: &AnsibleConfig, text: &str) -> Result<TempFile, AnsibleError> {
    let mut file = TempFile::create(&config.inventory_directory, "packer-provisioner-ansible", text.as_bytes())
        .map_err(AnsibleError::InventoryFile)?;
    if config.keep_inventory_file {
        file.keep();
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(groups: &[&str], empty: &[&str], template: &str) -> AnsibleConfig {
        AnsibleConfig {
            host_alias: "default".into(),
            groups: groups.iter().map(|g| (*g).to_owned()).collect(),
            empty_groups: empty.iter().map(|g| (*g).to_owned()).collect(),
            inventory_file_template: template.into(),
            ..AnsibleConfig::default()
        }
    }

    fn generated() -> GeneratedData {
        [("Host", "10.0.0.5"), ("Port", "22"), ("User", "ubuntu"), ("ID", "i-1")]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .into()
    }

    /// Texts observed with packer 1.6.6 (groups g1, g2, empty e1; `skip_version_check` for v1).
    #[test]
    fn inventories_like_packer() {
        let direct = InventoryHost::Direct { winrm: false };
        let winrm = InventoryHost::Direct { winrm: true };
        let cases: [(AnsibleConfig, u64, InventoryHost, &str); 6] = [
            (
                config(&["g1", "g2"], &["e1"], ""),
                2,
                InventoryHost::Proxy(34681),
                "default ansible_host=127.0.0.1 ansible_user=root ansible_port=34681\n\
                 [g1]\ndefault ansible_host=127.0.0.1 ansible_user=root ansible_port=34681\n\
                 [g2]\ndefault ansible_host=127.0.0.1 ansible_user=root ansible_port=34681\n[e1]\n",
            ),
            (
                config(&[], &[], ""),
                0,
                InventoryHost::Proxy(38463),
                "default ansible_ssh_host=127.0.0.1 ansible_ssh_user=root ansible_ssh_port=38463\n",
            ),
            (config(&[], &[], ""), 2, direct, "default ansible_host=10.0.0.5 ansible_user=root ansible_port=22\n"),
            (
                config(&[], &[], ""),
                2,
                winrm,
                "default ansible_host=10.0.0.5 ansible_connection=winrm ansible_winrm_transport=basic \
                 ansible_shell_type=powershell ansible_user=root ansible_port=22\n",
            ),
            (
                config(&["web"], &[], "{{ .HostAlias }}:{{ .Port }} id={{ .ID }}\n"),
                2,
                direct,
                "default:22 id=i-1\n[web]\ndefault:22 id=i-1\n",
            ),
            (config(&[], &[], "no newline"), 2, InventoryHost::Proxy(1), "no newline"),
        ];
        for (config, major, host, want) in cases {
            assert_eq!(inventory_text(&config, major, host, "root", &generated()).unwrap(), want);
        }
        let bad = inventory_text(&config(&[], &[], "{{ .Nope "), 2, direct, "root", &generated()).unwrap_err();
        assert!(bad.to_string().starts_with("Error generating inventory file from template: "), "{bad}");
    }

    #[test]
    fn written_to_the_inventory_directory_and_kept_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = config(&[], &[], "");
        config.inventory_directory = dir.path().to_string_lossy().into_owned();
        let file = write_inventory(&config, "x\n").unwrap();
        assert_eq!(file.path().parent(), Some(dir.path()));
        assert!(file.path().file_name().unwrap().to_string_lossy().starts_with("packer-provisioner-ansible"));
        let path = file.path().to_path_buf();
        drop(file);
        assert!(!path.exists());
        config.keep_inventory_file = true;
        let kept = write_inventory(&config, "x\n").unwrap().path().to_path_buf();
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), "x\n");
        config.inventory_directory = dir.path().join("gone").to_string_lossy().into_owned();
        let err = write_inventory(&config, "x").unwrap_err().to_string();
        let want =
            format!("Error preparing inventory file: open {}/packer-provisioner-ansible", config.inventory_directory);
        assert!(err.starts_with(&want) && err.ends_with(": no such file or directory"), "{err}");
    }
}
