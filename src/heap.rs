//! The shipped module's allocator (wasm32 with `standalone`): power-of-two size classes, each
//! with its own free list, carved from pages the memory grows by. A freed block goes back to its
//! class's list and is the next one handed out for that class, so a steady workload (the same
//! calls over and over) reuses its blocks and memory stays flat; blocks are never split or
//! merged, which keeps the code a few hundred bytes (std's dlmalloc is ~10 KB). The price is up
//! to 2× rounding per block, harmless for a widget's few kilobytes of state.
//!
//! Single-threaded only: wasm32-unknown-unknown without the `atomics` feature has one thread.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::marker::PhantomData;
use core::num::NonZeroUsize;
use core::ptr;

/// WebAssembly's page size.
pub const PAGE: usize = 65_536;
/// The smallest block: room for the free list's link, and 8-byte alignment for `f64`s.
const MIN_CLASS: u32 = 3;
const CLASSES: usize = usize::BITS as usize;

/// The memory a heap grows: a type, not a fn pointer kept in the heap, so that growing is a
/// direct call (a pointer in a static is read from memory and called through the table).
pub trait Memory {
    /// Grows the memory by `pages`; returns the address of the first new byte, `None` when it
    /// cannot. Non-zero (memory always holds the stack below new pages), so the `Option` is one
    /// word in a register rather than a pair written through memory.
    fn grow(pages: usize) -> Option<NonZeroUsize>;
}

pub struct Heap<M> {
    memory: PhantomData<M>,
    state: UnsafeCell<State>,
}

struct State {
    /// Per class, the first free block; each free block's first word points to the next.
    free: [*mut u8; CLASSES],
    /// The untouched part of the last pages grown: `next..end`.
    next: usize,
    end: usize,
}

// SAFETY: the heap is only used on one thread (see the module docs), and no method holds a
// reference to the state across a call to another.
unsafe impl<M> Sync for Heap<M> {}

impl<M> Heap<M> {
    pub const fn new() -> Heap<M> {
        Heap {
            memory: PhantomData,
            state: UnsafeCell::new(State {
                free: [ptr::null_mut(); CLASSES],
                next: 0,
                end: 0,
            }),
        }
    }
}

/// The class of a layout: blocks of `1 << class` bytes, aligned to their size up to a page;
/// `CLASSES`, past the free lists, for what this heap does not serve (alignments above a page,
/// which nothing asks for, and sizes beyond the largest power of two). A plain index, no
/// `Option`: it is returned in a register, and `free.get_mut` already checks it.
fn class(layout: Layout) -> usize {
    if layout.align() > PAGE {
        return CLASSES;
    }
    // The exponent of the least power of two that holds the size (at least 1): the bits of
    // `size - 1`, which is `CLASSES` itself for sizes beyond the largest power of two.
    let size = layout.size().max(layout.align());
    (usize::BITS - (size - 1).leading_zeros()).max(MIN_CLASS) as usize
}

impl State {
    /// A fresh block of `1 << class` bytes from the untouched pages, growing them as needed.
    fn carve<M: Memory>(&mut self, class: usize) -> Option<usize> {
        let size = 1usize.checked_shl(class as u32)?;
        let align = size.min(PAGE);
        let mut start = self.next.checked_add(align - 1)? & !(align - 1);
        if start.checked_add(size)? > self.end {
            let pages = size.div_ceil(PAGE);
            let base = M::grow(pages)?.get();
            if base != self.end {
                // Not contiguous with the last pages (the first growth): start afresh there.
                self.next = base;
                start = base;
            }
            self.end = base + pages * PAGE;
        }
        self.next = start + size;
        Some(start)
    }
}

// SAFETY: `alloc` returns null or a block of at least `layout.size()` bytes aligned to
// `layout.align()` that no other live allocation overlaps: a block is either carved from pages
// nobody else uses or taken off a free list, where only `dealloc` put it once its owner let go.
unsafe impl<M: Memory> GlobalAlloc for Heap<M> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let class = class(layout);
        // SAFETY: one thread, and no other reference to the state lives during this call.
        let state = unsafe { &mut *self.state.get() };
        let Some(head) = state.free.get_mut(class) else {
            return ptr::null_mut();
        };
        if !head.is_null() {
            let block = *head;
            // SAFETY: `block` is a free block of this class (at least 8 bytes, 8-aligned) whose
            // first word `dealloc` set to the next free block.
            *head = unsafe { block.cast::<*mut u8>().read() };
            return block;
        }
        match state.carve::<M>(class) {
            Some(at) => at as *mut u8,
            None => ptr::null_mut(),
        }
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: one thread, and no other reference to the state lives during this call.
        let state = unsafe { &mut *self.state.get() };
        if let Some(head) = state.free.get_mut(class(layout)) {
            // SAFETY: the caller gives back a block `alloc` made for this layout, so it is at
            // least 8 bytes, 8-aligned and no longer used: its first word can hold the link.
            unsafe { block.cast::<*mut u8>().write(*head) };
            *head = block;
        }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees `new_size`, rounded up to the alignment, fits an isize.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if class(new_layout) == class(layout) {
            return block; // the block already has room
        }
        // SAFETY: `new_layout` is valid (above) and not zero-sized (neither is `layout`).
        let moved = unsafe { self.alloc(new_layout) };
        if !moved.is_null() {
            // SAFETY: both blocks are live, distinct and at least this long.
            unsafe { ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size)) };
            // SAFETY: `block` was allocated with `layout` and is no longer used.
            unsafe { self.dealloc(block, layout) };
        }
        moved
    }
}

