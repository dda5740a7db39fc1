//! Glob patterns for rule `url`s and `where` conditions: `*` matches any run of characters,
//! everything else matches itself.

use alloc::vec::Vec;

/// A glob pattern.
///
/// ```
/// use leadscore::core::glob::Glob;
/// let g = Glob::new("/pricing*");
/// assert!(g.matches("/pricing") && g.matches("/pricing/teams?x=1"));
/// assert!(!g.matches("/about/pricing"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Glob {
    /// The pattern as bytes, its literal runs split at the `*`s as it is matched: `*` is ASCII,
    /// so a byte match of UTF-8 text is a character match, and core's generic string searchers
    /// stay out of the module.
    pattern: Vec<u8>,
}

impl Glob {
    pub fn new(pattern: &str) -> Glob {
        Glob {
            pattern: pattern.as_bytes().to_vec(),
        }
    }

    /// True when the whole of `text` matches the pattern.
    pub fn matches(&self, text: &str) -> bool {
        // The run before the first `*` is a prefix (the whole text when there is no `*`).
        let (first, mut rest) = split_star(&self.pattern);
        let Some(mut remaining) = text.as_bytes().strip_prefix(first) else {
            return false;
        };
        // Each later run is found in turn; the last one must end the text.
        loop {
            let Some(pattern) = rest else {
                return remaining.is_empty();
            };
            let (part, more) = split_star(pattern);
            if more.is_none() {
                return remaining.ends_with(part);
            }
            match find(remaining, part) {
                Some(at) => remaining = remaining.get(at + part.len()..).unwrap_or_default(),
                None => return false,
            }
            rest = more;
        }
    }
}

/// The run before the first `*`, and what follows that `*` if there is one.
fn split_star(pattern: &[u8]) -> (&[u8], Option<&[u8]>) {
    match pattern.iter().position(|b| *b == b'*') {
        Some(at) => (pattern.get(..at).unwrap_or_default(), pattern.get(at + 1..)),
        None => (pattern, None),
    }
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(window) = haystack.get(at..at + needle.len()) {
        if window == needle {
            return Some(at);
        }
        at += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::Glob;

    #[test]
    fn table() {
        let cases = [
            ("/pricing*", "/pricing", true),
            ("/pricing*", "/pricing/enterprise", true),
            ("/pricing*", "/", false),
            ("/pricing", "/pricing/", false),
            ("*", "", true),
            ("", "", true),
            ("", "/", false),
            ("/blog/*/comments", "/blog/a/b/comments", true),
            ("/blog/*/comments", "/blog/comments", false),
            ("*.pdf", "/files/guide.pdf", true),
            ("a*a", "a", false),
            ("a*a", "aa", true),
            ("VP*", "VP of Sales", true),
            ("*ö*", "grüße schön", true),
        ];
        for (pattern, text, expected) in cases {
            assert_eq!(
                Glob::new(pattern).matches(text),
                expected,
                "{pattern} ~ {text}"
            );
        }
    }
}
