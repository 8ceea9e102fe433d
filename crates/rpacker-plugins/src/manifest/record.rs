//! The manifest file's format (Packer's `ManifestFile` and `Artifact` JSON): field order,
//! `build_time` left out when zero, `files`/`custom_data` `null` when absent, and the bytes Go's
//! `json.MarshalIndent(…, "", "  ")` writes — two-space indent, no trailing newline, HTML
//! characters escaped.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The whole file: every recorded build and the run that wrote last.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct ManifestFile {
    /// Go marshals a nil slice as `null`; a file read back with `null` keeps it until appended.
    pub builds: Option<Vec<BuildRecord>>,
    /// The `PACKER_RUN_UUID` of the run that wrote the file.
    pub last_run_uuid: String,
}

/// One build's record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct BuildRecord {
    /// The build name.
    pub name: String,
    /// The builder type.
    pub builder_type: String,
    /// Unix seconds at post-process time; omitted when zero (`strip_time`).
    #[serde(skip_serializing_if = "is_zero")]
    pub build_time: i64,
    /// The artifact's files; `None` (`null`) when it has none.
    pub files: Option<Vec<FileRecord>>,
    /// The artifact's id.
    pub artifact_id: String,
    /// The run that recorded this build.
    pub packer_run_uuid: String,
    /// The rendered `custom_data`; `None` (`null`) when not configured.
    pub custom_data: Option<BTreeMap<String, String>>,
}

/// One artifact file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct FileRecord {
    /// Its path, or base name with `strip_path`.
    pub name: String,
    /// Its size in bytes; 0 when it cannot be stat-ed.
    pub size: i64,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's `skip_serializing_if` passes a reference
fn is_zero(n: &i64) -> bool {
    *n == 0
}

impl ManifestFile {
    /// The bytes Go's `json.MarshalIndent(file, "", "  ")` produces.
    pub(crate) fn to_go_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        serde_json::to_string_pretty(self).map(|json| go_escape(&json).into_bytes())
    }
}

/// Rewrites serde_json's string escapes into Go's: `<`, `>`, `&`, U+2028 and U+2029 as `\u…`
/// (Go's HTML-safe encoding), and `\b`/`\f` as `\u0008`/`\u000c` (Go before 1.22). Those
/// characters only occur inside strings, and every backslash starts a two-character escape, so
/// a single scan is exact.
fn go_escape(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut chars = json.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('b') => out.push_str("\\u0008"),
                Some('f') => out.push_str("\\u000c"),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_go() {
        let cases = [
            (r#""<x&y> é""#, r#""\u003cx\u0026y\u003e é""#),
            ("\"\\b\\f\\n\\t\\\\b\"", "\"\\u0008\\u000c\\n\\t\\\\b\""),
            ("\"\u{2028}\u{2029}\"", r#""\u2028\u2029""#),
            (r#""\u001f""#, r#""\u001f""#),
        ];
        for (serde, go) in cases {
            assert_eq!(go_escape(serde), go, "{serde}");
        }
    }

    /// Bytes verified with packer 1.6.6: a null build `nb` with
    /// `custom_data: {"b": "<x&y> é", "a": "{{ build `ID` }}"}`, and one with `strip_time`
    /// and no `custom_data`.
    #[test]
    fn writes_packer_bytes() {
        let uuid = "b71c83b9-10f3-9577-498a-aee820e742cb";
        let record = BuildRecord {
            name: "nb".into(),
            builder_type: "null".into(),
            build_time: 1_795_433_382,
            files: None,
            artifact_id: "Null".into(),
            packer_run_uuid: uuid.into(),
            custom_data: Some([("b".into(), "<x&y> é".into()), ("a".into(), "Null".into())].into()),
        };
        let stripped = BuildRecord { build_time: 0, custom_data: None, ..record.clone() };
        let cases = [
            (record, "{\n  \"builds\": [\n    {\n      \"name\": \"nb\",\n      \"builder_type\": \"null\",\n      \"build_time\": 1795433382,\n      \"files\": null,\n      \"artifact_id\": \"Null\",\n      \"packer_run_uuid\": \"b71c83b9-10f3-9577-498a-aee820e742cb\",\n      \"custom_data\": {\n        \"a\": \"Null\",\n        \"b\": \"\\u003cx\\u0026y\\u003e é\"\n      }\n    }\n  ],\n  \"last_run_uuid\": \"b71c83b9-10f3-9577-498a-aee820e742cb\"\n}"),
            (stripped, "{\n  \"builds\": [\n    {\n      \"name\": \"nb\",\n      \"builder_type\": \"null\",\n      \"files\": null,\n      \"artifact_id\": \"Null\",\n      \"packer_run_uuid\": \"b71c83b9-10f3-9577-498a-aee820e742cb\",\n      \"custom_data\": null\n    }\n  ],\n  \"last_run_uuid\": \"b71c83b9-10f3-9577-498a-aee820e742cb\"\n}"),
        ];
        for (build, want) in cases {
            let file = ManifestFile { builds: Some(vec![build]), last_run_uuid: uuid.into() };
            assert_eq!(String::from_utf8(file.to_go_json().unwrap()).unwrap(), want);
        }
    }
}
