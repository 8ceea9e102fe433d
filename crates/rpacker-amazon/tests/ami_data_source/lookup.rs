//! Execute against moto's catalogue (the testkit's test source images).

use rpacker_amazon::ami_data_source::AmazonAmi;
use rpacker_amazon::common::filters::AmiFilterOptions;
use rpacker_amazon::common::session::AwsSession;
use rpacker_amazon::AccessConfig;
use rpacker_sdk::{DataSource, Sensitive};
use rpacker_testkit::{Moto, NEWEST_TEST_AMI, TEST_AMI_OWNER};
use serde_json::json;

fn access(moto: &Moto) -> AccessConfig {
    let mut access = AccessConfig {
        region: "us-east-1".into(),
        custom_endpoint_ec2: moto.endpoint(),
        access_key: Sensitive::new("testing".into()),
        secret_key: Sensitive::new("testing".into()),
        ..AccessConfig::default()
    };
    assert!(access.prepare().is_empty());
    access
}

fn jammy(extra_filters: &[(&str, &str)], most_recent: bool) -> AmiFilterOptions {
    let mut filters: std::collections::BTreeMap<String, String> =
        [("name".to_owned(), "rpacker-test/ubuntu-jammy-22.04-*".to_owned())].into();
    filters.extend(extra_filters.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
    AmiFilterOptions { filters, owners: vec![TEST_AMI_OWNER.into()], most_recent, ..AmiFilterOptions::default() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn finds_one_image_and_answers_its_attributes() {
    let moto = Moto::start();
    // Setup only: a tag on the image the lookup must pick (the catalogue has none).
    let session = AwsSession::new(&access(&moto)).await.expect("session");
    session
        .ec2("us-east-1")
        .create_tags()
        .resources(NEWEST_TEST_AMI.id)
        .tags(aws_sdk_ec2::types::Tag::builder().key("Distro").value("jammy").build())
        .send()
        .await
        .expect("tag the test image");

    let newest = AmazonAmi {
        access: access(&moto),
        filter: jammy(&[("root-device-type", "ebs"), ("architecture", "x86_64")], true),
    };
    let output = newest.execute().await.expect("an image");
    assert_eq!(
        output,
        json!({
            "id": NEWEST_TEST_AMI.id,
            "name": NEWEST_TEST_AMI.name,
            "creation_date": NEWEST_TEST_AMI.creation_date,
            "owner": TEST_AMI_OWNER,
            // moto gives its public catalogue images the alias `amazon`.
            "owner_name": "amazon",
            "tags": {"Distro": "jammy"},
        })
    );

    let several = AmazonAmi { access: access(&moto), filter: jammy(&[], false) };
    assert_eq!(
        several.execute().await.expect_err("four images match"),
        "Your query returned more than one result. Please try a more specific search, or set most_recent to true."
    );

    let none = AmazonAmi { access: access(&moto), filter: jammy(&[("architecture", "riscv64")], true) };
    let err = none.execute().await.expect_err("nothing matches");
    assert!(
        err.starts_with("No AMI was found matching filters: {\n  Filters: [{\n    Name: \"architecture\""),
        "{err}"
    );
    assert!(err.ends_with("Owners: [\"099720109477\"]\n}"), "{err}");
}
