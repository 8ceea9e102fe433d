//! Decoding one plugin's merged options into one or more typed structs, then reporting the keys
//! nobody claimed — Packer's `unknown configuration key: '"k"'`, all at once and sorted.

use std::cell::RefCell;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::error::{ConfigError, ConfigErrors};
use super::weak::{KeyUsage, WeakDeserializer};

/// The merged options of one plugin, being decoded.
pub struct ConfigDecoder {
    options: Value,
    usage: RefCell<KeyUsage>,
    known: Vec<&'static str>,
}

impl ConfigDecoder {
    /// A decoder over already merged and rendered options.
    #[must_use]
    pub fn new(options: Map<String, Value>) -> Self {
        Self { options: Value::Object(options), usage: RefCell::default(), known: Vec::new() }
    }

    /// The raw merged options (for checks on what was written, e.g. whether a key is present).
    #[must_use]
    pub fn options(&self) -> &Map<String, Value> {
        match &self.options {
            Value::Object(m) => m,
            _ => unreachable_empty(),
        }
    }

    /// Whether the user set `key` (case-insensitive, as Packer matches keys).
    #[must_use]
    pub fn has(&self, key: &str) -> bool {
        self.options().keys().any(|k| k.eq_ignore_ascii_case(key))
    }

    /// Decodes the struct `T` from the options; the keys it declares count as known.
    ///
    /// # Errors
    /// Every value that cannot be converted to its field's type, sorted, in mapstructure's
    /// `N error(s) decoding:` list.
    pub fn decode<T: DeserializeOwned>(&mut self) -> Result<T, ConfigErrors> {
        let de = WeakDeserializer::top(&self.options, &self.usage);
        let result = T::deserialize(de);
        let mut failures = std::mem::take(&mut self.usage.borrow_mut().type_errors);
        // A failure serde cannot recover from (a duration, an enum) ends the decode early.
        let aborted = match result {
            Ok(value) if failures.is_empty() => return Ok(value),
            Ok(_) => None,
            Err(e) => Some(e),
        };
        failures.extend(aborted);
        failures.sort_by(|a, b| a.message.cmp(&b.message));
        let errors = failures.into_iter().map(|e| ConfigError::at(e.path, e.message)).collect();
        Err(ConfigErrors::type_decode(errors))
    }

    /// Declares keys as known without decoding them (options read straight from [`Self::options`]).
    pub fn claim(&mut self, keys: &[&'static str]) {
        self.known.extend_from_slice(keys);
    }

    /// Reports every key no decoded struct claimed. `type` and `packer_*` keys are Packer's own and
    /// always allowed; keys in `deprecated` (the plugin's own list) or in
    /// [`super::GLOBAL_DEPRECATED_KEYS`] get Packer's "Deprecated configuration key" text.
    ///
    /// # Errors
    /// One error per unknown key, sorted by key.
    pub fn finish(self, deprecated: &[&str]) -> Result<(), ConfigErrors> {
        let usage = std::mem::take(&mut *self.usage.borrow_mut());
        let mut unknown: Vec<String> = self
            .options()
            .keys()
            .filter(|k| {
                let lower = k.to_ascii_lowercase();
                lower != "type"
                    && !lower.starts_with("packer_")
                    && !usage.claimed_top.contains(&lower)
                    && !self.known.iter().any(|c| c.eq_ignore_ascii_case(k))
            })
            .cloned()
            .collect();
        unknown.extend(usage.unknown_nested);
        unknown.sort();
        let candidates: Vec<&str> = usage.known_top.iter().chain(&self.known).copied().collect();
        let mut errors = ConfigErrors::decode(Vec::new());
        for key in unknown {
            if deprecated.iter().chain(super::GLOBAL_DEPRECATED_KEYS).any(|d| d.eq_ignore_ascii_case(&key)) {
                errors.push(ConfigError::at(
                    key.clone(),
                    format!(
                        "Deprecated configuration key: '{key}'. Please call `packer fix` against your template to update your template to be compatible with the current version of Packer. Visit https://www.packer.io/docs/commands/fix/ for more detail."
                    ),
                ));
                continue;
            }
            let hint = rpacker_diag::suggest::closest(&key, candidates.iter().copied())
                .map(|s| format!("did you mean '{s}'?"));
            errors
                .push(ConfigError::at(key.clone(), format!("unknown configuration key: '\"{key}\"'")).with_hint(hint));
        }
        errors.into_result(())
    }
}

fn unreachable_empty() -> &'static Map<String, Value> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Map::new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::GoDuration;
    use serde::Deserialize;
    use serde_json::json;
    use std::collections::BTreeMap;

