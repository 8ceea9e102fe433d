//! The private `sshd_config`: everything lives in the fixture's folder, nothing touches the
//! system sshd, and only the listed user may log in, by key.

use std::fmt::Write as _;
use std::path::Path;

use crate::install::SFTP_SERVER;

/// The config text for an sshd serving `user` on 127.0.0.1:`port` from `dir`, plus `extra`
/// lines (they come first, and sshd keeps the first value it reads for most keywords). An extra
/// `Subsystem` line replaces the fixture's `sftp` one (sshd refuses a second), so
/// `Subsystem none /bin/false` leaves the server without SFTP.
pub(crate) fn sshd_config(dir: &Path, port: u16, user: &str, extra: &[&str]) -> String {
    let dir = dir.display();
    let sftp = if extra.iter().any(|line| line.starts_with("Subsystem ")) {
        String::new()
    } else {
        format!("Subsystem sftp {SFTP_SERVER}\n")
    };
    let mut text = String::from("# private sshd for an rpacker test -- not the system sshd\n");
    for line in extra {
        let _ = writeln!(text, "{line}");
    }
    let _ = write!(
        text,
        "Port {port}
ListenAddress 127.0.0.1
HostKey {dir}/ssh_host_ed25519_key
PidFile {dir}/sshd.pid
AuthorizedKeysFile {dir}/authorized_keys
PermitRootLogin yes
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
AllowUsers {user}
{sftp}SetEnv HOME={dir}/home
MaxStartups 50:30:100
MaxSessions 50
PrintMotd no
LogLevel VERBOSE
"
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_lines_come_first_and_paths_are_in_the_folder() {
        let text = sshd_config(Path::new("/t"), 2222, "root", &["PasswordAuthentication yes"]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "PasswordAuthentication yes");
        for want in
            ["Port 2222", "ListenAddress 127.0.0.1", "AuthorizedKeysFile /t/authorized_keys", "PidFile /t/sshd.pid"]
        {
            assert!(lines.contains(&want), "{want} missing in:\n{text}");
        }
        assert!(lines.iter().any(|line| line.starts_with("Subsystem sftp ")));
        let without_sftp = sshd_config(Path::new("/t"), 2222, "root", &["Subsystem none /bin/false"]);
        let subsystems: Vec<&str> = without_sftp.lines().filter(|line| line.starts_with("Subsystem")).collect();
        assert_eq!(subsystems, ["Subsystem none /bin/false"]);
    }
}
