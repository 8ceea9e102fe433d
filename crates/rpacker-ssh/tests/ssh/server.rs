//! `SshServer` with stock OpenSSH clients (`ssh`, `sftp`), serving requests by forwarding them
//! to a real sshd through `SshSession::start` — the chain the ansible proxy runs.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rpacker_sdk::lifecycle::{BoxFuture, RemoteStreams};
use rpacker_ssh::{
    generate_temporary_key, AuthorizedKey, HostKey, ServerOptions, SessionRequest, SessionService, SshServer,
    SshSession, TemporaryKeyType,
};
use rpacker_testkit::Sshd;
use tokio::net::TcpListener;
use tokio::process::Command;

use crate::fixture::session;

const SFTP_SERVER: &str = "/usr/lib/openssh/sftp-server -e";

/// Forwards `exec` and the `sftp` subsystem to the test sshd; records what it was told.
struct Forward {
    session: SshSession,
    requests: Mutex<Vec<SessionRequest>>,
    errors: Mutex<Vec<String>>,
}

impl SessionService for Forward {
    fn accepts(&self, request: &SessionRequest) -> bool {
        !matches!(request, SessionRequest::Subsystem(name) if name != "sftp")
    }

    fn serve<'a>(&'a self, request: SessionRequest, streams: RemoteStreams<'a>) -> BoxFuture<'a, Option<u32>> {
        Box::pin(async move {
            self.requests.lock().unwrap().push(request.clone());
            let (command, exec) = match request {
                SessionRequest::Exec(command) => (command, true),
                SessionRequest::Subsystem(_) => (SFTP_SERVER.to_owned(), false),
            };
            let code = self.session.start(&command, streams.stdin, streams.stdout, streams.stderr).await;
            exec.then(|| code.map_or(255, |c| c as u32))
        })
    }

    fn error(&self, message: String) {
        self.errors.lock().unwrap().push(message);
    }
}

/// A proxy server in front of `sshd`, and a client key it accepts.
struct Proxy {
    server: SshServer,
    service: Arc<Forward>,
    host_key: HostKey,
    key_file: PathBuf,
    dir: tempfile::TempDir,
}

async fn proxy(sshd: &Sshd, host_key_type: TemporaryKeyType) -> Proxy {
    let dir = tempfile::tempdir().unwrap();
    let client = generate_temporary_key(TemporaryKeyType::Ed25519, "ansible").unwrap();
    let key_file = dir.path().join("id");
    std::fs::write(&key_file, client.private_key_pem.expose()).unwrap();
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let host_key = HostKey::generate(host_key_type).unwrap();
    let options = ServerOptions {
        host_keys: vec![host_key.clone()],
        user: "packer-user".to_owned(),
        authorized_key: AuthorizedKey::parse(&client.authorized_key).unwrap(),
    };
    let service =
        Arc::new(Forward { session: session(sshd).await, requests: Mutex::default(), errors: Mutex::default() });
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = SshServer::serve(listener, options, Arc::clone(&service) as Arc<dyn SessionService>).unwrap();
    Proxy { server, service, host_key, key_file, dir }
}

impl Proxy {
    fn port(&self) -> String {
        self.server.local_addr().port().to_string()
    }

