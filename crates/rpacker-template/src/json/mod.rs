//! Legacy JSON templates.
