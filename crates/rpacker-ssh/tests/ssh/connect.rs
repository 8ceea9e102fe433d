//! The wait for SSH: success, refused logins (Packer's texts), timeout, cancel, bastion, agent.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rpacker_sdk::Sensitive;
use rpacker_ssh::{connect, generate_temporary_key, Bastion, CancellationToken, SshError, SshTarget, TemporaryKeyType};
use rpacker_testkit::Sshd;

use crate::fixture::{session_to, target};

const AUTH_ERROR: &str = "Packer experienced an authentication error when trying to connect via SSH. This can \
                          happen if your username/password are wrong. You may want to double-check your \
                          credentials as part of your debugging process. original error: ssh: handshake failed: \
                          ssh: unable to authenticate, ";

/// A port nothing listens on (bound, then released).
fn closed_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0)).unwrap().local_addr().unwrap().port()
}

#[tokio::test]
async fn connects_with_the_key() {
    let sshd = Sshd::start();
    let session = session_to(&sshd, &target(&sshd)).await;
    assert_eq!(session.exec("true", |_, _| {}).await.unwrap(), 0);
    session.close().await.unwrap();
}

/// Packer's Go client offers AES-GCM first, and so does rpacker (much faster than russh's own
/// choice, chacha20-poly1305); OpenSSH takes the client's first cipher it supports.
#[tokio::test]
async fn negotiates_aes_gcm_like_packer() {
    let sshd = Sshd::start_with(&["LogLevel DEBUG1"]);
    let session = session_to(&sshd, &target(&sshd)).await;
    assert_eq!(session.exec("true", |_, _| {}).await.unwrap(), 0);
    let log = sshd.log();
    assert!(log.contains("kex: client->server cipher: aes128-gcm@openssh.com"), "{log}");
    assert!(log.contains("kex: server->client cipher: aes128-gcm@openssh.com"), "{log}");
    session.close().await.unwrap();
}

/// Texts verified with packer 1.6.6: null builder, `ssh_handshake_attempts: 1`, an sshd that
/// allows only public keys.
#[tokio::test]
async fn refused_logins_fail_with_packers_text() {
    let sshd = Sshd::start();
    let stranger = generate_temporary_key(TemporaryKeyType::Ed25519, "stranger").unwrap();
    // (private keys, password, how Go's client ends the message)
    type Case<'a> = (Vec<Sensitive<String>>, Option<&'a str>, &'a str);
    let cases: Vec<Case> = vec![
        (
            vec![stranger.private_key_pem.clone()],
            None,
            "attempted methods [none publickey], no supported methods remain",
        ),
        (vec![], Some("secret"), "attempted methods [none], no supported methods remain"),
    ];
    for (keys, password, want) in cases {
        let mut t = target(&sshd);
        t.handshake_attempts = 1;
        t.auth.private_keys = keys;
        t.auth.password = password.map(|p| Sensitive::new(p.to_owned()));
        let started = Instant::now();
        let err = connect(&t, &CancellationToken::new()).await.unwrap_err();
        assert!(matches!(err, SshError::Authentication(_)), "{err:?}");
        assert_eq!(err.to_string(), format!("{AUTH_ERROR}{want}"));
        // A retry would take at least 7 s (2 s pause + 5 s interval).
        assert!(started.elapsed() < Duration::from_secs(4), "the first refusal must end the wait at once");
    }
}

/// Each refused login counts; Packer pauses 2 s after it and retries 5 s later.
#[tokio::test]
async fn refused_logins_are_retried_until_the_attempts_run_out() {
    let sshd = Sshd::start();
    let stranger = generate_temporary_key(TemporaryKeyType::Ed25519, "stranger").unwrap();
    let mut t = target(&sshd);
    t.handshake_attempts = 2;
    t.auth.private_keys = vec![stranger.private_key_pem];
    let started = Instant::now();
    let err = connect(&t, &CancellationToken::new()).await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(err, SshError::Authentication(_)), "{err:?}");
    // Generous upper bound: CI runs many tests at once on 2 cores.
    assert!((Duration::from_secs(7)..Duration::from_secs(15)).contains(&elapsed), "{elapsed:?}");
    let refusals = sshd.log().matches("Failed publickey").count();
    assert_eq!(refusals, 2, "sshd log:\n{}", sshd.log());
}

