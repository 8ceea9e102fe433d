//! `Configure` without any network: what must be set, what is refused, in Packer's words.

use rpacker_amazon::ami_data_source::AmazonAmi;
use rpacker_gotmpl::FuncMap;
use rpacker_sdk::config::ConfigErrors;
use rpacker_sdk::{ConfigRenderer, PackerConfig, PluginConfig};
use serde_json::{json, Value};

/// Returns every layer as written.
struct Verbatim;

impl ConfigRenderer for Verbatim {
    fn render(&self, layer: &Value, _exclude: &[&str], _funcs: &FuncMap) -> Result<Value, ConfigErrors> {
        Ok(layer.clone())
    }
}

fn configure(options: Value) -> Result<AmazonAmi, String> {
    let packer = PackerConfig::default();
    let config = PluginConfig { layers: vec![options], packer: &packer, renderer: &Verbatim };
    AmazonAmi::configure(&config).map_err(|e| e.to_string())
}

#[test]
fn filters_or_owners_and_an_owner_are_required() {
    // upstream datasource/ami: `Empty()` is "no owners and no filters"; an owner is required.
    let cases = [
        (
            json!({}),
            Some("2 error(s) occurred:\n\n* The `filters` must be specified\n* For security reasons, you must declare an owner."),
        ),
        (
            json!({"filters": {"name": "ubuntu/*"}}),
            Some("1 error(s) occurred:\n\n* For security reasons, you must declare an owner."),
        ),
        (json!({"owners": ["self"]}), None),
        (
            json!({"access_key": "AK", "owners": ["self"]}),
            Some("1 error(s) occurred:\n\n* `access_key` and `secret_key` must both be either set or not set."),
        ),
    ];
    for (options, want) in cases {
        let got = configure(options.clone());
        assert_eq!(got.as_ref().err().map(String::as_str), want, "{options}");
    }
}

#[test]
fn options_decode_into_the_lookup() {
    let ami = configure(json!({
        "region": "eu-west-1",
        "filters": {"name": "ubuntu/*", "root-device-type": "ebs"},
        "owners": ["099720109477", "self"],
        "most_recent": "true",
        "include_deprecated": true,
        "max_retries": 3,
    }))
    .expect("configures");
    assert_eq!(ami.access.region, "eu-west-1");
    assert_eq!(ami.access.max_retries, 3);
    assert_eq!(ami.filter.filters.len(), 2);
    assert_eq!(ami.filter.owners, ["099720109477", "self"]);
    assert!(ami.filter.most_recent, "weakly typed as Packer decodes");
    assert!(ami.filter.include_deprecated);
}

#[test]
fn unknown_options_are_refused() {
    // `filter {}` blocks belong to the builder's `source_ami_filter`, not to this data source.
    let err = configure(json!({"owners": ["self"], "filter": [{"key": "name", "value": "x"}], "regin": "x"}))
        .expect_err("unknown options");
    assert!(err.contains("unknown configuration key: '\"filter\"'"), "{err}");
    assert!(err.contains("unknown configuration key: '\"regin\"'"), "{err}");
}
