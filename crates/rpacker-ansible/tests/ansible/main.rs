//! The `ansible` provisioner with a real `ansible-playbook` (ansible-core, installed from PyPI
//! by the test kit when missing) against a real sshd on 127.0.0.1, through the proxy and
//! directly; results are checked on the target's file system. No mocks.

mod cleanup;
mod fixture;
mod playbooks;
