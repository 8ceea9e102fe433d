//! Secret stores: `consul_key`, `vault`, `aws_secretsmanager`, `aws_secretsmanager_raw`.
//!
//! Packer allows them only while rendering `variables` (elsewhere they fail with their own
//! "not allowed here" texts) and then calls the store over the network. rpacker has no client
//! for these stores yet, so after Packer's own argument checks it fails with an error that
//! says so plainly — it never pretends to have read a value and never makes a network call.

use rpacker_gotmpl::Value;

use super::args;
use crate::environment::Environment;

/// The secret stores, for the "cannot reach" error.
#[derive(Debug, Clone, Copy)]
enum Store {
    Consul,
    Vault,
    AwsSecretsManager,
}

impl Store {
    fn unreachable(self, what: &str) -> String {
        let name = match self {
            Store::Consul => "Consul",
            Store::Vault => "Vault",
            Store::AwsSecretsManager => "AWS Secrets Manager",
        };
        format!("rpacker cannot reach {name} yet ({what}); pass the value with -var or -var-file instead")
    }
}

/// `consul_key "path/key"`.
pub(crate) fn consul_key(enabled: bool, a: &[Value]) -> Result<Value, String> {
    let [key] = args::strings::<1>("consul_key", a)?;
    if !enabled {
        return Err("consul_key is not allowed here".to_owned());
    }
    Err(Store::Consul.unreachable(&format!("reading key {key:?}")))
}

/// `vault "secret/path" "key"`: needs `VAULT_TOKEN` before anything else.
pub(crate) fn vault(enabled: bool, env: &Environment, a: &[Value]) -> Result<Value, String> {
    let [path, key] = args::strings::<2>("vault", a)?;
    if !enabled {
        return Err("Vault vars are only allowed in the variables section".to_owned());
    }
    if env.get("VAULT_TOKEN").unwrap_or_default().is_empty() {
        return Err("Must set VAULT_TOKEN env var in order to use vault template function".to_owned());
    }
    Err(Store::Vault.unreachable(&format!("reading key {key:?} at path {path:?}")))
}

/// `aws_secretsmanager "name"` or `aws_secretsmanager "name" "key"`.
pub(crate) fn aws_secretsmanager(enabled: bool, a: &[Value]) -> Result<Value, String> {
    let secret = args::variadic_strings(a)?;
    if !enabled {
        return Err("AWS Secrets Manager is only allowed in the variables section".to_owned());
    }
    match secret.as_slice() {
        [] => Err("secret name must be provided".to_owned()),
        [name, ..] if secret.len() <= 2 && name.is_empty() => {
            Err("At least one secret name must be provided".to_owned())
        }
        [name] | [name, _] => Err(Store::AwsSecretsManager.unreachable(&format!("reading secret {name:?}"))),
        _ => Err("only secret name and optional secret key can be provided.".to_owned()),
    }
}

/// `aws_secretsmanager_raw "name"` (Packer ≥ 1.12): the secret string as stored.
pub(crate) fn aws_secretsmanager_raw(enabled: bool, a: &[Value]) -> Result<Value, String> {
    let [name] = args::strings::<1>("aws_secretsmanager_raw", a)?;
    if !enabled {
        return Err("AWS Secrets Manager is only allowed in the variables section".to_owned());
    }
    Err(Store::AwsSecretsManager.unreachable(&format!("reading secret {name:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::from(v)
    }

    #[test]
    fn secret_store_cases() {
        let no_token = Environment::default();
        let token = Environment::new([("VAULT_TOKEN".to_owned(), "t".to_owned())], "/");
        let cases: Vec<(&str, Result<Value, String>, &str)> = vec![
            // Outside variables — verified with packer 1.6.6 (`packer console`).
            ("consul V", consul_key(false, &[s("a")]), "consul_key is not allowed here"),
            ("vault V", vault(false, &token, &[s("a"), s("b")]), "Vault vars are only allowed in the variables section"),
            ("aws V", aws_secretsmanager(false, &[s("a")]), "AWS Secrets Manager is only allowed in the variables section"),
            ("aws V no args outside", aws_secretsmanager(false, &[]), "AWS Secrets Manager is only allowed in the variables section"),
            ("aws raw", aws_secretsmanager_raw(false, &[s("a")]), "AWS Secrets Manager is only allowed in the variables section"),
            // Inside variables — the VAULT_TOKEN text verified with packer 1.6.6 (`packer validate`).
            ("vault V no token", vault(true, &no_token, &[s("a"), s("b")]), "Must set VAULT_TOKEN env var in order to use vault template function"),
            ("vault token", vault(true, &token, &[s("a"), s("b")]),
                "rpacker cannot reach Vault yet (reading key \"b\" at path \"a\"); pass the value with -var or -var-file instead"),
            ("consul", consul_key(true, &[s("k")]),
                "rpacker cannot reach Consul yet (reading key \"k\"); pass the value with -var or -var-file instead"),
            ("aws none", aws_secretsmanager(true, &[]), "secret name must be provided"),
            ("aws empty name", aws_secretsmanager(true, &[s("")]), "At least one secret name must be provided"),
            ("aws one", aws_secretsmanager(true, &[s("n")]),
                "rpacker cannot reach AWS Secrets Manager yet (reading secret \"n\"); pass the value with -var or -var-file instead"),
            ("aws two", aws_secretsmanager(true, &[s("n"), s("k")]),
                "rpacker cannot reach AWS Secrets Manager yet (reading secret \"n\"); pass the value with -var or -var-file instead"),
            ("aws three", aws_secretsmanager(true, &[s("n"), s("k"), s("x")]), "only secret name and optional secret key can be provided."),
            ("vault arity", vault(true, &token, &[s("a")]), "wrong number of args for vault: want 2 got 1"),
        ];
        for (name, got, want) in cases {
            assert_eq!(got, Err(want.to_owned()), "{name}");
        }
    }
}
