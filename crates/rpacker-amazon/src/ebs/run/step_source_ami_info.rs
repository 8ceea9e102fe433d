//! `StepSourceAMIInfo`: find the source image by id and/or `source_ami_filter` (owners,
//! filters, `most_recent`), and check it suits enhanced networking when that is asked for.

use aws_sdk_ec2::types::{Filter, Image};
use rpacker_sdk::lifecycle::{BoxFuture, Step, StepAction, StepContext};

use super::state::{halt, EbsState};
use crate::common::api_error::error_text;

/// Looks the source image up.
pub(crate) struct StepSourceAmiInfo;

impl<'s> Step<EbsState<'s>> for StepSourceAmiInfo {
    fn name(&self) -> &'static str {
        "StepSourceAMIInfo"
    }

    fn run<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        Box::pin(async move {
            let run = &state.config.run;
            let filter = &run.source_ami_filter;
            let mut request = state.ec2.describe_images();
            if !run.source_ami.is_empty() {
                request = request.image_ids(&run.source_ami);
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
                Err(e) => return halt(&ctx.ui, format!("Error querying AMI: {}", error_text(&e))),
            };
            let image = match pick(images, filter.most_recent) {
                Ok(image) => image,
                Err(Pick::None) => {
                    return halt(&ctx.ui, format!("No AMI was found matching filters: {}", describe_query(state)))
                }
                Err(Pick::Several) => return halt(&ctx.ui, MORE_THAN_ONE),
            };
            ctx.ui.message(format!("Found Image ID: {}", image.image_id().unwrap_or_default()));
            let ami = &state.config.ami;
            if ami.ena_support.is_true() || ami.sriov_support {
                let virt = image.virtualization_type().map(|v| v.as_str().to_owned()).unwrap_or_default();
                if virt != "hvm" {
                    return halt(
                        &ctx.ui,
                        format!("Cannot enable enhanced networking, source AMI '{}' is not HVM", run.source_ami),
                    );
                }
            }
            state.source_image = Some(image);
            StepAction::Continue
        })
    }
}

const MORE_THAN_ONE: &str =
    "Your query returned more than one result. Please try a more specific search, or set most_recent to true.";

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
fn describe_query(state: &EbsState<'_>) -> String {
    let run = &state.config.run;
    let filter = &run.source_ami_filter;
    let mut parts = Vec::new();
    if !filter.filters.is_empty() {
        let filters: Vec<String> = filter
            .filters
            .iter()
            .map(|(k, v)| format!("{{\n    Name: \"{k}\",\n    Values: [\"{v}\"]\n  }}"))
            .collect();
        parts.push(format!("  Filters: [{}]", filters.join(",")));
    }
    if !run.source_ami.is_empty() {
        parts.push(format!("  ImageIds: [\"{}\"]", run.source_ami));
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
}
