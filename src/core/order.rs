//! The core's one sort. Slices' `sort_by` is generic: every call site ships its own copy of a
//! large stable sort. This heapsort is compiled once, takes the order as a closure on indices
//! behind a `&dyn` ([`Less`]), and is O(n log n) without allocating beyond the permutation it
//! returns.

use alloc::vec::Vec;

/// A strict order on indices: any `Fn(usize, usize) -> bool`. Taken as `&dyn Less` rather than
/// `&dyn Fn`, whose vtable also carries `call_once` and `call_mut` shims for every closure.
pub trait Less {
    fn less(&self, a: usize, b: usize) -> bool;
}

impl<F: Fn(usize, usize) -> bool> Less for F {
    fn less(&self, a: usize, b: usize) -> bool {
        self(a, b)
    }
}

/// The indices `0..len` ordered by `less`, which must be a strict total order on distinct
/// indices (break ties by index to get what a stable sort would give).
///
/// ```
/// use leadscore::core::order::sorted;
/// let words = ["pear", "fig", "apple"];
/// assert_eq!(sorted(3, &|a, b| words[a] < words[b]), [2, 1, 0]);
/// ```
pub fn sorted(len: usize, less: &dyn Less) -> Vec<usize> {
    let mut order = Vec::with_capacity(len);
    for i in 0..len {
        order.push(i);
    }
    // One loop for both phases: first a max-heap is built from the last parent up, then its
    // top is swapped to the end of the shrinking heap, one index at a time.
    for i in (0..len + len / 2).rev() {
        let (root, end) = if i >= len {
            (i - len, len)
        } else {
            swap(&mut order, 0, i);
            (0, i)
        };
        sift_down(&mut order, root, end, less);
    }
    order
}

/// Swaps `order[a]` and `order[b]` when both are in it, doing nothing otherwise:
/// `slice::swap` would bring a bounds-check panic, with its message and integer formatting,
/// into the module. The two read, then written back crosswise (no split of the slice).
fn swap(order: &mut [usize], a: usize, b: usize) {
    if let (Some(&first), Some(&second)) = (order.get(a), order.get(b)) {
        if let Some(slot) = order.get_mut(a) {
            *slot = second;
        }
        if let Some(slot) = order.get_mut(b) {
            *slot = first;
        }
    }
}

/// Restores the max-heap property below `root` in `order[..end]`.
fn sift_down(order: &mut [usize], mut root: usize, end: usize, less: &dyn Less) {
    let Some(heap) = order.get_mut(..end) else {
        return;
    };
    // Down from `root`: each entry swaps with its larger child while that child is larger.
    while let (Some(&top), Some(&left)) = (heap.get(root), heap.get(2 * root + 1)) {
        let (mut child, mut larger) = (2 * root + 1, left);
        if let Some(&right) = heap.get(child + 1) {
            if less.less(left, right) {
                (child, larger) = (child + 1, right);
            }
        }
        if !less.less(top, larger) {
            return;
        }
        swap(heap, root, child);
        root = child;
    }
}

#[cfg(test)]
mod tests {
    use super::sorted;
    use alloc::vec::Vec;

    #[test]
    fn agrees_with_a_stable_sort_when_ties_break_by_index() {
        let mut seed: u32 = 7;
        for len in [0usize, 1, 2, 3, 10, 101, 10_000] {
            let keys: Vec<u32> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    (seed >> 16) % 50
                })
                .collect();
            let key = |i: usize| keys.get(i).copied().unwrap_or(0);
            let ours = sorted(len, &|a, b| key(a).cmp(&key(b)).then(a.cmp(&b)).is_lt());
            let mut stable: Vec<usize> = (0..len).collect();
            stable.sort_by_key(|&i| key(i));
            assert_eq!(ours, stable, "{len} keys");
        }
    }
}