    #[derive(Deserialize, Debug, Default, PartialEq)]
    #[serde(default)]
    struct Access {
        region: String,
        skip_region_validation: bool,
    }

    #[derive(Deserialize, Debug, Default, PartialEq)]
    #[serde(default)]
    struct Disk {
        device_name: String,
        volume_size: i64,
    }

    #[derive(Deserialize, Debug, Default, PartialEq)]
    #[serde(default)]
    struct Run {
        instance_type: String,
        ssh_port: u16,
        environment_vars: Vec<String>,
        tags: BTreeMap<String, String>,
        disks: Vec<Disk>,
        pause: GoDuration,
        spot_price: Option<String>,
    }

    fn decoder(v: Value) -> ConfigDecoder {
        match v {
            Value::Object(m) => ConfigDecoder::new(m),
            _ => panic!("test options must be an object"),
        }
    }

    #[test]
    fn weak_typing_like_packer() {
        let mut d = decoder(json!({
            "Region": "us-east-1", "skip_region_validation": "true", "instance_type": 5, "ssh_port": "22",
            "environment_vars": "A=1,B=2", "tags": [{"a": "1"}, {"b": "2"}],
            "disks": {"device_name": "/dev/sda", "volume_size": "8"}, "pause": "1m30s", "spot_price": 0.5
        }));
        let access: Access = d.decode().unwrap();
        let run: Run = d.decode().unwrap();
        d.finish(&[]).unwrap();
        assert_eq!(access, Access { region: "us-east-1".into(), skip_region_validation: true });
        assert_eq!(run.instance_type, "5");
        assert_eq!(run.ssh_port, 22);
        assert_eq!(run.environment_vars, ["A=1", "B=2"]);
        assert_eq!(run.tags.len(), 2);
        assert_eq!(run.disks, [Disk { device_name: "/dev/sda".into(), volume_size: 8 }]);
        assert_eq!(run.pause.0.as_secs(), 90);
        assert_eq!(run.spot_price.as_deref(), Some("0.5"));
    }

    #[test]
    fn unknown_keys_are_reported_sorted_with_hints() {
        let mut d = decoder(
            json!({"regon": "x", "zzz": 1, "type": "t", "packer_build_name": "b", "disks": [{"devce_name": "x"}]}),
        );
        let _: Access = d.decode().unwrap();
        let _: Run = d.decode().unwrap();
        let errors = d.finish(&["zzz"]).unwrap_err();
        let messages: Vec<_> = errors.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(messages[0], "unknown configuration key: '\"disks[0].devce_name\"'");
        assert_eq!(messages[1], "unknown configuration key: '\"regon\"'");
        assert!(messages[2].starts_with("Deprecated configuration key: 'zzz'."));
        assert_eq!(errors.errors[1].hint.as_deref(), Some("did you mean 'region'?"));
    }

    #[test]
    fn every_type_error_is_reported_sorted() {
        // Verified with packer 1.6.6 (null builder, `ssh_port: "abc"` and `tags: "abc"`-style values).
        let err =
            decoder(json!({"tags": "abc", "ssh_port": "abc", "instance_type": "ok"})).decode::<Run>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "2 error(s) decoding:\n\n* 'tags' expected a map, got 'string'\n* cannot parse 'ssh_port' as int: strconv.ParseInt: parsing \"abc\": invalid syntax"
        );
    }

    #[test]
    fn type_errors_name_the_key() {
        let cases = [
            (
                json!({"ssh_port": "abc"}),
                "ssh_port",
                "cannot parse 'ssh_port' as int: strconv.ParseInt: parsing \"abc\": invalid syntax",
            ),
            (
                json!({"instance_type": ["a"]}),
                "instance_type",
                "'instance_type' expected type 'string', got unconvertible type '[]interface {}', value: '[a]'",
            ),
            (json!({"pause": "5"}), "pause", "error decoding 'pause': time: missing unit in duration \"5\""),
        ];
        for (options, key, message) in cases {
            let err = decoder(options).decode::<Run>().unwrap_err();
            assert_eq!(err.stage, super::super::ErrorStage::TypeDecode);
            assert_eq!(err.errors[0].key.as_deref(), Some(key));
            assert_eq!(err.errors[0].message, message);
        }
    }
}
