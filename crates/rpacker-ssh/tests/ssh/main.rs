//! Integration tests of the SSH communicator against a real OpenSSH server on 127.0.0.1
//! (`rpacker_testkit::Sshd`), one binary with a module per area. No mocks.

mod cleanup_temp_keys;
mod communicator;
mod connect;
mod exec;
mod fixture;
mod scp;
mod server;
mod start;
mod temporary_key;
mod transfer;
