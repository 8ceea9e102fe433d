//! User variables: Packer's iterative rendering of defaults and provided values.
