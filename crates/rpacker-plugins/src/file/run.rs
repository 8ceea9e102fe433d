//! Running the file provisioner (being written).

use rpacker_sdk::lifecycle::{BoxError, BoxFuture, Provision, ProvisionContext};

use super::PreparedFile;

impl Provision for PreparedFile {
    fn provision<'a>(&'a self, _ctx: &'a ProvisionContext) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(std::future::ready(Err("the file provisioner cannot run in rpacker yet".into())))
    }
}
