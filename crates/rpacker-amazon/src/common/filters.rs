//! The filter blocks that find resources by attributes instead of ids: `source_ami_filter`,
//! `subnet_filter`, `vpc_filter`, `security_group_filter`. Each has a `filters` map and a
//! repeatable block twin (`filter { key, value }` for AMIs, `filter { name, value }` for the
//! others — Packer's inconsistency, kept).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::key_values::{merge_blocks_into, KeyValue, NameValue};

/// `source_ami_filter`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct AmiFilterOptions {
    /// DescribeImages filters, one value each.
    pub filters: BTreeMap<String, String>,
    /// Block form of `filters`.
    pub filter: Vec<KeyValue>,
    /// Owners: account ids, `self`, or an alias such as `amazon`.
    pub owners: Vec<String>,
    /// Pick the newest image when several match.
    pub most_recent: bool,
    /// Also match deprecated images (newer Packer).
    pub include_deprecated: bool,
}

impl AmiFilterOptions {
    /// Copies the `filter` blocks onto `filters`.
    pub fn prepare(&mut self) {
        merge_blocks_into(&self.filter, &mut self.filters);
    }

    /// Whether nothing selects an image (Packer's `Empty`: no owners and no filters).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.owners.is_empty() && self.filters.is_empty()
    }
}

/// `vpc_filter` and `security_group_filter`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct NameValueFilter {
    /// Describe* filters, one value each.
    pub filters: BTreeMap<String, String>,
    /// Block form of `filters`.
    pub filter: Vec<NameValue>,
}

impl NameValueFilter {
    /// Copies the `filter` blocks onto `filters`.
    pub fn prepare(&mut self) {
        merge_blocks_into(&self.filter, &mut self.filters);
    }

    /// Whether no filter is set.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.filters.is_empty()
    }
}

/// `subnet_filter`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct SubnetFilterOptions {
    /// DescribeSubnets filters, one value each.
    pub filters: BTreeMap<String, String>,
    /// Block form of `filters`.
    pub filter: Vec<NameValue>,
    /// Pick the subnet with the most free addresses when several match.
    pub most_free: bool,
    /// Pick a random subnet when several match.
    pub random: bool,
}

impl SubnetFilterOptions {
    /// Copies the `filter` blocks onto `filters`.
    pub fn prepare(&mut self) {
        merge_blocks_into(&self.filter, &mut self.filters);
    }

    /// Whether no filter is set.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.filters.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn blocks_count_as_filters() {
        let mut ami: AmiFilterOptions =
            serde_json::from_value(json!({"filter": [{"key": "name", "value": "ubuntu*"}]})).unwrap();
        assert!(ami.is_empty());
        ami.prepare();
        assert!(!ami.is_empty());
        assert_eq!(ami.filters.get("name").map(String::as_str), Some("ubuntu*"));

        let mut subnet: SubnetFilterOptions =
            serde_json::from_value(json!({"filter": [{"name": "tag:x", "value": "y"}], "random": true})).unwrap();
        subnet.prepare();
        assert!(!subnet.is_empty());

        let mut vpc = NameValueFilter {
            filters: BTreeMap::new(),
            filter: vec![NameValue { name: "a".into(), value: "b".into() }],
        };
        assert!(vpc.is_empty());
        vpc.prepare();
        assert!(!vpc.is_empty());
    }
}
