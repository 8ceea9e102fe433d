//! Temporary key pairs log in once their public half is in `authorized_keys`.

use rpacker_ssh::{generate_temporary_key, TemporaryKeyType};
use rpacker_testkit::Sshd;

use crate::fixture::{session_to, target};

#[tokio::test]
async fn generated_keys_log_in() {
    let sshd = Sshd::start();
    for kind in [TemporaryKeyType::Ed25519, TemporaryKeyType::Rsa { bits: 2048 }] {
        let key = generate_temporary_key(kind, "packer_temporary").unwrap();
        sshd.authorize_key(&key.authorized_key);
        let mut t = target(&sshd);
        t.auth.private_keys = vec![key.private_key_pem.clone()];
        let session = session_to(&sshd, &t).await;
        assert_eq!(session.exec("true", |_, _| {}).await.unwrap(), 0, "{kind:?}");
        let fingerprint_logged = sshd.log().lines().any(|l| {
            l.contains("Accepted publickey")
                && l.contains(match kind {
                    TemporaryKeyType::Ed25519 => "ED25519",
                    TemporaryKeyType::Rsa { .. } => "RSA",
                })
        });
        assert!(fingerprint_logged, "{kind:?} login not in sshd log:\n{}", sshd.log());
    }
}
