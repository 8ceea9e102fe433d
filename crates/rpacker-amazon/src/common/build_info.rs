//! The build-info values amazon builders generate: the fields of the run-time template data
//! for tags and descriptions, and the keys provisioners can read with `{{ build `X` }}` (the
//! list Prepare returns, in Packer's order).

/// Generated-data keys, declared at Prepare so templates may refer to them.
pub const GENERATED_DATA_KEYS: [&str; 6] =
    ["SourceAMIName", "BuildRegion", "SourceAMI", "SourceAMICreationDate", "SourceAMIOwner", "SourceAMIOwnerName"];
