//! `StepIamInstanceProfile`: the instance profile the source instance launches with.
//!
//! A named `iam_instance_profile` is checked with IAM `GetInstanceProfile` (unless
//! `skip_profile_validation`) and used as is. With `temporary_iam_instance_profile_policy_document`
//! and no profile, the step makes `packer-<time ordered uuid>`: an instance profile, a role EC2
//! may assume, the document as the role's inline policy, the role added to the profile; then,
//! as current Packer does, it waits until EC2 sees the profile (a `RunInstances` dry run).
//! Everything it made carries the rendered `run_tags` and the run-id tag, and cleanup removes it
//! in reverse with Packer's texts.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use aws_sdk_ec2::types::{IamInstanceProfileSpecification, InstanceType};
use aws_sdk_iam::types::Tag;
use rpacker_sdk::lifecycle::{BoxFuture, CleanupContext, Step, StepAction, StepContext};
use serde::Serialize;

use super::source_instance::with_run_id;
use super::state::{halt, EbsState};
use crate::common::api_error::ApiError;
use crate::common::retry::{retry, Backoff};
use crate::common::run_config::PolicyDocument;
use crate::common::waiter::{wait_until, Poll, WaitPolicy};

/// The trust policy of the temporary role, as Packer sends it.
const TRUST_POLICY: &str = "{\"Version\": \"2012-10-17\",\"Statement\": [{\"Effect\": \"Allow\",\"Principal\": {\"Service\": \"ec2.amazonaws.com\"},\"Action\": \"sts:AssumeRole\"}]}";

/// The SDK's `InstanceProfileExists` waiter as Packer runs it: every second, for 40 s.
const PROFILE_EXISTS: WaitPolicy = WaitPolicy::backing_off(Duration::from_secs(1), Duration::from_secs(40));

/// The SDK's `RoleExists` waiter: every second, for 20 s unless `aws_polling` says otherwise.
const ROLE_EXISTS: (Duration, u32) = (Duration::from_secs(1), 20);

/// Packer's dry-run launch that shows EC2 sees the new profile: 11 tries, 0.5 s doubling to 5 s.
const PROPAGATION_TRIES: u32 = 11;
const PROPAGATION_BACKOFF: Backoff =
    Backoff { initial: Duration::from_millis(500), max: Duration::from_secs(5), multiplier: 2 };

/// What EC2 answers while an instance profile is not visible to it yet.
const NOT_PROPAGATED: &str = "Invalid IAM Instance Profile";

/// What the step created, for its cleanup.
#[derive(Debug, Default)]
struct Created {
    profile: Option<String>,
    role: Option<String>,
    policy: Option<String>,
    role_attached: bool,
}

/// Validates the named instance profile or makes a temporary one.
#[derive(Debug, Default)]
pub(crate) struct StepIamInstanceProfile {
    created: Mutex<Created>,
}

