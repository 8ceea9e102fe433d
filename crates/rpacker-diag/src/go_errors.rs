//! The exact text of Go's error lists, which Packer users see (and some scripts grep).

/// `hashicorp/go-multierror`'s format: `1 error occurred:\n\t* a\n\n` /
/// `N errors occurred:\n\t* a\n\t* b\n\n`. Packer's core uses it for template errors.
#[must_use]
pub fn multierror<S: AsRef<str>>(errors: &[S]) -> String {
    let mut out = if errors.len() == 1 {
        "1 error occurred:\n".to_owned()
    } else {
        format!("{} errors occurred:\n", errors.len())
    };
    for e in errors {
        out.push_str("\t* ");
        out.push_str(e.as_ref());
        out.push('\n');
    }
    out.push('\n');
    out
}

/// The plugin SDK's `packer.MultiError` format: `N error(s) occurred:\n\n* a\n* b`, used by
/// plugins' prepare errors.
#[must_use]
pub fn sdk_multierror<S: AsRef<str>>(errors: &[S]) -> String {
    let mut out = format!("{} error(s) occurred:\n", errors.len());
    for e in errors {
        out.push_str("\n* ");
        out.push_str(e.as_ref());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_multierror_shapes() {
        assert_eq!(multierror(&["a"]), "1 error occurred:\n\t* a\n\n");
        assert_eq!(multierror(&["a", "b"]), "2 errors occurred:\n\t* a\n\t* b\n\n");
        assert_eq!(sdk_multierror(&["a", "b"]), "2 error(s) occurred:\n\n* a\n* b");
    }
}
