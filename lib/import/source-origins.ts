import type { PathSegment, Position, PositionIndex } from '../model';

/**
 * Where values of the input came from: each object or list an importer builds remembers the path
 * of the source node it was made from, so a problem found later (in a converted spec) is reported
 * at the line the user wrote.
 */
export class SourceOrigins {
  private readonly paths = new WeakMap<object, PathSegment[]>();

  constructor(
    readonly file: string,
    private readonly positions: PositionIndex,
  ) {}

  /** Records the source path of every object and list in `value` (a value as parsed). */
  recordParsed(value: unknown, path: PathSegment[] = []): void {
    if (typeof value !== 'object' || value === null) return;
    this.paths.set(value, path);
    if (Array.isArray(value)) value.forEach((v, i) => this.recordParsed(v, [...path, i]));
    else for (const [k, v] of Object.entries(value)) this.recordParsed(v, [...path, k]);
  }

  record(value: object, path: PathSegment[]): void {
    if (!this.paths.has(value)) this.paths.set(value, path);
  }

  pathOf(container: object): PathSegment[] | undefined {
    return this.paths.get(container);
  }

  /** The position of `container[key]` (its key when `atKey`), or of the container itself. */
  locate(container: object | undefined, key?: PathSegment, atKey = false): Position | undefined {
    const base = container ? this.paths.get(container) : undefined;
    if (!base) return undefined;
    return this.positions.locate(key === undefined ? base : [...base, key], atKey);
  }

  locatePath(path: PathSegment[], atKey = false): Position | undefined {
    return this.positions.locate(path, atKey);
  }
}
