//! Checks shared by the `shell` and `shell-local` options (Packer's `shell.Provisioner`): every
//! script must exist, every environment variable must read `key=value`.

use rpacker_sdk::communicator::stat_error;
use rpacker_sdk::config::ConfigError;

/// `Bad script '<path>': stat <path>: …` for each script that cannot be stat-ed. `key` names
/// the option the list came from (`scripts`, or `script` when it was folded in).
pub(crate) fn script_errors(key: &str, scripts: &[String]) -> Vec<ConfigError> {
    scripts
        .iter()
        .enumerate()
        .filter_map(|(i, path)| {
            let at = if key == "script" { key.to_owned() } else { format!("{key}[{i}]") };
            stat_error(path).map(|e| ConfigError::at(at, format!("Bad script '{path}': {e}")))
        })
        .collect()
}

/// `Environment variable not in format 'key=value': <kv>` for each entry without `=` or with
/// an empty key.
pub(crate) fn environment_var_errors(vars: &[String]) -> Vec<ConfigError> {
    vars.iter()
        .enumerate()
        .filter(|(_, kv)| kv.split_once('=').is_none_or(|(k, _)| k.is_empty()))
        .map(|(i, kv)| {
            ConfigError::at(
                format!("environment_vars[{i}]"),
                format!("Environment variable not in format 'key=value': {kv}"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_vars() {
        let cases = [("A=1", true), ("A=", true), ("A=b=c", true), ("=1", false), ("A", false), ("", false)];
        for (kv, ok) in cases {
            assert_eq!(environment_var_errors(&[kv.to_owned()]).is_empty(), ok, "{kv}");
        }
        assert_eq!(
            environment_var_errors(&["X".into()])[0].message,
            "Environment variable not in format 'key=value': X"
        );
    }
}
