//! Glob patterns for rule `url`s and `where` conditions: `*` matches any run of characters,
//! everything else matches itself.

use alloc::borrow::ToOwned;
use alloc::string::String;
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
    parts: Vec<String>,
}

impl Glob {
    pub fn new(pattern: &str) -> Glob {
        Glob {
            parts: pattern.split('*').map(str::to_owned).collect(),
        }
    }

    /// True when the whole of `text` matches the pattern.
    pub fn matches(&self, text: &str) -> bool {
        let (first, rest) = match self.parts.split_first() {
            Some(split) => split,
            None => return text.is_empty(),
        };
        let Some(mut remaining) = text.strip_prefix(first.as_str()) else {
            return false;
        };
        let Some((last, middle)) = rest.split_last() else {
            return remaining.is_empty();
        };
        for part in middle {
            match remaining.find(part.as_str()) {
                Some(at) => remaining = remaining.get(at + part.len()..).unwrap_or(""),
                None => return false,
            }
        }
        remaining.len() >= last.len() && remaining.ends_with(last.as_str())
    }
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
