//! Integration tests of the rpacker binary.
