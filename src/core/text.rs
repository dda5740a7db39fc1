//! Small text helpers the core uses instead of `format!` (which would pull the formatting
//! machinery into the widget): field paths, integers, quoting, and "did you mean" suggestions.

use alloc::string::String;
use alloc::vec::Vec;

/// `"rules[2]"` + `"points"` → `"rules[2].points"`; an empty parent gives just the key.
pub fn field(parent: &str, key: &str) -> String {
    let mut path = String::with_capacity(parent.len() + key.len() + 1);
    path.push_str(parent);
    if !parent.is_empty() {
        path.push('.');
    }
    path.push_str(key);
    path
}

/// `"rules"` + `2` → `"rules[2]"`.
pub fn index(parent: &str, i: usize) -> String {
    let mut path = String::from(parent);
    path.push('[');
    push_uint(&mut path, i as u64);
    path.push(']');
    path
}

/// Appends the decimal digits of `n`.
pub fn push_uint(out: &mut String, n: u64) {
    // The leading digits first (at most 20 deep).
    if n >= 10 {
        push_uint(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Appends the byte `b` to `out`. Through `extend_from_slice`, which the tape writer needs
/// anyway: `Vec<u8>::push` would be a function of its own (250 B of wasm, 80 B of gzip).
pub fn push_byte(out: &mut Vec<u8>, b: u8) {
    out.extend_from_slice(&[b]);
}

/// True when `word` is one of `list`: a plain loop, where the slice's `contains` is a generic
/// search of its own.
pub fn is_one_of(word: &str, list: &[&str]) -> bool {
    for &item in list {
        if item == word {
            return true;
        }
    }
    false
}

/// Appends `s` in double quotes, for messages: `"pageview"`.
pub fn push_quoted(out: &mut String, s: &str) {
    out.push('"');
    out.push_str(s);
    out.push('"');
}

/// The candidate nearest to `word` if it is close enough to be a likely typo.
///
/// ```
/// use leadscore::core::text::nearest;
/// assert_eq!(nearest("pointz", &["points", "limit"]), Some("points"));
/// assert_eq!(nearest("banana", &["points", "limit"]), None);
/// ```
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let length = char_count(word);
    let budget = (length / 3).clamp(1, 3);
    // Names are short; a long word (a hostile config) is no typo and is not compared.
    if length > 64 {
        return None;
    }
    // The first of the nearest candidates within the budget: one must come nearer than
    // `budget + 1`, then nearer than the best so far.
    let normalized = normalize(word);
    let (mut best, mut nearest) = (None, budget + 1);
    for &candidate in candidates {
        if char_count(candidate).abs_diff(length) > budget {
            continue;
        }
        let d = distance(&normalized, &normalize(candidate));
        if d < nearest {
            (best, nearest) = (Some(candidate), d);
        }
    }
    best
}

/// `bytes` as UTF-8 text, or `None` at the first invalid sequence; with `lossy`, each
/// invalid sequence becomes U+FFFD instead (the maximal subparts that
/// `String::from_utf8_lossy` replaces). One scalar at a time, without unsafe code: core's
/// `str::from_utf8` is 700 bytes of word-at-a-time code.
pub fn decode_utf8(bytes: &[u8], lossy: bool) -> Option<String> {
    let mut text = String::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&lead) = bytes.get(i) {
        i += 1;
        // ASCII (most keys and values) is its own scalar: nothing to check or work out.
        if lead < 0x80 {
            text.push(char::from(lead));
            continue;
        }
        // How many continuation bytes follow, and the range the first one must be in (which
        // rules out overlong forms, surrogates and scalars above U+10FFFF).
        let (more, low, high) = match lead {
            0xC2..=0xDF => (1, 0x80, 0xBF),
            0xE0 => (2, 0xA0, 0xBF),
            0xED => (2, 0x80, 0x9F),
            0xE1..=0xEF => (2, 0x80, 0xBF),
            0xF0 => (3, 0x90, 0xBF),
            0xF1..=0xF3 => (3, 0x80, 0xBF),
            0xF4 => (3, 0x80, 0x8F),
            // Not a lead byte: an empty range, so it is an invalid sequence by itself.
            _ => (1, 1, 0),
        };
        let mut scalar = u32::from(lead) & (0x3F >> more);
        let mut done = 0;
        while done < more {
            let (low, high) = if done == 0 { (low, high) } else { (0x80, 0xBF) };
            match bytes.get(i) {
                Some(&b) if (low..=high).contains(&b) => {
                    scalar = (scalar << 6) | u32::from(b & 0x3F);
                    i += 1;
                    done += 1;
                }
                _ => break,
            }
        }
        match char::from_u32(scalar).filter(|_| done == more) {
            Some(c) => text.push(c),
            None if lossy => text.push(char::REPLACEMENT_CHARACTER),
            None => return None,
        }
    }
    Some(text)
}

/// The characters in `s`: its bytes that do not continue a UTF-8 sequence (core's
/// `chars().count()` is a kilobyte of SIMD-within-a-register code).
fn char_count(s: &str) -> usize {
    let mut count = 0;
    for b in s.bytes() {
        count += usize::from(b & 0xC0 != 0x80);
    }
    count
}

/// The bytes of `s` in ASCII lower case without `_`, `-` and spaces, so `pageView`, `page-view`
/// and `page_view` meet. Compared as bytes: a non-ASCII letter counts as its bytes, which only
/// makes a typo in a non-ASCII name a little less likely to be suggested.
pub fn normalize(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for b in s.bytes() {
        if !matches!(b, b'_' | b'-' | b' ') {
            push_byte(&mut out, b.to_ascii_lowercase());
        }
    }
    out
}

/// Edit distance counting an adjacent swap as one edit (optimal string alignment).
pub fn distance(a: &[u8], b: &[u8]) -> usize {
    let width = b.len() + 1;
    // Filled row by row; each cell reads only cells already pushed, `back` cells before its
    // own (a cell off the table reads as too far to be the best).
    let mut table = Vec::with_capacity((a.len() + 1) * width);
    // Half-open ranges (`0..=n` iterates through a `RangeInclusive::next` of its own).
    for i in 0..a.len() + 1 {
        for j in 0..width {
            // Before the table's start the index wraps to one far past its end: off the table.
            let cell = |back: usize| match table.get(table.len().wrapping_sub(back)) {
                Some(&d) => d,
                None => usize::MAX - 1,
            };
            let value = if i == 0 || j == 0 {
                i + j
            } else {
                let same = a.get(i - 1) == b.get(j - 1);
                let mut best = (cell(width) + 1)
                    .min(cell(1) + 1)
                    .min(cell(width + 1) + usize::from(!same));
                if i > 1 && j > 1 && a.get(i - 1) == b.get(j - 2) && a.get(i - 2) == b.get(j - 1) {
                    best = best.min(cell(2 * width + 2) + 1);
                }
                best
            };
            table.push(value);
        }
    }
    // The last cell, (a.len(), b.len()), is the distance of the whole words.
    match table.last() {
        Some(&d) => d,
        None => usize::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn paths_and_numbers() {
        assert_eq!(field(&index("rules", 12), "points"), "rules[12].points");
        assert_eq!(field("", "threshold"), "threshold");
        let mut s = String::new();
        push_uint(&mut s, 0);
        push_uint(&mut s, 9_007_199_254_740_993);
        assert_eq!(s, "09007199254740993");
    }

    #[test]
    fn utf8_is_decoded_as_core_decodes_it() {
        let edges = [
            0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
            0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
        ];
        let mut inputs: Vec<Vec<u8>> = vec![vec![], "é✓💥".as_bytes().to_vec()];
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                inputs.push(vec![a, b]);
            }
        }
        for a in edges {
            for b in edges {
                for c in edges {
                    for d in edges {
                        inputs.push(vec![a, b, c, d]);
                    }
                }
            }
        }
        for bytes in &inputs {
            let strict = core::str::from_utf8(bytes).ok().map(String::from);
            assert_eq!(decode_utf8(bytes, false), strict, "{bytes:x?}");
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            assert_eq!(decode_utf8(bytes, true), Some(lossy), "{bytes:x?}");
        }
    }

    #[test]
    fn distances() {
        assert_eq!(distance(b"page_veiw", b"page_view"), 1);
        assert_eq!(distance(b"", b"abc"), 3);
        assert_eq!(distance(b"kitten", b"sitting"), 3);
        assert_eq!(
            nearest("pageview", &["page_view", "dwell"]),
            Some("page_view")
        );
        assert_eq!(
            nearest("treshold", &["threshold", "rules"]),
            Some("threshold")
        );
    }
}
