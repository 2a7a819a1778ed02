import type { PathSegment, Position } from '../model';
import { PositionIndex } from '../model';
import type { JsonObject, JsonValue } from '../resources';
import type { SourceOrigins } from './source-origins';

/**
 * One resource document made from the input, with the source position of each of its fields, so
 * that validating it reports the file and line the user wrote (not the file we are about to write).
 */
export interface ImportedDocument {
  /** kind, name, mesh, parent field, spec, tags: a resource document as the repository holds it. */
  value: JsonObject;
  /** The input file, as given on the command line. */
  file: string;
  /** Where the object it was made from starts. */
  start: Position;
  positions: PositionIndex;
  /** What the input calls it: `Resources.ColorTellerNode`, `VirtualNode yelb/yelb-db`. */
  origin: string;
}

/** Builds an ImportedDocument field by field, each field placed at a source position. */
export class DocumentBuilder {
  readonly value: JsonObject = {};
  readonly positions = new PositionIndex();

  constructor(
    readonly file: string,
    readonly start: Position,
    readonly origin: string,
  ) {
    this.positions.set([], { value: start });
  }

  /** Sets a top-level field; `at` is where its source is (defaults to the object's start). */
  set(field: string, value: JsonValue, at?: { value?: Position; key?: Position }): void {
    this.value[field] = value;
    this.place([field], at);
  }

  place(path: PathSegment[], at?: { value?: Position; key?: Position }): void {
    this.positions.set(path, { value: at?.value ?? at?.key ?? this.start, ...(at?.key ? { key: at.key } : {}) });
  }

  build(): ImportedDocument {
    return { value: this.value, file: this.file, start: this.start, positions: this.positions, origin: this.origin };
  }
}

/** The source position of `container[key]` as a field placement. */
export function sourceAt(origins: SourceOrigins, container: object | undefined, key?: PathSegment): { value?: Position; key?: Position } {
  const value = origins.locate(container, key);
  const keyPos = key === undefined ? undefined : origins.locate(container, key, true);
  return { ...(value ? { value } : {}), ...(keyPos ? { key: keyPos } : {}) };
}
