/**
 * The `yaml` parser runs out of memory on very deep flow collections (`[[[[…` 100,000 levels
 * deep exhausts the heap: a crash, not an exception), so this scan runs before it. It counts
 * every bracket, in strings and comments too: it can only over-count, never let a deep file
 * through. The real depth limit (MAX_NESTING_DEPTH) is checked precisely on the parsed tree; the
 * bound here is far above it so that no legitimate file trips it.
 */
export const PRESCAN_FLOW_DEPTH = 1000;

export function exceedsFlowDepth(text: string, limit = PRESCAN_FLOW_DEPTH): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if ((c === 0x5d /* ] */ || c === 0x7d) /* } */ && depth > 0) {
      depth--;
    }
  }
  return false;
}
