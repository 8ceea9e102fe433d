//! The block forms of map options: `tag { key = "a" value = "b" }` and
//! `run_volume_tag { name = "a" value = "b" }` (the SDK's `KeyValues` / `NameValues`). HCL2
//! cannot write maps with computed keys, so every map option has a repeatable block twin that
//! Prepare copies onto the map, the block winning over the map entry with the same key.

use std::collections::BTreeMap;

use serde::Deserialize;

/// One `{key, value}` block.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct KeyValue {
    /// The map key.
    pub key: String,
    /// The value.
    pub value: String,
}

/// One `{name, value}` block.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct NameValue {
    /// The map key.
    pub name: String,
    /// The value.
    pub value: String,
}

/// A block that names one map entry.
pub trait MapEntryBlock {
    /// The entry's key and value.
    fn entry(&self) -> (&str, &str);
}

impl MapEntryBlock for KeyValue {
    fn entry(&self) -> (&str, &str) {
        (&self.key, &self.value)
    }
}

impl MapEntryBlock for NameValue {
    fn entry(&self) -> (&str, &str) {
        (&self.name, &self.value)
    }
}

/// Copies blocks onto a map (`CopyOn`); creates the map only when there is a block, since an
/// absent map and an empty one differ for `spot_tags`.
pub fn copy_blocks_onto<B: MapEntryBlock>(blocks: &[B], map: &mut Option<BTreeMap<String, String>>) {
    if blocks.is_empty() {
        return;
    }
    let map = map.get_or_insert_with(BTreeMap::new);
    for block in blocks {
        let (k, v) = block.entry();
        map.insert(k.to_owned(), v.to_owned());
    }
}

/// [`copy_blocks_onto`] for maps that always exist.
pub fn merge_blocks_into<B: MapEntryBlock>(blocks: &[B], map: &mut BTreeMap<String, String>) {
    for block in blocks {
        let (k, v) = block.entry();
        map.insert(k.to_owned(), v.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(k: &str, v: &str) -> KeyValue {
        KeyValue { key: k.into(), value: v.into() }
    }

    #[test]
    fn blocks_win_over_map_entries() {
        let mut map = Some(BTreeMap::from([("a".to_owned(), "map".to_owned())]));
        copy_blocks_onto(&[kv("a", "block"), kv("b", "2")], &mut map);
        assert_eq!(map.unwrap(), BTreeMap::from([("a".into(), "block".into()), ("b".into(), "2".into())]));
    }

    #[test]
    fn no_blocks_leave_an_absent_map_absent() {
        let mut absent = None;
        copy_blocks_onto::<KeyValue>(&[], &mut absent);
        assert_eq!(absent, None);
        let mut created = None;
        copy_blocks_onto(&[NameValue { name: "n".into(), value: "v".into() }], &mut created);
        assert_eq!(created.unwrap().get("n").map(String::as_str), Some("v"));
        let mut always = BTreeMap::new();
        merge_blocks_into(&[kv("k", "v")], &mut always);
        assert_eq!(always.len(), 1);
    }
}
