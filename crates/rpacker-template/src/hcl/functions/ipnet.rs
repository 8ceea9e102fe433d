//! IP network functions: `cidrhost`, `cidrnetmask`, `cidrsubnet`, `cidrsubnets`
//! (go-cty-funcs `cidr`, on apparentlymart/go-cidr and Go's `net`).
//!
//! Addresses are held as `u128` with their width (32 or 128 bits), which makes the prefix
//! arithmetic exact for both families. Output follows Go's `net.IP.String`: IPv6 in RFC 5952
//! form, and IPv4-mapped IPv6 addresses in dotted form (with the prefix shortened by 96, as
//! `net.IPNet.String` does).

use std::net::{Ipv4Addr, Ipv6Addr};

use super::signature::{def, param, variadic, FunctionDef, Ty};
use super::string::text;
use super::{FunctionContext, FunctionError};
use crate::hcl::value::{HclValue, Number};

pub(super) const FUNCTIONS: &[FunctionDef] = &[
    def("cidrhost", &[param("prefix", Ty::String), param("hostnum", Ty::Number)], Ty::String, cidrhost),
    def("cidrnetmask", &[param("prefix", Ty::String)], Ty::String, cidrnetmask),
    def(
        "cidrsubnet",
        &[param("prefix", Ty::String), param("newbits", Ty::Number), param("netnum", Ty::Number)],
        Ty::String,
        cidrsubnet,
    ),
    variadic(
        "cidrsubnets",
        &[param("prefix", Ty::String)],
        param("newbits", Ty::Number),
        Ty::List(&Ty::String),
        cidrsubnets,
    ),
];

/// A network: its first address, address width in bits, and prefix length.
#[derive(Clone, Copy, Debug)]
struct Net {
    addr: u128,
    width: u32,
    prefix: u32,
}

impl Net {
    fn host_bits(self) -> u32 {
        self.width - self.prefix
    }

    fn mask(self) -> u128 {
        let all = if self.width == 128 { u128::MAX } else { (1u128 << self.width) - 1 };
        if self.prefix == 0 {
            0
        } else {
            all & !((1u128 << self.host_bits()) - 1).min(all)
        }
    }

    fn contains(self, addr: u128) -> bool {
        addr & self.mask() == self.addr
    }
}

/// Go's `net.ParseCIDR`.
fn parse_cidr(s: &str) -> Result<Net, String> {
    let invalid = || format!("invalid CIDR address: {s}");
    let (ip, prefix) = s.split_once('/').ok_or_else(invalid)?;
    let (addr, width) = match ip.parse::<Ipv4Addr>() {
        Ok(v4) => (u128::from(u32::from(v4)), 32),
        Err(_) => (u128::from(ip.parse::<Ipv6Addr>().map_err(|_| invalid())?), 128),
    };
    if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let prefix: u32 = prefix.parse().map_err(|_| invalid())?;
    if prefix > width {
        return Err(invalid());
    }
    let net = Net { addr, width, prefix };
    Ok(Net { addr: addr & net.mask(), ..net })
}

fn parse_prefix(s: &str) -> Result<Net, FunctionError> {
    parse_cidr(s).map_err(|e| FunctionError::call(format!("invalid CIDR expression: {e}")))
}

/// Go's `net.IP.String` for an address of the given width.
fn ip_string(addr: u128, width: u32) -> String {
    if width == 32 {
        return Ipv4Addr::from(addr as u32).to_string();
    }
    let v6 = Ipv6Addr::from(addr);
    match v6.to_ipv4_mapped() {
        Some(v4) => v4.to_string(),
        None => v6.to_string(),
    }
}

/// Go's `net.IPNet.String`.
fn net_string(net: Net) -> String {
    let mapped = net.width == 128 && Ipv6Addr::from(net.addr).to_ipv4_mapped().is_some() && net.prefix >= 96;
    let prefix = if mapped { net.prefix - 96 } else { net.prefix };
    format!("{}/{prefix}", ip_string(net.addr, net.width))
}

fn whole(v: &HclValue) -> Result<i64, FunctionError> {
    match v.as_number() {
        Some(Number::Int(i)) => Ok(i),
        _ => Err(FunctionError::call(
            "value must be a whole number, between -9223372036854775808 and 9223372036854775807",
        )),
    }
}

