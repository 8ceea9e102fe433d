//! Which strings Packer accepts as KMS key ids (`kms_key_id`, `region_kms_key_ids`): a bare key
//! id, an alias, or a key/alias ARN in the standard or GovCloud partition. Packer checks four
//! regular expressions; they are simple enough to match by hand, without a regex engine.

/// Whether `key` is a valid KMS key id, alias, or key/alias ARN.
#[must_use]
pub fn is_valid_kms_key_id(key: &str) -> bool {
    is_key_id(key) || is_alias(key) || is_arn(key)
}

/// `^[a-f0-9-]+$`
fn is_key_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| matches!(b, b'a'..=b'f' | b'0'..=b'9' | b'-'))
}

/// `^alias/[a-zA-Z0-9:/_-]+$`
fn is_alias(s: &str) -> bool {
    s.strip_prefix("alias/")
        .is_some_and(|name| !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b":/_-".contains(&b)))
}

/// `^arn:aws(-us-gov)?:kms:(<region>)?:(\d{12}):(key/<key id>|<alias>)$`
fn is_arn(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("arn:aws") else { return false };
    let rest = rest.strip_prefix("-us-gov").unwrap_or(rest);
    let Some(rest) = rest.strip_prefix(":kms:") else { return false };
    let Some((region, rest)) = rest.split_once(':') else { return false };
    if !region.is_empty() && !is_region(region) {
        return false;
    }
    let Some((account, resource)) = rest.split_once(':') else { return false };
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    resource.strip_prefix("key/").is_some_and(is_key_id) || is_alias(resource)
}

/// `[a-z]{2}-(gov-)?[a-z]+-\d`
fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let lower = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase());
    let middle = match parts.as_slice() {
        [area, "gov", name, digit] | [area, name, digit] if area.len() == 2 && lower(area) && digit.len() == 1 => {
            digit.bytes().all(|b| b.is_ascii_digit()).then_some(*name)
        }
        _ => None,
    };
    middle.is_some_and(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_packer_accepts() {
        let cases = [
            ("12345678-abcd-1234-abcd-123456789012", true),
            ("ABCD", false),
            ("", false),
            ("alias/my-key", true),
            ("alias/", false),
            ("alias/a b", false),
            ("arn:aws:kms:us-east-1:123456789012:key/12345678-abcd", true),
            ("arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/abcd", true),
            ("arn:aws:kms::123456789012:alias/x:y", true),
            ("arn:aws:kms:us-east-1:12345678901:key/abcd", false),
            ("arn:aws:kms:useast-1:123456789012:key/abcd", false),
            ("arn:aws:kms:us-east-12:123456789012:key/abcd", false),
            ("arn:aws:kms:us-east-1:123456789012:key/ABCD", false),
            ("arn:aws-cn:kms:cn-north-1:123456789012:key/abcd", false),
        ];
        for (key, want) in cases {
            assert_eq!(is_valid_kms_key_id(key), want, "{key}");
        }
    }
}
