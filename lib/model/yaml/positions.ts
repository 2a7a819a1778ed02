import type { PathSegment } from '../diagnostics';

export interface Position {
  line: number;
  column: number;
}

interface Entry {
  /** Where the value starts (for a missing value: where its key is). */
  value: Position;
  /** Where the key that names it is, for mapping members. */
  key?: Position;
}

/** Positions of every value (and key) of one document, by path. */
export class PositionIndex {
  private readonly entries = new Map<string, Entry>();

  private static id(path: readonly PathSegment[]): string {
    return path.map((s) => (typeof s === 'number' ? `#${s}` : `.${s}`)).join('\u0000');
  }

  set(path: readonly PathSegment[], entry: Entry): void {
    this.entries.set(PositionIndex.id(path), entry);
  }

  /**
   * The position for a diagnostic about `path`: its key when `atKey` (an unknown or misplaced
   * field), else its value. A path that does not exist in the document (a missing member) falls
   * back to its closest existing ancestor's key, where the enclosing field is named.
   */
  locate(path: readonly PathSegment[], atKey = false): Position | undefined {
    const exact = this.entries.get(PositionIndex.id(path));
    if (exact) return atKey ? (exact.key ?? exact.value) : exact.value;
    for (let n = path.length - 1; n >= 0; n--) {
      const entry = this.entries.get(PositionIndex.id(path.slice(0, n)));
      if (entry) return entry.key ?? entry.value;
    }
    return undefined;
  }

  /** Position of the mapping that holds a required-but-missing member: where that mapping is named. */
  locateContainer(path: readonly PathSegment[]): Position | undefined {
    const entry = this.entries.get(PositionIndex.id(path));
    if (entry) return entry.key ?? entry.value;
    return this.locate(path);
  }
}
