//! The `instant` EC2 fleet a spot build launches its one instance with, and its deletion.

use std::collections::BTreeMap;
use std::time::Duration;

use aws_sdk_ec2::operation::create_fleet::CreateFleetOutput;
use aws_sdk_ec2::types::{
    DefaultTargetCapacityType, FleetLaunchTemplateConfigRequest, FleetLaunchTemplateOverridesRequest,
    FleetLaunchTemplateSpecificationRequest, FleetType, InstanceType, ResourceType, TargetCapacitySpecificationRequest,
};
use rpacker_sdk::lifecycle::Cancellation;

use super::source_instance::with_run_id;
use super::state::EbsState;
use crate::common::api_error::ApiError;
use crate::common::ec2_tags::tag_specification;
use crate::common::retry::{retry, Backoff};

/// Why the fleet launched no instance.
#[derive(Debug)]
pub(super) enum FleetError {
    /// The call failed.
    Api(ApiError),
    /// The fleet answered without an instance (its errors say why).
    NoInstance(CreateFleetOutput),
}

impl FleetError {
    /// The fleet EC2 made, if it got that far (cleanup deletes it).
    pub(super) fn fleet_id(&self) -> Option<&str> {
        match self {
            Self::Api(_) => None,
            Self::NoInstance(out) => out.fleet_id(),
        }
    }

    /// Packer retries while spot capacity is short; and, as the plugin's older releases did,
    /// while a new instance profile is not visible yet.
    fn is_retryable(&self) -> bool {
        match self {
            Self::Api(e) => e.text.contains("Invalid IAM Instance Profile name"),
            Self::NoInstance(out) => {
                out.errors().iter().any(|e| e.error_code() == Some("InsufficientInstanceCapacity"))
            }
        }
    }
}

impl std::fmt::Display for FleetError {
    /// Packer's texts: the API error as is; a fleet's errors joined after `… to become ready:`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Api(e) => write!(f, "{e}"),
            Self::NoInstance(out) => {
                let id = out.fleet_id().unwrap_or_default();
                if out.errors().is_empty() {
                    return write!(f, "Error waiting for fleet request ({id}): no instance was launched");
                }
                write!(f, "Error waiting for fleet request ({id}) to become ready:")?;
                out.errors().iter().try_for_each(|e| f.write_str(e.error_message().unwrap_or_default()))
            }
        }
    }
}

/// `CreateFleet` of type `instant`: one spot instance from the launch template, one override
/// per `spot_instance_types` entry. 11 tries, 500 ms doubling to at most 30 s.
pub(super) async fn create_fleet(
    state: &EbsState<'_>,
    cancel: &Cancellation,
    template: &str,
) -> Result<CreateFleetOutput, FleetError> {
    let overrides = state
        .config
        .run
        .spot_instance_types
        .iter()
        .map(|t| FleetLaunchTemplateOverridesRequest::builder().instance_type(InstanceType::from(t.as_str())).build())
        .collect();
    let config = FleetLaunchTemplateConfigRequest::builder()
        .launch_template_specification(
            FleetLaunchTemplateSpecificationRequest::builder().launch_template_name(template).version("1").build(),
        )
        .set_overrides(Some(overrides).filter(|o: &Vec<_>| !o.is_empty()))
        .build();
    let capacity = TargetCapacitySpecificationRequest::builder()
        .total_target_capacity(1)
        .default_target_capacity_type(DefaultTargetCapacityType::Spot)
        .build();
    let request = state
        .ec2
        .create_fleet()
        .launch_template_configs(config)
        .replace_unhealthy_instances(false)
        .target_capacity_specification(capacity)
        .r#type(FleetType::Instant)
        .tag_specifications(tag_specification(ResourceType::Fleet, &with_run_id(&BTreeMap::new(), state.run_uuid)));
    let backoff = Backoff { initial: Duration::from_millis(500), max: Duration::from_secs(30), multiplier: 2 };
    retry(backoff, 11, cancel, FleetError::is_retryable, || async {
        let out = request.clone().send().await.map_err(|e| FleetError::Api(ApiError::from(e)))?;
        // Errors for some pools do not matter once an instance runs.
        if out.instances().iter().any(|i| !i.instance_ids().is_empty()) {
            Ok(out)
        } else {
            Err(FleetError::NoInstance(out))
        }
    })
    .await
}

/// Deletes the fleet and (EC2 insists for an `instant` fleet) its instances.
pub(super) async fn delete_fleet(ec2: &aws_sdk_ec2::Client, fleet: &str) -> Result<(), ApiError> {
    let out = ec2.delete_fleets().fleet_ids(fleet).terminate_instances(true).send().await.map_err(ApiError::from)?;
    match out.unsuccessful_fleet_deletions().first().and_then(|u| u.error()) {
        Some(e) => Err(ApiError {
            code: e.code().map(|c| c.as_str().to_owned()),
            text: format!("{}: {}", e.code().map(|c| c.as_str()).unwrap_or_default(), e.message().unwrap_or_default()),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_ec2::types::CreateFleetError;

    use super::*;

    fn no_instance(codes: &[(&str, &str)]) -> FleetError {
        let errors = codes
            .iter()
            .map(|(code, message)| CreateFleetError::builder().error_code(*code).error_message(*message).build());
        FleetError::NoInstance(
            CreateFleetOutput::builder().fleet_id("fleet-1").set_errors(Some(errors.collect())).build(),
        )
    }

    #[test]
    fn retries_short_capacity_and_a_missing_profile_only() {
        assert!(no_instance(&[("InsufficientInstanceCapacity", "no capacity")]).is_retryable());
        assert!(!no_instance(&[("InvalidLaunchTemplateName.NotFoundException", "gone")]).is_retryable());
        let profile = ApiError {
            code: Some("InvalidParameterValue".into()),
            text: "InvalidParameterValue: Invalid IAM Instance Profile name".into(),
        };
        assert!(FleetError::Api(profile).is_retryable());
        let denied = ApiError { code: Some("UnauthorizedOperation".into()), text: "UnauthorizedOperation: no".into() };
        assert!(!FleetError::Api(denied).is_retryable());
    }

    #[test]
    fn fleet_errors_read_as_in_packer() {
        let error = no_instance(&[("InsufficientInstanceCapacity", "no capacity. "), ("X", "other")]);
        assert_eq!(error.to_string(), "Error waiting for fleet request (fleet-1) to become ready:no capacity. other");
        assert_eq!(error.fleet_id(), Some("fleet-1"));
        assert_eq!(no_instance(&[]).to_string(), "Error waiting for fleet request (fleet-1): no instance was launched");
    }
}
