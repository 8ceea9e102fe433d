//! Free TCP ports on 127.0.0.1 for the services the kit starts.

use std::net::TcpListener;

/// A port that was free a moment ago: bound on port 0 and released, so another process can
/// take it in between; callers retry their start on a new port when that happens.
pub(crate) fn free_port() -> u16 {
    let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind a free port on 127.0.0.1");
    listener.local_addr().expect("local address").port()
}
