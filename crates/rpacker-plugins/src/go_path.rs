//! Go's `path/filepath` functions on Unix, for the places where Packer builds a path with them
//! and the result is visible (where a downloaded file lands, a manifest's file names). Lexical
//! only: the file system is never consulted.

/// Go's `filepath.Clean` (the template crate's, which Packer's path functions use too).
pub(crate) use rpacker_template::funcs::paths::go_clean;

/// Go's `filepath.Base`: the last element, trailing slashes ignored; `.` for empty, `/` for all
/// slashes.
pub(crate) fn go_base(path: &str) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".to_owned();
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed).to_owned()
}

/// Go's `filepath.Dir`: everything before the last separator, cleaned.
pub(crate) fn go_dir(path: &str) -> String {
    let dir = path.rfind('/').map_or("", |i| &path[..=i]);
    go_clean(dir)
}

/// Go's `filepath.Join` of two elements: an empty element is skipped, the result cleaned.
pub(crate) fn go_join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => String::new(),
        (true, false) => go_clean(b),
        (false, true) => go_clean(a),
        (false, false) => go_clean(&format!("{a}/{b}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values are what Go 1.x's `path/filepath` returns on Linux.
    #[test]
    fn like_go() {
        let clean = [("", "."), ("a//b/./c/..", "a/b"), ("/../x", "/x"), ("../a/..", ".."), ("dl/", "dl")];
        for (input, want) in clean {
            assert_eq!(go_clean(input), want, "clean {input:?}");
        }
        let base = [("", "."), ("/", "/"), ("a/b/", "b"), ("a", "a"), ("/x/y.txt", "y.txt")];
        for (input, want) in base {
            assert_eq!(go_base(input), want, "base {input:?}");
        }
        let dir = [("", "."), ("file", "."), ("a/b", "a"), ("/a", "/"), ("a/b/", "a/b"), ("a//b", "a")];
        for (input, want) in dir {
            assert_eq!(go_dir(input), want, "dir {input:?}");
        }
        let join = [("dl/", "a.txt", "dl/a.txt"), ("", "a", "a"), ("a", "", "a"), ("", "", ""), ("x/", "../y", "y")];
        for (a, b, want) in join {
            assert_eq!(go_join(a, b), want, "join {a:?} {b:?}");
        }
    }
}
