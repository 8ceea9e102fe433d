//! The typed state the ebs steps share (Packer's state bag for this builder): the session and
//! what each step found or created, so each cleanup knows exactly what to undo.

use std::collections::BTreeMap;
use std::sync::Arc;

use aws_sdk_ec2::types::{Image, Instance};
use rpacker_sdk::communicator::CommConfig;
use rpacker_sdk::lifecycle::{
    provision_hook_data, BoxError, Cancellation, Communicator, GeneratedData, HookDataSource, ProvisionState,
    StepAction, TargetedSink,
};
use rpacker_ssh::ConnectState;

use crate::common::polling::WaiterOverrides;
use crate::common::session::AwsSession;
use crate::common::template_data::{BuildInfo, RunTimeRenderer};
use crate::ebs::builder::AmazonEbs;

/// What the steps share.
pub(crate) struct EbsState<'a> {
    /// The prepared options.
    pub config: &'a AmazonEbs,
    /// The run's UUID (tags every created resource).
    pub run_uuid: &'a str,
    /// The build's cancellation: cleanups of AMI steps check it.
    pub cancel: Cancellation,
    /// The AWS session.
    pub session: AwsSession,
    /// EC2 in the build region.
    pub ec2: aws_sdk_ec2::Client,
    /// Renders tags and the description.
    pub renderer: RunTimeRenderer,
    /// The user's polling limits (`aws_polling`, `AWS_POLL_DELAY_SECONDS`, `AWS_MAX_ATTEMPTS`),
    /// the same for instance and image waits.
    pub wait: WaiterOverrides,
    /// The communicator options, with what the key pair step decided.
    pub comm: CommConfig,
    /// The source image.
    pub source_image: Option<Image>,
    /// The source image as looked up while the pre-validation ran (its calls are independent),
    /// or the lookup's error text; taken by the source-image step.
    pub prefetched_source: Option<Result<Image, String>>,
    /// VPC, subnet and zone to launch in (empty: EC2's default).
    pub vpc_id: String,
    /// See `vpc_id`.
    pub subnet_id: String,
    /// See `vpc_id`.
    pub availability_zone: String,
    /// The temporary key pair's private key, when the build made one.
    pub temporary_private_key: Option<String>,
    /// The temporary key pair this build created.
    pub created_key_pair: Option<String>,
    /// Security groups the instance runs in.
    pub security_group_ids: Vec<String>,
    /// The temporary security group this build created.
    pub created_security_group: Option<String>,
    /// The instance profile the instance launches with (named or temporary; empty: none).
    pub iam_instance_profile: String,
    /// The launched instance, as last described.
    pub instance: Option<Instance>,
    /// The termination started while the region copies ran: requested at once, waited for in
    /// the background (the steps after the copies do not need the instance gone; the security
    /// group's deletion does, and its cleanup comes after the instance's).
    pub early_termination: Option<tokio::task::JoinHandle<Result<(), String>>>,
    /// Set once the instance is known terminated, so cleanup does not terminate and wait again.
    pub instance_terminated: bool,
    /// `-on-error=abort`/`ask` or `-debug`: a failure may keep the instance, so it is not
    /// terminated early.
    pub keep_instance_on_error: bool,
    /// The connected communicator.
    pub communicator: Option<Arc<dyn Communicator>>,
    /// The generated data handed to provisioners (and kept in the artifact).
    pub generated_data: GeneratedData,
    /// The rendered `ami_description` (empty: none), given to CreateImage and every CopyImage.
    pub ami_description: String,
    /// AMI id per region.
    pub amis: BTreeMap<String, String>,
    /// The image made only to be copied (encryption, `skip_save_build_region`).
    pub intermediary_image: Option<String>,
    /// Snapshot ids per region.
    pub snapshots: BTreeMap<String, Vec<String>>,
    /// Set by the last step: every step succeeded, so nothing made for the artifact is undone.
    pub completed: bool,
}