/// The wasm memory.
#[cfg(all(target_arch = "wasm32", feature = "standalone"))]
pub struct WasmMemory;

#[cfg(all(target_arch = "wasm32", feature = "standalone"))]
impl Memory for WasmMemory {
    fn grow(pages: usize) -> Option<NonZeroUsize> {
        let previous = core::arch::wasm32::memory_grow(0, pages);
        if previous == usize::MAX {
            return None;
        }
        NonZeroUsize::new(previous * PAGE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;
    use std::cell::Cell;

    std::thread_local! {
        /// This thread's pages: their base and how many have been handed out.
        static PAGES: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
    }
    const LIMIT: usize = 64;

    /// This thread's page-aligned arena of `LIMIT` pages, grown like wasm memory.
    struct Arena;

    impl Memory for Arena {
        fn grow(pages: usize) -> Option<NonZeroUsize> {
            PAGES.with(|cell| {
                let (mut base, used) = cell.get();
                if base == 0 {
                    let layout = Layout::from_size_align(LIMIT * PAGE, PAGE).ok()?;
                    // SAFETY: a non-zero size; leaked on purpose, like wasm memory.
                    base = unsafe { std::alloc::alloc(layout) } as usize;
                }
                if used + pages > LIMIT {
                    return None;
                }
                cell.set((base, used + pages));
                NonZeroUsize::new(base + used * PAGE)
            })
        }
    }

    fn pages_used() -> usize {
        PAGES.with(|cell| cell.get().1)
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn classes_round_up_to_powers_of_two_from_8() {
        assert_eq!(class(layout(1, 1)), 3);
        assert_eq!(class(layout(8, 8)), 3);
        assert_eq!(class(layout(9, 1)), 4);
        assert_eq!(class(layout(4, 64)), 6);
        assert_eq!(class(layout(70_000, 1)), 17);
        assert_eq!(class(layout(8, 2 * PAGE)), CLASSES);
    }

    #[test]
    fn blocks_are_aligned_distinct_and_reused_after_free() {
        let heap = Heap::<Arena>::new();
        unsafe {
            let sizes = [1, 8, 24, 100, 4096, 70_000, 3];
            let blocks: Vec<(*mut u8, Layout)> = sizes
                .iter()
                .map(|&s| {
                    let l = layout(s, 8);
                    let p = heap.alloc(l);
                    assert!(!p.is_null() && (p as usize).is_multiple_of(8), "{s}");
                    p.write_bytes(0xAB, s);
                    (p, l)
                })
                .collect();
            for (i, (a, la)) in blocks.iter().enumerate() {
                for (b, lb) in &blocks[i + 1..] {
                    let (a, b) = (*a as usize, *b as usize);
                    assert!(a + la.size() <= b || b + lb.size() <= a, "overlap");
                }
            }
            let (p, l) = blocks[3];
            heap.dealloc(p, l);
            assert_eq!(heap.alloc(layout(120, 8)), p, "same class, same block");
            let big = heap.alloc(layout(16, 4096));
            assert_eq!(big as usize % 4096, 0);
        }
    }

    #[test]
    fn realloc_keeps_the_bytes_and_the_block_while_it_fits() {
        let heap = Heap::<Arena>::new();
        unsafe {
            let l = layout(10, 1);
            let p = heap.alloc(l);
            p.copy_from(b"0123456789".as_ptr(), 10);
            assert_eq!(heap.realloc(p, l, 16), p);
            let q = heap.realloc(p, layout(16, 1), 100);
            assert_ne!(q, p);
            assert_eq!(std::slice::from_raw_parts(q, 10), b"0123456789");
            assert_eq!(heap.alloc(layout(12, 1)), p, "the old block is free again");
        }
    }

    #[test]
    fn a_steady_workload_stays_in_the_same_pages() {
        let heap = Heap::<Arena>::new();
        let cycle = || unsafe {
            let mut held = Vec::new();
            for size in [16, 300, 5000, 40, 70_000, 16, 900] {
                held.push((heap.alloc(layout(size, 8)), layout(size, 8)));
            }
            let l = layout(8, 8);
            let mut grown = heap.alloc(l);
            let mut size = 8;
            while size < 20_000 {
                grown = heap.realloc(grown, layout(size, 8), size * 2);
                size *= 2;
            }
            heap.dealloc(grown, layout(size, 8));
            for (p, l) in held {
                heap.dealloc(p, l);
            }
        };
        cycle();
        let after_one = pages_used();
        for _ in 0..1000 {
            cycle();
        }
        assert_eq!(pages_used(), after_one);
    }

    #[test]
    fn running_out_of_pages_gives_null() {
        let heap = Heap::<Arena>::new();
        unsafe {
            assert!(heap.alloc(layout(LIMIT * PAGE * 2, 8)).is_null());
            assert!(heap.alloc(layout(isize::MAX as usize - 7, 8)).is_null());
            assert!(!heap.alloc(layout(8, 8)).is_null());
        }
    }
}
