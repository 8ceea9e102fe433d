//! Merging config layers as mapstructure does when it decodes them one after another onto the
//! same struct: scalars replaced, objects merged key by key (keys match case-insensitively),
//! arrays overwritten element by element — a shorter later list leaves the tail of the earlier
//! one (verified with packer 1.6.6: base `inline: [a, b, c]` + override `[x]` runs x, b, c).

use serde_json::{Map, Value};

/// Merges `layers` in order into one object; non-object layers are ignored.
#[must_use]
pub fn merge_layers(layers: &[Value]) -> Map<String, Value> {
    let mut out = Map::new();
    for layer in layers {
        if let Value::Object(obj) = layer {
            merge_object(&mut out, obj);
        }
    }
    out
}

fn merge_object(into: &mut Map<String, Value>, from: &Map<String, Value>) {
    for (key, value) in from {
        let existing = into.keys().find(|k| k.eq_ignore_ascii_case(key)).cloned();
        match existing.and_then(|k| into.get_mut(&k)) {
            Some(slot) => merge_value(slot, value),
            None => {
                into.insert(key.clone(), value.clone());
            }
        }
    }
}

fn merge_value(into: &mut Value, from: &Value) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => merge_object(a, b),
        (Value::Array(a), Value::Array(b)) => {
            for (i, item) in b.iter().enumerate() {
                match a.get_mut(i) {
                    Some(slot) => merge_value(slot, item),
                    None => a.push(item.clone()),
                }
            }
        }
        (slot, from) => *slot = from.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merges_like_mapstructure() {
        let cases = [
            (json!({"inline": ["a", "b", "c"]}), json!({"inline": ["x"]}), json!({"inline": ["x", "b", "c"]})),
            (json!({"tags": {"a": "1"}}), json!({"tags": {"b": "2"}}), json!({"tags": {"a": "1", "b": "2"}})),
            (json!({"Inline": ["a"]}), json!({"inline": ["x", "y"]}), json!({"Inline": ["x", "y"]})),
            (json!({"n": 1}), json!({"n": "two"}), json!({"n": "two"})),
        ];
        for (base, over, want) in cases {
            assert_eq!(Value::Object(merge_layers(&[base, over])), want);
        }
    }
}