fn cidrhost(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let num = whole(&a[1])?;
    let net = parse_prefix(text(&a[0]))?;
    let max = if net.host_bits() >= 127 { u128::MAX } else { (1u128 << net.host_bits()) - 1 };
    let too_big =
        || FunctionError::call(format!("prefix of {} does not accommodate a host numbered {num}", net.prefix));
    let offset = if num >= 0 {
        let n = num as u128;
        if n > max {
            return Err(too_big());
        }
        n
    } else {
        let back = num.unsigned_abs() as u128;
        if back > max.saturating_add(1) {
            return Err(too_big());
        }
        max - (back - 1)
    };
    Ok(HclValue::String(ip_string(net.addr | offset, net.width)))
}

fn cidrnetmask(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let net = parse_prefix(text(&a[0]))?;
    Ok(HclValue::String(ip_string(net.mask(), net.width)))
}

fn cidrsubnet(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let newbits = whole(&a[1])?;
    let netnum = whole(&a[2])?;
    let net = parse_prefix(text(&a[0]))?;
    if newbits > 32 {
        return Err(FunctionError::call("may not extend prefix by more than 32 bits"));
    }
    let new_prefix = net.prefix as i64 + newbits;
    if newbits < 0 || new_prefix > i64::from(net.width) {
        return Err(FunctionError::call(format!(
            "insufficient address space to extend prefix of {} by {newbits}",
            net.prefix
        )));
    }
    // go-cidr compares the number as unsigned, so a negative one is always too big.
    if netnum < 0 || (netnum as u128) >= (1u128 << newbits) {
        return Err(FunctionError::call(format!(
            "prefix extension of {newbits} does not accommodate a subnet numbered {netnum}"
        )));
    }
    let shift = net.width - new_prefix as u32;
    let addr = net.addr | ((netnum as u128) << shift);
    Ok(HclValue::String(net_string(Net { addr, width: net.width, prefix: new_prefix as u32 })))
}

