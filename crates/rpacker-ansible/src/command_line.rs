//! The `ansible-playbook` command line as the current plugin builds it (`createCmdArgs`), and
//! the `Executing Ansible: …` text it shows, with secrets masked. The order matters: build name
//! and type, HTTP address, `--ssh-extra-args`, the user's `extra_arguments`, then the
//! password or key variables, and `-i <inventory> <playbook>` last.

use rpacker_gotmpl::go_quote;
use rpacker_sdk::lifecycle::{GeneratedData, HTTP_ADDR_NOT_IMPLEMENTED};

/// What goes into the command line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CommandLine<'a> {
    /// `packer_build_name` (left out when empty).
    pub(crate) build_name: &'a str,
    /// `packer_builder_type`.
    pub(crate) builder_type: &'a str,
    /// The build's generated data (`ConnType`, `PackerHTTPAddr`, `Password`).
    pub(crate) generated: &'a GeneratedData,
    /// `ansible_ssh_extra_args`.
    pub(crate) ssh_extra_args: &'a [String],
    /// `extra_arguments`, rendered.
    pub(crate) extra_arguments: &'a [String],
    /// `ansible_env_vars`, rendered, with prepare's additions.
    pub(crate) env_vars: &'a [String],
    /// ansible connects directly to the machine (`use_proxy: false` in effect).
    pub(crate) direct: bool,
    /// The private key ansible logs in with (empty: none in play).
    pub(crate) private_key_file: &'a str,
    /// The inventory path.
    pub(crate) inventory: &'a str,
    /// The playbook's absolute path.
    pub(crate) playbook: &'a str,
}

impl CommandLine<'_> {
    fn generated(&self, key: &str) -> &str {
        self.generated.get(key).map_or("", String::as_str)
    }

    /// The arguments after the program name.
    pub(crate) fn arguments(&self) -> Vec<String> {
        let mut args = Vec::new();
        if !self.build_name.is_empty() {
            args.extend(["-e".to_owned(), format!("packer_build_name={}", go_quote(self.build_name))]);
        }
        args.extend(["-e".to_owned(), format!("packer_builder_type={}", self.builder_type)]);
        let http_addr = self.generated.get("PackerHTTPAddr").map_or(HTTP_ADDR_NOT_IMPLEMENTED, String::as_str);
        if http_addr != HTTP_ADDR_NOT_IMPLEMENTED {
            args.extend(["-e".to_owned(), format!("packer_http_addr={http_addr}")]);
        }
        let ssh = self.generated("ConnType") == "ssh";
        if ssh && !self.private_key_file.is_empty() {
            // The quotes are part of the argument: ansible splits it like a shell would.
            let extra = if self.ssh_extra_args.is_empty() {
                "'-o IdentitiesOnly=yes'".to_owned()
            } else {
                format!("'{}'", self.ssh_extra_args.join("' '"))
            };
            args.extend(["--ssh-extra-args".to_owned(), extra]);
        }
        args.extend(self.extra_arguments.iter().cloned());
        if !check_arg("ansible_password", &args) && self.direct && self.generated("ConnType") == "winrm" {
            args.extend(["-e".to_owned(), format!("ansible_password={}", self.generated("Password"))]);
        }
        if !check_arg("ansible_password", &args) && !self.private_key_file.is_empty() {
            args.extend(["-e".to_owned(), format!("ansible_ssh_private_key_file={}", self.private_key_file)]);
        }
        if check_arg("ansible_password", &args)
            && ssh
            && !check_arg("ansible_host_key_checking", &args)
            && !check_arg("ANSIBLE_HOST_KEY_CHECKING", self.env_vars)
        {
            args.extend(["-e".to_owned(), "ansible_host_key_checking=False".to_owned()]);
        }
        args.extend(["-i".to_owned(), self.inventory.to_owned(), self.playbook.to_owned()]);
        args
    }

    /// `<command> <args…>` as shown in `Executing Ansible: …`: values of `extra_arguments`
    /// `key=value` pairs whose key names a password or secret, and the generated `Password` and
    /// `WinRMPassword`, become `*****`.
    pub(crate) fn display(&self, command: &str, args: &[String]) -> String {
        let mut text = std::iter::once(command).chain(args.iter().map(String::as_str)).collect::<Vec<_>>().join(" ");
        for arg in self.extra_arguments {
            if let Some((key, value)) = arg.split_once('=') {
                let key = key.to_lowercase();
                // Go would also "replace" an empty value, between every character; nothing to hide.
                if (key.contains("password") || key.contains("secret")) && !value.is_empty() {
                    text = text.replace(value, "*****");
                }
            }
        }
        for key in ["WinRMPassword", "Password"] {
            let secret = self.generated(key);
            if !secret.is_empty() {
                text = text.replace(secret, "*****");
            }
        }
        text
    }
}