    /// Options every client here uses: this key only, the server's key pinned in known_hosts.
    fn client_options(&self, program: &str, key: &Path) -> Command {
        let known_hosts = self.dir.path().join("known_hosts");
        std::fs::write(&known_hosts, format!("[127.0.0.1]:{} {}\n", self.port(), self.host_key.public_key_line()))
            .unwrap();
        let mut command = Command::new(program);
        command
            .args(["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "IdentitiesOnly=yes"])
            .arg("-o")
            .arg(format!("UserKnownHostsFile={}", known_hosts.display()))
            .arg("-i")
            .arg(key);
        command
    }

    async fn ssh(&self, user: &str, key: &Path, extra: &[&str], command: &str, input: &[u8]) -> Output {
        let mut ssh = self.client_options("ssh", key);
        ssh.args(["-p", &self.port()]).args(extra).arg(format!("{user}@127.0.0.1")).arg(command);
        run_with_input(ssh, input).await
    }
}

async fn run_with_input(mut command: Command, input: &[u8]) -> Output {
    use tokio::io::AsyncWriteExt;
    command.stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped());
    command.stderr(std::process::Stdio::piped());
    let mut child = command.spawn().expect("run the OpenSSH client");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input).await.unwrap();
    drop(stdin);
    child.wait_with_output().await.unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn openssh_runs_commands_through_the_server() {
    let sshd = Sshd::start();
    let proxy = proxy(&sshd, TemporaryKeyType::Ed25519).await;
    let key = proxy.key_file.clone();
    let out = proxy.ssh("packer-user", &key, &[], "echo out; echo err >&2; exit 3", b"").await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert_eq!((text(&out.stdout), text(&out.stderr)), ("out\n".to_owned(), "err\n".to_owned()));

    let piped = proxy.ssh("packer-user", &key, &["-o", "HostKeyAlgorithms=ssh-ed25519"], "cat; echo done", b"in").await;
    assert_eq!((piped.status.code(), text(&piped.stdout)), (Some(0), "indone\n".to_owned()), "{}", text(&piped.stderr));

    // With a PTY requested (ansible's `-tt` for become): accepted, the command still runs.
    let tty = proxy.ssh("packer-user", &key, &["-tt"], "echo with-tty", b"").await;
    assert_eq!(tty.status.code(), Some(0), "{}", text(&tty.stderr));
    assert!(text(&tty.stdout).contains("with-tty"));

    let requests = proxy.service.requests.lock().unwrap().clone();
    assert_eq!(requests[0], SessionRequest::Exec("echo out; echo err >&2; exit 3".to_owned()));
    assert!(proxy.service.errors.lock().unwrap().is_empty());
}

/// OpenSSH ≥ 8.8 refuses `ssh-rsa` (SHA-1) signatures; an RSA host key is offered with
/// rsa-sha2 signatures, so stock clients connect without `HostKeyAlgorithms=+ssh-rsa`.
#[tokio::test(flavor = "multi_thread")]
async fn rsa_host_keys_use_sha2_signatures() {
    let sshd = Sshd::start();
    let proxy = proxy(&sshd, TemporaryKeyType::Rsa { bits: 2048 }).await;
    let key = proxy.key_file.clone();
    for algorithm in ["rsa-sha2-512", "rsa-sha2-256"] {
        let option = format!("HostKeyAlgorithms={algorithm}");
        let out = proxy.ssh("packer-user", &key, &["-o", &option], "echo ok", b"").await;
        assert_eq!((out.status.code(), text(&out.stdout)), (Some(0), "ok\n".to_owned()), "{}", text(&out.stderr));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn only_the_user_with_the_authorized_key_gets_in() {
    let sshd = Sshd::start();
    let proxy = proxy(&sshd, TemporaryKeyType::Ed25519).await;
    let other = generate_temporary_key(TemporaryKeyType::Ed25519, "other").unwrap();
    let other_file = proxy.dir.path().join("other");
    std::fs::write(&other_file, other.private_key_pem.expose()).unwrap();
    std::fs::set_permissions(&other_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let key = proxy.key_file.clone();
    for (user, key) in [("someone", key.as_path()), ("packer-user", other_file.as_path())] {
        let out = proxy.ssh(user, key, &[], "echo in", b"").await;
        assert_eq!(out.status.code(), Some(255), "{user}: {}", text(&out.stdout));
        assert!(text(&out.stderr).contains("Permission denied (publickey)"), "{}", text(&out.stderr));
    }
    assert!(proxy.service.requests.lock().unwrap().is_empty());
    // Packer's adapter reports each connection that never logged in.
    let deadline = Instant::now() + Duration::from_secs(5);
    while proxy.service.errors.lock().unwrap().len() < 2 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(*proxy.service.errors.lock().unwrap(), ["failed to handshake", "failed to handshake"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn sftp_goes_through_the_subsystem_and_others_are_refused() {
    let sshd = Sshd::start();
    let proxy = proxy(&sshd, TemporaryKeyType::Ed25519).await;
    let dir = tempfile::tempdir().unwrap();
    let local = dir.path().join("local.bin");
    let payload: Vec<u8> = (0..=255u8).cycle().take(200_000).collect();
    std::fs::write(&local, &payload).unwrap();
    let remote = dir.path().join("remote.bin");
    let back = dir.path().join("back.bin");
    let batch = format!("put {} {}\nget {} {}\n", local.display(), remote.display(), remote.display(), back.display());
    let mut sftp = proxy.client_options("sftp", &proxy.key_file);
    sftp.args(["-P", &proxy.port(), "-b", "-", "packer-user@127.0.0.1"]);
    let out = run_with_input(sftp, batch.as_bytes()).await;
    assert!(out.status.success(), "{}\n{}", text(&out.stdout), text(&out.stderr));
    assert!(std::fs::read(&remote).unwrap() == payload && std::fs::read(&back).unwrap() == payload);
    assert!(proxy.service.requests.lock().unwrap().contains(&SessionRequest::Subsystem("sftp".to_owned())));

    let key = proxy.key_file.clone();
    let refused = proxy.ssh("packer-user", &key, &["-s"], "netconf", b"").await;
    assert_ne!(refused.status.code(), Some(0));
    assert!(text(&refused.stderr).contains("subsystem request failed"), "{}", text(&refused.stderr));
}

/// Shutting down closes the listener and drops live connections (ansible's control master
/// would otherwise linger), and returns only when all of that is done.
#[tokio::test(flavor = "multi_thread")]
async fn shutdown_closes_everything() {
    let sshd = Sshd::start();
    let proxy = proxy(&sshd, TemporaryKeyType::Ed25519).await;
    let mut ssh = proxy.client_options("ssh", &proxy.key_file);
    ssh.args(["-p", &proxy.port(), "packer-user@127.0.0.1", "echo started; sleep 30"]);
    ssh.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::null()).stdin(std::process::Stdio::null());
    let mut client = ssh.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while proxy.service.requests.lock().unwrap().is_empty() {
        assert!(Instant::now() < deadline, "the client never got in");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let port = proxy.server.local_addr().port();
    let started = Instant::now();
    proxy.server.shutdown().await;
    let status = tokio::time::timeout(Duration::from_secs(5), client.wait()).await.expect("client still connected");
    assert!(!status.unwrap().success());
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err(), "port {port} still open");
}
