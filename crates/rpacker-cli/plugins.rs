//! The plugins built into rpacker. The core never names a concrete plugin; this is where they
//! are wired in.

use rpacker_core::Registry;

/// A registry with every built-in plugin.
pub fn builtin_registry() -> Registry {
    let mut registry = Registry::new();
    registry.add_builder("amazon-ebs", rpacker_amazon::AmazonEbsBuilder);
    registry.add_builder("null", rpacker_plugins::NullBuilder);
    registry.add_provisioner("shell", rpacker_plugins::ShellProvisioner);
    registry.add_provisioner("shell-local", rpacker_plugins::ShellLocalProvisioner);
    registry.add_provisioner("file", rpacker_plugins::FileProvisioner);
    registry.add_provisioner("ansible", rpacker_ansible::AnsibleProvisioner);
    registry.add_post_processor("manifest", rpacker_plugins::ManifestPostProcessor);
    registry.add_post_processor("shell-local", rpacker_plugins::ShellLocalPostProcessor);
    registry.add_data_source("amazon-ami", rpacker_amazon::AmazonAmiDataSource);
    registry
}