/// The plugin's `checkArg`: some argument, split on `=`, has a part equal to `name`.
fn check_arg(name: &str, args: &[String]) -> bool {
    args.iter().any(|arg| arg.split('=').any(|part| part == name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated(pairs: &[(&str, &str)]) -> GeneratedData {
        let mut data: GeneratedData = [("ConnType", "ssh"), ("PackerHTTPAddr", HTTP_ADDR_NOT_IMPLEMENTED)]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .into();
        data.extend(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        data
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    fn line<'a>(data: &'a GeneratedData, extra: &'a [String], key: &'a str) -> CommandLine<'a> {
        CommandLine {
            build_name: "n",
            builder_type: "null",
            generated: data,
            ssh_extra_args: &[],
            extra_arguments: extra,
            env_vars: &[],
            direct: false,
            private_key_file: key,
            inventory: "/tmp/inv",
            playbook: "/w/pb.yml",
        }
    }

    /// The first case is packer 1.6.6's observed line (`extra_arguments: ["-e", "x=1"]`).
    #[test]
    fn arguments_like_the_plugin() {
        let ssh = generated(&[]);
        let extra = strings(&["-e", "x=1"]);
        let got = line(&ssh, &extra, "/tmp/ansible-key74010282").arguments().join(" ");
        assert_eq!(
            got,
            "-e packer_build_name=\"n\" -e packer_builder_type=null --ssh-extra-args '-o IdentitiesOnly=yes' -e x=1 \
             -e ansible_ssh_private_key_file=/tmp/ansible-key74010282 -i /tmp/inv /w/pb.yml"
        );

        // No key in play (`ssh_authorized_key_file`), no build name, an HTTP server.
        let http = generated(&[("PackerHTTPAddr", "10.0.2.2:8080")]);
        let mut no_key = line(&http, &[], "");
        no_key.build_name = "";
        assert_eq!(
            no_key.arguments(),
            strings(&[
                "-e",
                "packer_builder_type=null",
                "-e",
                "packer_http_addr=10.0.2.2:8080",
                "-i",
                "/tmp/inv",
                "/w/pb.yml"
            ])
        );

        // Current plugin: each `ansible_ssh_extra_args` element quoted on its own.
        let extras = strings(&["-o A=1", "-o B=2"]);
        let mut custom = line(&ssh, &[], "/k");
        custom.ssh_extra_args = &extras;
        assert_eq!(custom.arguments()[4..6], strings(&["--ssh-extra-args", "'-o A=1' '-o B=2'"]));

        // A password given: no key variable, host key checking off unless set somewhere.
        let password = strings(&["-e", "ansible_password=s3cret"]);
        let args = line(&ssh, &password, "/k").arguments();
        assert!(!args.iter().any(|a| a.starts_with("ansible_ssh_private_key_file")));
        assert!(args.contains(&"ansible_host_key_checking=False".to_owned()));
        let env = strings(&["ANSIBLE_HOST_KEY_CHECKING=True"]);
        let mut checked = line(&ssh, &password, "/k");
        checked.env_vars = &env;
        assert!(!checked.arguments().contains(&"ansible_host_key_checking=False".to_owned()));

        // Direct WinRM: the generated password is passed; no SSH arguments.
        let winrm = generated(&[("ConnType", "winrm"), ("Password", "pw")]);
        let mut direct = line(&winrm, &[], "");
        direct.direct = true;
        let args = direct.arguments();
        assert_eq!(args[4..6], strings(&["-e", "ansible_password=pw"]));
        assert!(!args.contains(&"--ssh-extra-args".to_owned()));
    }

    #[test]
    fn display_masks_secrets() {
        let data = generated(&[("ConnType", "winrm"), ("Password", "pw-123"), ("WinRMPassword", "pw-123")]);
        // As the plugin splits at the first `=`, `--extra-vars=k=v` is not masked.
        let extra = strings(&[
            "-e",
            "db_password=hunter2",
            "-e",
            "api_SECRET=xyz",
            "--extra-vars=x_secret=shown",
            "-e",
            "my_password=",
        ]);
        let mut cmd = line(&data, &extra, "");
        cmd.direct = true;
        let args = cmd.arguments();
        let text = cmd.display("ansible-playbook", &args);
        assert_eq!(
            text,
            "ansible-playbook -e packer_build_name=\"n\" -e packer_builder_type=null -e db_password=***** \
             -e api_SECRET=***** --extra-vars=x_secret=shown -e my_password= -e ansible_password=***** -i /tmp/inv /w/pb.yml"
        );
    }
}
