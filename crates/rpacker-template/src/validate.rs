//! Template validation at initialise time (Packer's Template.Validate, min version, required variables).
