//! Running the shell provisioner (being written).

use rpacker_sdk::lifecycle::{BoxError, BoxFuture, Provision, ProvisionContext};

use super::PreparedShell;

impl Provision for PreparedShell {
    fn provision<'a>(&'a self, _ctx: &'a ProvisionContext) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(std::future::ready(Err("the shell provisioner cannot run in rpacker yet".into())))
    }
}
