//! What an `amazon-ami` data source answers (`DatasourceOutput`): every attribute is always
//! there, empty when the image lacks it, as Packer's struct-to-value conversion gives them.

use std::collections::BTreeMap;

use aws_sdk_ec2::types::Image;
use rpacker_template::hcl::HclType;
use serde_json::{json, Value};

/// `{id, name, creation_date, owner, owner_name: string, tags: map(string)}`.
pub(super) fn output_type() -> HclType {
    let string = ["id", "name", "creation_date", "owner", "owner_name"].map(|k| (k.to_owned(), HclType::String));
    let mut attrs: BTreeMap<String, HclType> = string.into_iter().collect();
    attrs.insert("tags".to_owned(), HclType::map(HclType::String));
    HclType::Object(attrs)
}

/// The output object of `image`.
pub(super) fn output_of(image: &Image) -> Value {
    let tags: serde_json::Map<String, Value> = image
        .tags()
        .iter()
        .map(|t| (t.key().unwrap_or_default().to_owned(), Value::from(t.value().unwrap_or_default())))
        .collect();
    json!({
        "id": image.image_id().unwrap_or_default(),
        "name": image.name().unwrap_or_default(),
        "creation_date": image.creation_date().unwrap_or_default(),
        "owner": image.owner_id().unwrap_or_default(),
        "owner_name": image.image_owner_alias().unwrap_or_default(),
        "tags": tags,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_ec2::types::Tag;

    #[test]
    fn every_attribute_of_the_type_is_answered() {
        let image = Image::builder()
            .image_id("ami-1")
            .name("n")
            .owner_id("123")
            .tags(Tag::builder().key("Name").value("base").build())
            .build();
        let out = output_of(&image);
        let HclType::Object(attrs) = output_type() else { panic!("an object type") };
        let keys: Vec<&String> = out.as_object().expect("object").keys().collect();
        assert_eq!(keys, attrs.keys().collect::<Vec<_>>());
        assert_eq!(out["owner_name"], json!(""), "no alias: empty, as Go's zero value");
        assert_eq!(out["tags"], json!({"Name": "base"}));
    }
}