/// Verified with packer 1.6.6: nothing listening, `ssh_timeout: "3s"` → `Timeout waiting for SSH.`
#[tokio::test]
async fn connection_refused_until_the_timeout() {
    let mut t = SshTarget::new("127.0.0.1", closed_port(), "root");
    t.timeout = Some(Duration::from_secs(2));
    let started = Instant::now();
    let err = connect(&t, &CancellationToken::new()).await.unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(err.to_string(), "Timeout waiting for SSH.");
    let SshError::Timeout { last_error: Some(last) } = &err else { panic!("{err:?}") };
    assert!(last.contains("Connection refused"), "{last}");
    assert!((Duration::from_secs(2)..Duration::from_secs(5)).contains(&elapsed), "{elapsed:?}");
}

#[tokio::test]
async fn cancel_ends_the_wait_at_once() {
    let mut t = SshTarget::new("127.0.0.1", closed_port(), "root");
    t.timeout = None;
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        trigger.cancel();
    });
    let started = Instant::now();
    let err = connect(&t, &cancel).await.unwrap_err();
    assert!(matches!(err, SshError::Cancelled), "{err:?}");
    assert_eq!(err.to_string(), "SSH wait cancelled");
    // The next attempt would only start after 5 s.
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_bad_key_is_reported_before_any_attempt() {
    let mut t = SshTarget::new("127.0.0.1", closed_port(), "root");
    t.auth.private_keys = vec![Sensitive::new("not a key".to_owned())];
    let err = connect(&t, &CancellationToken::new()).await.unwrap_err();
    assert!(matches!(err, SshError::Config(_)), "{err:?}");
}

/// The bastion is the same sshd: it forwards to its own port.
#[tokio::test]
async fn connects_through_a_bastion() {
    let sshd = Sshd::start();
    let mut t = target(&sshd);
    t.bastion =
        Some(Bastion { host: "127.0.0.1".into(), port: sshd.port(), user: sshd.user().into(), auth: t.auth.clone() });
    let session = session_to(&sshd, &t).await;
    let mut lines = Vec::new();
    assert_eq!(session.exec("echo via bastion", |_, l| lines.push(l.to_owned())).await.unwrap(), 0);
    assert_eq!(lines, ["via bastion"]);
    // One login on the bastion, one on the target through the forwarded channel.
    let logins = sshd.log().matches("Accepted publickey").count();
    assert_eq!(logins, 2, "sshd log:\n{}", sshd.log());
}

/// A real `ssh-agent` holding the key; the target has no key of its own.
#[tokio::test]
async fn connects_with_agent_keys() {
    let sshd = Sshd::start();
    let socket = sshd.dir().join("agent.sock");
    let agent = AgentProcess(
        Command::new("ssh-agent")
            .arg("-D")
            .arg("-a")
            .arg(&socket)
            .stdout(Stdio::null())
            .spawn()
            .expect("run ssh-agent"),
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    while !socket.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let added = Command::new("ssh-add").arg(sshd.private_key_path()).env("SSH_AUTH_SOCK", &socket).output().unwrap();
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let mut t = target(&sshd);
    t.auth.private_keys.clear();
    t.auth.agent_socket = Some(socket);
    let session = session_to(&sshd, &t).await;
    assert_eq!(session.exec("exit 7", |_, _| {}).await.unwrap(), 7);
    drop(agent);
}

/// Stops the test's ssh-agent by PID.
struct AgentProcess(Child);

impl Drop for AgentProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
