//! Packer's template functions (user, env, timestamp, isotime, ...) as closures for rpacker-gotmpl.
