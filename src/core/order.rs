//! The core's one sort. Slices' `sort_by` is generic: every call site ships its own copy of a
//! large stable sort. This heapsort is compiled once, takes the order as a `&dyn Fn` on
//! indices, and is O(n log n) without allocating beyond the permutation it returns.

use alloc::vec::Vec;

/// The indices `0..len` ordered by `less`, which must be a strict total order on distinct
/// indices (break ties by index to get what a stable sort would give).
///
/// ```
/// use leadscore::core::order::sorted;
/// let words = ["pear", "fig", "apple"];
/// assert_eq!(sorted(3, &|a, b| words[a] < words[b]), [2, 1, 0]);
/// ```
pub fn sorted(len: usize, less: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    for root in (0..len / 2).rev() {
        sift_down(&mut order, root, len, less);
    }
    for end in (1..len).rev() {
        order.swap(0, end);
        sift_down(&mut order, 0, end, less);
    }
    order
}

/// Restores the max-heap property below `root` in `order[..end]`.
fn sift_down(
    order: &mut [usize],
    mut root: usize,
    end: usize,
    less: &dyn Fn(usize, usize) -> bool,
) {
    let before = |order: &[usize], a: usize, b: usize| match (order.get(a), order.get(b)) {
        (Some(&x), Some(&y)) => less(x, y),
        _ => false,
    };
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && before(order, child, child + 1) {
            child += 1;
        }
        if !before(order, root, child) {
            return;
        }
        order.swap(root, child);
        root = child;
    }
}
