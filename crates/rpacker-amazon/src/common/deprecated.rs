//! Keys `packer fix` rewrites for amazon builders (the SDK's `DeprecatedOptions["*amazon*"]`):
//! finding one gives "Deprecated configuration key" rather than "unknown configuration key".
//! `spot_price_auto_product` is also a real option, so it decodes and only warns.

/// The amazon builders' deprecated keys.
pub const AMAZON_DEPRECATED_KEYS: &[&str] = &[
    "shutdown_behaviour",
    "enhanced_networking",
    "ssh_private_ip",
    "temporary_security_group_source_cidr",
    "clean_ami_name",
    "spot_price_auto_product",
];
