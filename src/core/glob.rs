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
    /// The pattern as bytes: `*` is ASCII, so a byte match of UTF-8 text is a character match,
    /// and core's generic string searchers stay out of the module.
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
        let text = text.as_bytes();
        let (mut p, mut t) = (0, 0);
        // The last `*` seen, and where in the text its run (so far) ends: on a mismatch, that
        // `*` takes one more character and matching resumes after it.
        let mut star: Option<(usize, usize)> = None;
        while t < text.len() {
            match self.pattern.get(p) {
                Some(b'*') => {
                    star = Some((p, t));
                    p += 1;
                }
                Some(c) if text.get(t) == Some(c) => {
                    p += 1;
                    t += 1;
                }
                _ => match star {
                    Some((star_at, run_end)) => {
                        star = Some((star_at, run_end + 1));
                        p = star_at + 1;
                        t = run_end + 1;
                    }
                    None => return false,
                },
            }
        }
        // The text is used up: what is left of the pattern must be `*`s.
        while self.pattern.get(p) == Some(&b'*') {
            p += 1;
        }
        p == self.pattern.len()
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
