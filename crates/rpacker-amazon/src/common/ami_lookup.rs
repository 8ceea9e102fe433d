//! Finding one image by id and/or filter options (owners, filters, `most_recent`,
//! `include_deprecated`): Packer's `AmiFilterOptions.GetFilteredImage`, shared by the builder's
//! `source_ami`/`source_ami_filter` lookup and the `amazon-ami` data source, with its texts.

use std::fmt;

use aws_sdk_ec2::types::{Filter, Image};

use super::api_error::error_text;
use super::filters::AmiFilterOptions;

const MORE_THAN_ONE: &str =
    "Your query returned more than one result. Please try a more specific search, or set most_recent to true.";

/// Why no single image was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmiLookupError {
    /// DescribeImages failed (the API error as text).
    Query(String),
    /// Nothing matched (the query, as Packer prints it).
    NoneFound(String),
    /// Several matched and `most_recent` is off.
    Several,
}

impl fmt::Display for AmiLookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Query(e) => write!(f, "Error querying AMI: {e}"),
            Self::NoneFound(query) => write!(f, "No AMI was found matching filters: {query}"),
            Self::Several => f.write_str(MORE_THAN_ONE),
        }
    }
}

impl std::error::Error for AmiLookupError {}

/// The one image `image_id` (when not empty) and `filter` select.
///
/// # Errors
/// See [`AmiLookupError`].
pub async fn find_image(
    ec2: &aws_sdk_ec2::Client,
    image_id: &str,
    filter: &AmiFilterOptions,
) -> Result<Image, AmiLookupError> {
    let mut request = ec2.describe_images();
    if !image_id.is_empty() {
        request = request.image_ids(image_id);
    }
    for (name, value) in &filter.filters {
        request = request.filters(Filter::builder().name(name).values(value).build());
    }
    for owner in &filter.owners {
        request = request.owners(owner);
    }
    if filter.include_deprecated {
        request = request.include_deprecated(true);
    }
    let images = match request.send().await {
        Ok(out) => out.images.unwrap_or_default(),
        Err(e) => return Err(AmiLookupError::Query(error_text(&e))),
    };
    match pick(images, filter.most_recent) {
        Ok(image) => Ok(image),
        Err(Pick::None) => Err(AmiLookupError::NoneFound(describe_query(image_id, filter))),
        Err(Pick::Several) => Err(AmiLookupError::Several),
    }
}

enum Pick {
    None,
    Several,
}

/// One image, or the newest with `most_recent` (creation dates are RFC 3339, so they sort as text).
fn pick(images: Vec<Image>, most_recent: bool) -> Result<Image, Pick> {
    if images.len() > 1 && !most_recent {
        return Err(Pick::Several);
    }
    images.into_iter().max_by(|a, b| a.creation_date().cmp(&b.creation_date())).ok_or(Pick::None)
}

/// The query, roughly as aws-sdk-go prints the request (Packer dumps the input struct).
fn describe_query(image_id: &str, filter: &AmiFilterOptions) -> String {
    let mut parts = Vec::new();
    if !filter.filters.is_empty() {
        let filters: Vec<String> = filter
            .filters
            .iter()
            .map(|(k, v)| format!("{{\n    Name: \"{k}\",\n    Values: [\"{v}\"]\n  }}"))
            .collect();
        parts.push(format!("  Filters: [{}]", filters.join(",")));
    }
    if !image_id.is_empty() {
        parts.push(format!("  ImageIds: [\"{image_id}\"]"));
    }
    if !filter.owners.is_empty() {
        let owners: Vec<String> = filter.owners.iter().map(|o| format!("\"{o}\"")).collect();
        parts.push(format!("  Owners: [{}]", owners.join(",")));
    }
    format!("{{\n{}\n}}", parts.join(",\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(id: &str, date: &str) -> Image {
        Image::builder().image_id(id).creation_date(date).build()
    }

    #[test]
    fn most_recent_picks_the_newest_and_several_need_it() {
        let images = || vec![image("a", "2024-01-05T00:00:00.000Z"), image("b", "2024-03-10T00:00:00.000Z")];
        assert_eq!(pick(images(), true).ok().and_then(|i| i.image_id), Some("b".into()));
        assert!(matches!(pick(images(), false), Err(Pick::Several)));
        assert!(matches!(pick(Vec::new(), true), Err(Pick::None)));
        assert_eq!(pick(vec![image("c", "")], false).ok().and_then(|i| i.image_id), Some("c".into()));
    }

    #[test]
    fn errors_read_as_packer_prints_them() {
        let filter = AmiFilterOptions {
            filters: [("name".to_owned(), "ubuntu/*".to_owned())].into(),
            owners: vec!["099720109477".into()],
            ..AmiFilterOptions::default()
        };
        let none = AmiLookupError::NoneFound(describe_query("", &filter)).to_string();
        assert_eq!(
            none,
            "No AMI was found matching filters: {\n  Filters: [{\n    Name: \"name\",\n    Values: [\"ubuntu/*\"]\n  }],\n  Owners: [\"099720109477\"]\n}"
        );
        assert_eq!(AmiLookupError::Query("x: y".into()).to_string(), "Error querying AMI: x: y");
        assert!(AmiLookupError::Several.to_string().starts_with("Your query returned more than one result."));
    }
}