impl<'s> Step<EbsState<'s>> for StepIamInstanceProfile {
    fn name(&self) -> &'static str {
        "StepIamInstanceProfile"
    }

    fn run<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a StepContext) -> BoxFuture<'a, StepAction> {
        Box::pin(async move {
            let config = state.config;
            let run = &config.run;
            state.iam_instance_profile = String::new();
            if !run.iam_instance_profile.is_empty() {
                if !run.skip_profile_validation {
                    let iam = state.session.iam();
                    if let Err(e) =
                        iam.get_instance_profile().instance_profile_name(&run.iam_instance_profile).send().await
                    {
                        return StepAction::fail(format!(
                            "Couldn't find specified instance profile: {}",
                            ApiError::from(e)
                        ));
                    }
                }
                state.iam_instance_profile = run.iam_instance_profile.clone();
                return StepAction::Continue;
            }
            let Some(document) = &run.temporary_iam_instance_profile_policy_document else {
                return StepAction::Continue;
            };
            match self.create_temporary_profile(state, ctx, document).await {
                Ok(name) => {
                    state.iam_instance_profile = name;
                    StepAction::Continue
                }
                Err(Failure::Shown(e)) => halt(&ctx.ui, e),
                Err(Failure::Quiet(e)) => StepAction::fail(e),
            }
        })
    }

    fn cleanup<'a>(&'a self, state: &'a mut EbsState<'s>, ctx: &'a mut CleanupContext) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let created = std::mem::take(&mut *self.created.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
            if created.profile.is_none() && created.role.is_none() {
                return;
            }
            let iam = state.session.iam();
            let profile = created.profile.unwrap_or_default();
            let role = created.role.unwrap_or_default();
            if created.role_attached {
                ctx.ui.say("Detaching temporary role from instance profile...");
                let detached = iam
                    .remove_role_from_instance_profile()
                    .instance_profile_name(&profile)
                    .role_name(&role)
                    .send()
                    .await;
                if let Err(e) = detached {
                    ctx.ui.error(format!("Error {}. Please delete the role manually: {role}", ApiError::from(e)));
                }
            }
            if let Some(policy) = created.policy {
                ctx.ui.say("Removing policy from temporary role...");
                // Packer ignores this error: deleting the role reports what is left.
                let _ = iam.delete_role_policy().policy_name(policy).role_name(&role).send().await;
            }
            if !role.is_empty() {
                ctx.ui.say("Deleting temporary role...");
                if let Err(e) = iam.delete_role().role_name(&role).send().await {
                    ctx.ui.error(format!("Error {}. Please delete the role manually: {role}", ApiError::from(e)));
                }
            }
            if !profile.is_empty() {
                ctx.ui.say("Deleting temporary instance profile...");
                if let Err(e) = iam.delete_instance_profile().instance_profile_name(&profile).send().await {
                    ctx.ui.error(format!(
                        "Error {}. Please delete the instance profile manually: {profile}",
                        ApiError::from(e)
                    ));
                }
            }
        })
    }
}

/// How a failure is reported: Packer shows API errors in the UI before halting, and only
/// halts with its own texts (timeouts, tags).
enum Failure {
    Shown(String),
    Quiet(String),
}

