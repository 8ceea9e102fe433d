//! How a finished remote command becomes an exit code, as Go's x/crypto/ssh and Packer do it:
//! `exit-status` is the code; a command killed by a signal (`exit-signal` only) is 128 + the
//! signal's number (128 for an unknown signal); neither means the connection dropped:
//! Packer's `CmdDisconnect`, 2300218.

use russh::Sig;

/// Packer's `packersdk.CmdDisconnect`: the command ended without an exit status.
pub const EXIT_DISCONNECTED: i32 = 2_300_218;

/// The exit code for what the server reported.
pub(crate) fn exit_code(status: Option<u32>, signal: Option<&Sig>) -> i32 {
    match (status, signal) {
        // Go converts the uint32 to int, so large values stay positive on 64-bit.
        (Some(code), _) => i32::try_from(code).unwrap_or(i32::MAX),
        (None, Some(signal)) => 128 + signal_number(signal),
        (None, None) => EXIT_DISCONNECTED,
    }
}

/// Go's `signals` table in x/crypto/ssh.
fn signal_number(signal: &Sig) -> i32 {
    match signal {
        Sig::HUP => 1,
        Sig::INT => 2,
        Sig::QUIT => 3,
        Sig::ILL => 4,
        Sig::ABRT => 6,
        Sig::FPE => 8,
        Sig::KILL => 9,
        Sig::USR1 => 10,
        Sig::SEGV => 11,
        Sig::PIPE => 13,
        Sig::ALRM => 14,
        Sig::TERM => 15,
        Sig::Custom(name) if name == "USR2" => 12,
        Sig::Custom(_) => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_like_go() {
        let cases = [
            (Some(0), None, 0),
            (Some(3), Some(Sig::TERM), 3),
            (None, Some(Sig::TERM), 143),
            (None, Some(Sig::KILL), 137),
            (None, Some(Sig::Custom("USR2".into())), 140),
            (None, Some(Sig::Custom("WINCH".into())), 128),
            (None, None, 2_300_218),
        ];
        for (status, signal, want) in cases {
            assert_eq!(exit_code(status, signal.as_ref()), want, "{status:?} {signal:?}");
        }
    }
}
