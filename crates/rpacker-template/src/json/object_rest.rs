//! The plugin's share of a template element: the object minus the keys Packer's core consumes.
//! Packer deletes them by exact (case-sensitive) name, so `"Type"` stays in the config even
//! though it also set the type — reproduced.

use crate::{Node, NodeValue};

/// `node` (an object) without the entries named in `core_keys`; other shapes become `{}`.
#[must_use]
pub fn without_keys(node: &Node, core_keys: &[&str]) -> Node {
    let entries = match &node.value {
        NodeValue::Object(entries) => {
            entries.iter().filter(|(k, _)| !core_keys.contains(&k.value.as_str())).cloned().collect()
        }
        _ => Vec::new(),
    };
    Node { value: NodeValue::Object(entries), span: node.span }
}