impl EbsState<'_> {
    /// The build info of the source image (`.BuildRegion` only before the image is known).
    pub fn build_info(&self) -> BuildInfo {
        let mut info = BuildInfo { build_region: self.session.region().to_owned(), ..BuildInfo::default() };
        if let Some(image) = &self.source_image {
            info.source_ami = image.image_id().unwrap_or_default().to_owned();
            info.source_ami_name = image.name().unwrap_or_default().to_owned();
            info.source_ami_owner = image.owner_id().unwrap_or_default().to_owned();
            info.source_ami_owner_name = image.image_owner_alias().unwrap_or_default().to_owned();
            info.source_ami_creation_date = image.creation_date().unwrap_or_default().to_owned();
            info.source_ami_tags = image
                .tags()
                .iter()
                .map(|t| (t.key().unwrap_or_default().into(), t.value().unwrap_or_default().into()))
                .collect();
        }
        info
    }

    /// The instance id, once launched.
    pub fn instance_id(&self) -> Option<&str> {
        self.instance.as_ref().and_then(Instance::instance_id)
    }

    /// Waits for the early termination, if one was started; records whether it succeeded.
    pub async fn settle_early_termination(&mut self) {
        if let Some(task) = self.early_termination.take() {
            self.instance_terminated = matches!(task.await, Ok(Ok(())));
        }
    }

    /// Whether the build failed or was cancelled (Packer's `halted`/`cancelled`), read in
    /// cleanups: resources meant for the artifact are removed only then.
    pub fn failed(&self, build_error: Option<&BoxError>) -> bool {
        build_error.is_some() || self.cancel.is_cancelled() || !self.completed
    }
}

/// Packer's error path: show the error, halt with it.
pub(crate) fn halt(ui: &TargetedSink, message: impl Into<String>) -> StepAction {
    let message = message.into();
    ui.error(message.clone());
    StepAction::fail(message)
}

impl ConnectState for EbsState<'_> {
    fn connect_host(&self) -> Result<String, BoxError> {
        if !self.comm.ssh_host.is_empty() {
            return Ok(self.comm.ssh_host.clone());
        }
        let instance = self.instance.as_ref().ok_or("couldn't determine address for instance")?;
        instance_address(instance, &self.run_interface(), !self.vpc_id.is_empty() || !self.subnet_id.is_empty())
            .ok_or_else(|| "couldn't determine address for instance".into())
    }

    fn temporary_private_key(&self) -> Option<String> {
        self.temporary_private_key.clone()
    }

    fn set_communicator(&mut self, communicator: Option<Arc<dyn Communicator>>) {
        self.communicator = communicator;
    }
}

impl EbsState<'_> {
    fn run_interface(&self) -> String {
        self.config.run.ssh_interface.clone()
    }
}

/// Packer's `SSHHost`: the address `ssh_interface` names, else in a VPC the public then the
/// private IP, else the public DNS name.
fn instance_address(instance: &Instance, interface: &str, in_vpc: bool) -> Option<String> {
    let pick = |v: Option<&str>| v.filter(|s| !s.is_empty()).map(str::to_owned);
    match interface {
        "public_ip" => pick(instance.public_ip_address()),
        "private_ip" => pick(instance.private_ip_address()),
        "public_dns" => pick(instance.public_dns_name()),
        "private_dns" => pick(instance.private_dns_name()),
        _ if in_vpc || instance.vpc_id().is_some_and(|v| !v.is_empty()) => {
            pick(instance.public_ip_address()).or_else(|| pick(instance.private_ip_address()))
        }
        _ => pick(instance.public_dns_name()),
    }
}

impl ProvisionState for EbsState<'_> {
    fn communicator(&self) -> Option<Arc<dyn Communicator>> {
        self.communicator.clone()
    }

    fn generated_data(&self) -> GeneratedData {
        let private_key = self
            .temporary_private_key
            .clone()
            .unwrap_or_else(|| String::from_utf8_lossy(self.comm.ssh_private_key.expose()).into_owned());
        let mut comm = self.comm.clone();
        if let Ok(host) = self.connect_host() {
            comm.ssh_host = host;
        }
        provision_hook_data(&HookDataSource {
            builder_data: &self.generated_data,
            instance_id: self.instance_id(),
            run_uuid: self.run_uuid,
            comm: Some(&comm),
            ssh_public_key: "",
            ssh_private_key: &private_key,
        })
    }
}
