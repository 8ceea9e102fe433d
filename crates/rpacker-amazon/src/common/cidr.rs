//! CIDR blocks in `temporary_security_group_source_cidrs`, checked with the rules (and error
//! text) of Go's `net.ParseCIDR` as the Packer 1.6.6 binary applies them: IPv4 octets may not
//! have leading zeros, the prefix length may.

use std::fmt;
use std::net::Ipv6Addr;

/// A string that is not a CIDR block (`invalid CIDR address: <text>`, Go's `ParseError`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidCidr(pub String);

impl fmt::Display for InvalidCidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid CIDR address: {}", self.0)
    }
}

impl std::error::Error for InvalidCidr {}

/// Checks `s` is `<ip>/<prefix length>` with a prefix no longer than the address.
///
/// # Errors
/// [`InvalidCidr`] with the whole text, as Go reports it.
pub fn check_cidr(s: &str) -> Result<(), InvalidCidr> {
    let invalid = || InvalidCidr(s.to_owned());
    let (addr, mask) = s.split_once('/').ok_or_else(invalid)?;
    let bits = if is_ipv4(addr) {
        32
    } else if addr.parse::<Ipv6Addr>().is_ok() {
        128
    } else {
        return Err(invalid());
    };
    let prefix = go_dtoi(mask).ok_or_else(invalid)?;
    if prefix > bits {
        return Err(invalid());
    }
    Ok(())
}

/// Four decimal octets up to 255, without leading zeros.
fn is_ipv4(s: &str) -> bool {
    let octets: Vec<&str> = s.split('.').collect();
    octets.len() == 4
        && octets.iter().all(|o| !(o.len() > 1 && o.starts_with('0')) && go_dtoi(o).is_some_and(|n| n <= 255))
}

/// Go's `dtoi` over a whole string: decimal digits only, below 0xFFFFFF.
fn go_dtoi(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|n| *n < 0x00FF_FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_go() {
        let cases = [
            ("0.0.0.0/0", true),
            ("10.0.0.0/8", true),
            // Verified with packer 1.6.6.
            ("010.0.0.1/8", false),
            ("10.0.0.0/08", true),
            ("::ffff:1.2.3.4/100", true),
            ("1.2.3.4", false),
            ("1.2.3.4/33", false),
            ("1.2.3.4/+8", false),
            ("1.2.3.256/8", false),
            ("::/0", true),
            ("2001:db8::/128", true),
            ("2001:db8::/129", false),
            ("host/8", false),
        ];
        for (s, ok) in cases {
            assert_eq!(check_cidr(s).is_ok(), ok, "{s}");
        }
        assert_eq!(check_cidr("1.2.3.4").unwrap_err().to_string(), "invalid CIDR address: 1.2.3.4");
    }
}