fn cidrsubnets(a: Vec<HclValue>, _: &FunctionContext) -> Result<HclValue, FunctionError> {
    let net = parse_cidr(text(&a[0])).map_err(|e| FunctionError::arg(0, format!("invalid CIDR expression: {e}")))?;
    let mut out = Vec::new();
    // The next free address inside the network; `None` once the space is used up.
    let mut next_free = Some(net.addr);
    let mut previous: Option<Net> = None;
    for (i, arg) in a[1..].iter().enumerate() {
        let bits = whole(arg).map_err(|e| FunctionError::arg(i + 1, e.message))?;
        if bits < 1 {
            return Err(FunctionError::arg(i + 1, "must extend prefix by at least one bit"));
        }
        if bits > 32 {
            return Err(FunctionError::arg(i + 1, "may not extend prefix by more than 32 bits"));
        }
        let length = net.prefix + bits as u32;
        if length > net.width {
            let family = if net.width == 32 { "IPv4" } else { "IPv6" };
            return Err(FunctionError::arg(
                i + 1,
                format!("would extend prefix to {length} bits, which is too long for an {family} address"),
            ));
        }
        let size_shift = net.width - length;
        // The next subnet of this size starts at the next free address rounded up to its size.
        let start = next_free.and_then(|free| {
            let block = 1u128.checked_shl(size_shift)?;
            let aligned = free.checked_add(block - 1)? & !(block - 1);
            Some(aligned)
        });
        let subnet = start.map(|addr| Net { addr, width: net.width, prefix: length });
        let Some(subnet) = subnet.filter(|s| net.contains(s.addr) && s.addr >= net.addr) else {
            let after = previous.map_or_else(|| net_string(Net { prefix: length, ..net }), net_string);
            return Err(FunctionError::arg(
                i + 1,
                format!("not enough remaining address space for a subnet with a prefix of {length} bits after {after}"),
            ));
        };
        next_free = subnet.addr.checked_add(1u128 << size_shift);
        previous = Some(subnet);
        out.push(HclValue::String(net_string(subnet)));
    }
    Ok(HclValue::List(out))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{err, ls, n, ok, run, s};

    /// Expectations from go-cty-funcs `cidr/*_test.go` (and terraform's cidr docs); marked
    /// ones verified with packer 1.6.6.
    #[test]
    #[rustfmt::skip]
    fn cidr_functions() {
        run(vec![
            ("cidrhost", vec![s("192.168.1.0/24"), n(5)], ok(s("192.168.1.5"))), // verified with packer 1.6.6
            ("cidrhost", vec![s("192.168.1.0/24"), n(-5)], ok(s("192.168.1.251"))),
            ("cidrhost", vec![s("192.168.1.0/24"), n(-256)], ok(s("192.168.1.0"))),
            ("cidrhost", vec![s("fd00:fd12:3456:7890::/56"), n(16)], ok(s("fd00:fd12:3456:7800::10"))),
            ("cidrhost", vec![s("192.168.1.0/30"), n(255)], err("prefix of 30 does not accommodate a host numbered 255")),
            ("cidrhost", vec![s("192.168.1.0/30"), n(-255)], err("prefix of 30 does not accommodate a host numbered -255")),
            ("cidrhost", vec![s("not-a-cidr"), n(6)], err("invalid CIDR expression: invalid CIDR address: not-a-cidr")),
            ("cidrhost", vec![s("10.256.0.0/8"), n(6)], err("invalid CIDR expression: invalid CIDR address: 10.256.0.0/8")),
            ("cidrnetmask", vec![s("192.168.1.0/24")], ok(s("255.255.255.0"))),
            ("cidrnetmask", vec![s("192.168.1.0/32")], ok(s("255.255.255.255"))),
            ("cidrnetmask", vec![s("0.0.0.0/0")], ok(s("0.0.0.0"))),
            ("cidrnetmask", vec![s("1::/64")], ok(s("ffff:ffff:ffff:ffff::"))),
            ("cidrnetmask", vec![s("not-a-cidr")], err("invalid CIDR expression: invalid CIDR address: not-a-cidr")),
            ("cidrsubnet", vec![s("192.168.2.0/20"), n(4), n(6)], ok(s("192.168.6.0/24"))),
            ("cidrsubnet", vec![s("fe80::/48"), n(16), n(6)], ok(s("fe80:0:0:6::/64"))),
            ("cidrsubnet", vec![s("::ffff:192.168.0.0/112"), n(8), n(6)], ok(s("192.168.6.0/24"))),
            ("cidrsubnet", vec![s("10.1.2.0/24"), n(4), n(15)], ok(s("10.1.2.240/28"))), // verified with packer 1.6.6
            ("cidrsubnet", vec![s("192.168.0.0/30"), n(4), n(6)], err("insufficient address space to extend prefix of 30 by 4")),
            ("cidrsubnet", vec![s("192.168.0.0/16"), n(2), n(16)], err("prefix extension of 2 does not accommodate a subnet numbered 16")),
            ("cidrsubnet", vec![s("192.168.0.0/16"), n(33), n(1)], err("may not extend prefix by more than 32 bits")),
            ("cidrsubnet", vec![s("not-a-cidr"), n(4), n(6)], err("invalid CIDR expression: invalid CIDR address: not-a-cidr")),
            (
                "cidrsubnets",
                vec![s("10.0.0.0/21"), n(3), n(3), n(3), n(4), n(4), n(4), n(7), n(7), n(7)],
                ok(ls(&[
                    "10.0.0.0/24",
                    "10.0.1.0/24",
                    "10.0.2.0/24",
                    "10.0.3.0/25",
                    "10.0.3.128/25",
                    "10.0.4.0/25",
                    "10.0.4.128/28",
                    "10.0.4.144/28",
                    "10.0.4.160/28",
                ])),
            ),
            ("cidrsubnets", vec![s("10.1.0.0/16"), n(4), n(4), n(8), n(4)], ok(ls(&["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"]))), // verified with packer 1.6.6
            ("cidrsubnets", vec![s("10.0.0.0/8")], ok(ls(&[]))),
            ("cidrsubnets", vec![s("10.0.0.0/30"), n(1), n(3)], err("would extend prefix to 33 bits, which is too long for an IPv4 address")),
            ("cidrsubnets", vec![s("10.0.0.0/8"), n(1), n(1), n(1)], err("not enough remaining address space for a subnet with a prefix of 9 bits after 10.128.0.0/9")),
            ("cidrsubnets", vec![s("10.0.0.0/8"), n(1), n(0)], err("must extend prefix by at least one bit")),
            ("cidrsubnets", vec![s("10.0.0.0/8"), n(1), n(-1)], err("must extend prefix by at least one bit")),
            ("cidrsubnets", vec![s("fe80::/48"), n(1), n(33)], err("may not extend prefix by more than 32 bits")),
        ]);
    }
}
