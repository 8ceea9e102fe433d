//! The two boxed types every run-side trait uses: futures (so traits stay object-safe without
//! async-trait) and errors (plugins' errors differ; the lifecycle only passes them on and prints
//! them, exactly as Packer prints a Go `error`).

use std::future::Future;
use std::pin::Pin;

/// A boxed, sendable future: the return type of async trait methods.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A plugin's error: printed with `Display`, as Packer prints a Go `error`.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;
