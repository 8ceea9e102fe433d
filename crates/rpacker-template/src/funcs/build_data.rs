//! `build "Key"` and the placeholders that let it survive the prepare-time render.
//!
//! Provisioners and post-processors are configured before the builder has run, so values such
//! as the instance's IP do not exist yet. Packer renders their configs against a placeholder
//! map whose values say "use the `build` function"; `build` seeing such a placeholder returns
//! the literal `{{.Key}}`, which stays in the config until the plugin re-renders it at run time
//! with the real generated data. Asking for a key missing from the map fails at prepare time,
//! so typos are caught before anything is created.

use std::collections::BTreeMap;

use rpacker_gotmpl::Value;

use super::args;

/// The text every placeholder contains (`packerbuilderdata.PlaceholderMsg`).
pub const PLACEHOLDER_MESSAGE: &str =
    "To set this dynamically in the Packer template, you must use the `build` function";

/// The keys every builder provides through the provision step (`BuilderDataCommonKeys`).
pub const COMMON_BUILD_DATA_KEYS: [&str; 13] = [
    "ID",
    "Host",
    "Port",
    "User",
    "Password",
    "ConnType",
    "PackerRunUUID",
    "PackerHTTPPort",
    "PackerHTTPIP",
    "PackerHTTPAddr",
    "SSHPublicKey",
    "SSHPrivateKey",
    "WinRMPassword",
];

/// The prepare-time data map: a placeholder for each common key and each name the builder
/// says it will generate. `WinRMPassword` is special-cased to its own template `{{.WinRMPassword}}`
/// (so a bare `{{ .WinRMPassword }}` survives prepare) unless the builder lists it as generated.
#[must_use]
pub fn placeholder_build_data(generated: &[&str]) -> BTreeMap<String, String> {
    let placeholder = |key: &str| format!("Build_{key}. {PLACEHOLDER_MESSAGE}");
    let mut data: BTreeMap<String, String> =
        COMMON_BUILD_DATA_KEYS.iter().map(|&k| (k.to_owned(), placeholder(k))).collect();
    data.insert("WinRMPassword".to_owned(), "{{.WinRMPassword}}".to_owned());
    for &key in generated {
        data.insert(key.to_owned(), placeholder(key));
    }
    data
}

/// `build "Key"` against `data` (the context's build data; `None` when the context has no
/// data map, e.g. in `variables` or the console).
pub(crate) fn build(data: Option<&BTreeMap<String, String>>, a: &[Value]) -> Result<Value, String> {
    let [key] = args::strings::<1>("build", a)?;
    let Some(data) = data else {
        return Err(format!(
            "Error validating build variable: the given variable {key} will not be passed into your plugin."
        ));
    };
    match data.get(&key) {
        Some(value) if value.contains(PLACEHOLDER_MESSAGE) => Ok(Value::String(format!("{{{{.{key}}}}}"))),
        Some(value) => Ok(Value::String(value.clone())),
        None => Err(format!("loaded data, but couldnt find {key} in it.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A case's expected value or error text.
    type Expected = Result<&'static str, &'static str>;
    /// A build data map.
    type Data = BTreeMap<String, String>;

    #[test]
    fn placeholders_cover_common_and_generated_keys() {
        let data = placeholder_build_data(&["SourceAMI"]);
        assert_eq!(data.len(), 14);
        assert_eq!(
            data["ID"],
            "Build_ID. To set this dynamically in the Packer template, you must use the `build` function"
        );
        assert_eq!(data["SourceAMI"], format!("Build_SourceAMI. {PLACEHOLDER_MESSAGE}"));
        assert_eq!(data["WinRMPassword"], "{{.WinRMPassword}}");
        assert_eq!(
            placeholder_build_data(&["WinRMPassword"])["WinRMPassword"],
            format!("Build_WinRMPassword. {PLACEHOLDER_MESSAGE}")
        );
    }

    #[test]
    fn build_cases() {
        let placeholders = placeholder_build_data(&[]);
        let run_time: BTreeMap<String, String> = [("ID".to_owned(), "Null".to_owned())].into();
        let cases: &[(Option<&Data>, &str, Expected)] = &[
            (Some(&placeholders), "ID", Ok("{{.ID}}")),
            (Some(&placeholders), "PackerRunUUID", Ok("{{.PackerRunUUID}}")),
            // The WinRMPassword placeholder is not a placeholder message: it is returned as is.
            (Some(&placeholders), "WinRMPassword", Ok("{{.WinRMPassword}}")),
            (Some(&placeholders), "Nope", Err("loaded data, but couldnt find Nope in it.")),
            (Some(&run_time), "ID", Ok("Null")),
            // verified with packer 1.6.6 (`echo '{{ build "ID" }}' | packer console t.json`)
            (
                None,
                "ID",
                Err("Error validating build variable: the given variable ID will not be passed into your plugin."),
            ),
        ];
        for (data, key, want) in cases {
            let got = build(*data, &[Value::from(*key)]);
            assert_eq!(got, want.map(Value::from).map_err(str::to_owned), "{key}");
        }
    }
}
