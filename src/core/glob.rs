//! Glob patterns for rule `url`s and `where` conditions: `*` matches any run of characters,
//! everything else matches itself.

use alloc::vec::Vec;

/// A compiled glob.
///
/// ```
/// use leadscore::core::glob::Glob;
/// let g = Glob::new("/pricing*");
/// assert!(g.matches("/pricing") && g.matches("/pricing/teams?x=1"));
/// assert!(!g.matches("/about/pricing"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Glob {
    /// The literal runs between the `*`s, as bytes: `*` is ASCII, so a byte match of UTF-8 text
    /// is a character match, and core's generic string searchers stay out of the module.
    parts: Vec<Vec<u8>>,
}

impl Glob {
    pub fn new(pattern: &str) -> Glob {
        let mut parts = Vec::new();
        let mut part = Vec::new();
        for &b in pattern.as_bytes() {
            if b == b'*' {
                parts.push(core::mem::take(&mut part));
            } else {
                part.push(b);
            }
        }
        parts.push(part);
        Glob { parts }
    }

    /// True when the whole of `text` matches the pattern.
    pub fn matches(&self, text: &str) -> bool {
        let (first, rest) = match self.parts.split_first() {
            Some(split) => split,
            None => return text.is_empty(),
        };
        let Some(mut remaining) = text.as_bytes().strip_prefix(first.as_slice()) else {
            return false;
        };
        let Some((last, middle)) = rest.split_last() else {
            return remaining.is_empty();
        };
        for part in middle {
            match find(remaining, part) {
                Some(at) => remaining = remaining.get(at + part.len()..).unwrap_or_default(),
                None => return false,
            }
        }
        remaining.ends_with(last)
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
