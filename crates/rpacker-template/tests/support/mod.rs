//! Shared pieces of this crate's integration tests.

pub mod corpus_csv;
