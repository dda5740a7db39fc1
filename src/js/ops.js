// The core's operations (src/core/widget.rs), imported as a namespace (`import * as OP`): each
// is its own constant, so the bundle inlines the numbers instead of carrying a lookup table.
export const configure = 0;
export const open = 1;
export const event = 2;
export const merge = 3;
export const touch = 4;
export const resume = 5;
export const reset = 6;
export const state = 7;
export const explain = 8;
export const ledger = 9;
export const aside = 10;
export const close = 11;