impl StepIamInstanceProfile {
    fn remember(&self, update: impl FnOnce(&mut Created)) {
        update(&mut self.created.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    }

    /// Packer's sequence; returns the profile name. Each resource is remembered as soon as it
    /// exists, so a failure later removes it.
    async fn create_temporary_profile(
        &self,
        state: &EbsState<'_>,
        ctx: &StepContext,
        document: &PolicyDocument,
    ) -> Result<String, Failure> {
        let name = format!("packer-{}", rpacker_template::funcs::time_ordered_uuid());
        let policy = policy_json(document).map_err(Failure::Shown)?;
        ctx.ui.say(format!("Creating temporary instance profile for this instance: {name}"));
        let rendered = state
            .renderer
            .render_tags(&state.config.run.run_tags, &state.build_info())
            .map_err(|e| Failure::Quiet(format!("Error creating IAM tags: {e}")))?;
        let tags = iam_tags(&with_run_id(&rendered, state.run_uuid)).map_err(Failure::Quiet)?;
        let iam = state.session.iam();

        iam.create_instance_profile()
            .instance_profile_name(&name)
            .set_tags(Some(tags.clone()))
            .send()
            .await
            .map_err(|e| Failure::Shown(ApiError::from(e).to_string()))?;
        self.remember(|c| c.profile = Some(name.clone()));
        wait_until(PROFILE_EXISTS, &ctx.cancel, || async {
            exists(
                iam.get_instance_profile().instance_profile_name(&name).send().await.map(drop).map_err(ApiError::from),
            )
        })
        .await
        .map_err(|e| Failure::Quiet(format!("Timed out waiting for instance profile {name}: {e}")))?;

        ctx.ui.say(format!("Creating temporary role for this instance: {name}"));
        iam.create_role()
            .role_name(&name)
            .description("Temporary role for Packer")
            .assume_role_policy_document(TRUST_POLICY)
            .set_tags(Some(tags))
            .send()
            .await
            .map_err(|e| Failure::Shown(ApiError::from(e).to_string()))?;
        self.remember(|c| c.role = Some(name.clone()));
        let role_wait = WaitPolicy::new(ROLE_EXISTS, ROLE_EXISTS.0, state.wait);
        wait_until(role_wait, &ctx.cancel, || async {
            exists(iam.get_role().role_name(&name).send().await.map(drop).map_err(ApiError::from))
        })
        .await
        .map_err(|e| Failure::Quiet(format!("Timed out waiting for temporary role {name}: {e}")))?;

        ctx.ui.say(format!("Attaching policy to the temporary role: {name}"));
        iam.put_role_policy()
            .role_name(&name)
            .policy_name(&name)
            .policy_document(policy)
            .send()
            .await
            .map_err(|e| Failure::Shown(ApiError::from(e).to_string()))?;
        self.remember(|c| c.policy = Some(name.clone()));
        iam.add_role_to_instance_profile()
            .role_name(&name)
            .instance_profile_name(&name)
            .send()
            .await
            .map_err(|e| Failure::Shown(ApiError::from(e).to_string()))?;
        // Attached from here on, whatever happens next (Packer's later fix: a failed wait below
        // left the role attached and its cleanup failing with DeleteConflict).
        self.remember(|c| c.role_attached = true);

        ctx.ui.say("Waiting for the change to propagate because of eventual consistency...");
        wait_for_propagation(state, ctx, &name).await.map_err(Failure::Quiet)?;
        Ok(name)
    }
}

/// A waiter poll: there (`Ready`), not yet (`NoSuchEntity`, `Pending`), or another error.
fn exists(answer: Result<(), ApiError>) -> Result<Poll<()>, String> {
    match answer {
        Ok(()) => Ok(Poll::Ready(())),
        Err(e) if e.code.as_deref() == Some("NoSuchEntity") => Ok(Poll::Pending),
        Err(e) => Err(e.text),
    }
}

/// Current Packer's check that EC2 sees the new profile: a dry-run launch of the source image
/// with it, retried while EC2 answers `Invalid IAM Instance Profile`. Any other answer means
/// EC2 resolved the profile (Packer's later fix: an unrelated refusal — an arm64 image for the
/// dry run's `t3.nano`, no default VPC — is the real launch's business, not this check's).
async fn wait_for_propagation(state: &EbsState<'_>, ctx: &StepContext, name: &str) -> Result<(), String> {
    let image = state
        .source_image
        .as_ref()
        .and_then(|i| i.image_id())
        .ok_or("source_image not available in state for IAM validation")?;
    let request = state
        .ec2
        .run_instances()
        .image_id(image)
        .min_count(1)
        .max_count(1)
        .instance_type(InstanceType::T3Nano)
        .dry_run(true)
        .iam_instance_profile(IamInstanceProfileSpecification::builder().name(name).build());
    let answer = retry(
        PROPAGATION_BACKOFF,
        PROPAGATION_TRIES,
        &ctx.cancel,
        |e: &ApiError| e.text.contains(NOT_PROPAGATED),
        || async {
            match request.clone().send().await.map_err(ApiError::from) {
                Err(e) if e.text.contains(NOT_PROPAGATED) => Err(e),
                _ => Ok(()),
            }
        },
    )
    .await;
    answer.map_err(|e| format!("timed out waiting for IAM changes to propagate to EC2: {e}"))
}

/// The policy document as Packer marshals it: Go's field names and order.
fn policy_json(document: &PolicyDocument) -> Result<String, String> {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Document<'a> {
        version: &'a str,
        statement: Vec<Statement<'a>>,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Statement<'a> {
        effect: &'a str,
        action: &'a [String],
        resource: &'a [String],
    }
    let document = Document {
        version: &document.version,
        statement: document
            .statement
            .iter()
            .map(|s| Statement { effect: &s.effect, action: &s.action, resource: &s.resource })
            .collect(),
    };
    serde_json::to_string(&document).map_err(|e| e.to_string())
}

/// Tags as IAM takes them.
fn iam_tags(tags: &BTreeMap<String, String>) -> Result<Vec<Tag>, String> {
    tags.iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build().map_err(|e| format!("Error creating IAM tags: {e}")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::run_config::Statement;

    #[test]
    fn the_policy_is_sent_with_go_field_names_in_go_order() {
        let document = PolicyDocument {
            version: "2012-10-17".into(),
            statement: vec![Statement {
                effect: "Allow".into(),
                action: vec!["s3:GetObject".into(), "logs:*".into()],
                resource: vec!["*".into()],
            }],
        };
        assert_eq!(
            policy_json(&document).expect("serialises"),
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","logs:*"],"Resource":["*"]}]}"#
        );
    }

    #[test]
    fn tags_keep_keys_and_values() {
        let tags = iam_tags(&BTreeMap::from([("a".to_owned(), "1".to_owned())])).expect("valid");
        assert_eq!((tags[0].key(), tags[0].value()), ("a", "1"));
    }
}
