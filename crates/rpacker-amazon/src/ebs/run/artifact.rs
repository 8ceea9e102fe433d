//! The ebs artifact (Packer's `amazon.Artifact`): the AMI of every region, shown and
//! identified as Packer does, with the build's generated data, and able to destroy itself
//! (deregister the AMIs and delete their snapshots) for post-processors that drop it.

use std::collections::BTreeMap;
use std::fmt;

use futures_util::future::join_all;
use rpacker_sdk::lifecycle::{Artifact, BoxError, BoxFuture, GeneratedData, GENERATED_DATA_STATE};

use crate::common::images::remove_image;
use crate::common::session::AwsSession;
use crate::ebs::builder::BUILDER_ID;

/// AMIs by region.
pub struct AmiArtifact {
    /// AMI id per region.
    pub amis: BTreeMap<String, String>,
    /// The build's generated data.
    pub generated_data: GeneratedData,
    /// The session that made them (for `destroy`).
    pub session: AwsSession,
}

impl fmt::Debug for AmiArtifact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AmiArtifact").field("amis", &self.amis).finish_non_exhaustive()
    }
}

impl AmiArtifact {
    /// `region: ami` (or `region:ami`) lines, sorted as text.
    fn pairs(&self, separator: &str) -> Vec<String> {
        let mut pairs: Vec<String> = self.amis.iter().map(|(r, id)| format!("{r}{separator}{id}")).collect();
        pairs.sort();
        pairs
    }
}

impl fmt::Display for AmiArtifact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AMIs were created:\n{}\n", self.pairs(": ").join("\n"))
    }
}

impl Artifact for AmiArtifact {
    fn builder_id(&self) -> String {
        BUILDER_ID.to_owned()
    }

    fn id(&self) -> String {
        self.pairs(":").join(",")
    }

    fn state(&self, name: &str) -> Option<serde_json::Value> {
        match name {
            "atlas.artifact.metadata" => {
                let map = self.amis.iter().map(|(r, id)| (format!("region.{r}"), serde_json::Value::from(id.clone())));
                Some(serde_json::Value::Object(map.collect()))
            }
            GENERATED_DATA_STATE => serde_json::to_value(&self.generated_data).ok(),
            _ => None,
        }
    }

    fn destroy(&self) -> BoxFuture<'_, Result<(), BoxError>> {
        Box::pin(async move {
            let removals = self.amis.iter().map(|(region, id)| async move {
                let removed = remove_image(&self.session.ec2(region), id).await;
                removed.errors
            });
            let errors: Vec<String> = join_all(removals).await.into_iter().flatten().collect();
            if errors.is_empty() {
                Ok(())
            } else {
                Err(format!("Error destroying AMIs: {}", errors.join("; ")).into())
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn id_and_text_as_packer() {
        let access = crate::AccessConfig {
            region: "us-east-1".into(),
            access_key: "AKIDEXAMPLE".to_owned().into(),
            secret_key: "secret".to_owned().into(),
            ..Default::default()
        };
        let session = AwsSession::new(&access).await.expect("session");
        let amis = BTreeMap::from(
            [("us-west-2", "ami-b"), ("eu-west-1", "ami-c"), ("us-east-1", "ami-a")].map(|(r, a)| (r.into(), a.into())),
        );
        let artifact = AmiArtifact { amis, generated_data: GeneratedData::new(), session };
        assert_eq!(artifact.id(), "eu-west-1:ami-c,us-east-1:ami-a,us-west-2:ami-b");
        assert_eq!(artifact.to_string(), "AMIs were created:\neu-west-1: ami-c\nus-east-1: ami-a\nus-west-2: ami-b\n");
        assert_eq!(
            artifact.state("atlas.artifact.metadata"),
            Some(
                serde_json::json!({"region.eu-west-1": "ami-c", "region.us-east-1": "ami-a", "region.us-west-2": "ami-b"})
            )
        );
        assert_eq!(artifact.builder_id(), "mitchellh.amazonebs");
    }
}
