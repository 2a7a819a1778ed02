/**
 * Hidden HTML comments that make meshops' GitHub comments and issues findable and carry small
 * machine-readable state. Pure.
 */
const MARKER = /^<!-- ([a-z0-9][a-z0-9:._-]*) -->$/;

export type MetaValue = string | number | boolean | null;
export type CommentMeta = Record<string, MetaValue>;

/** `<!-- meshops:plan -->` → `meshops:plan`; throws on anything else. */
export function markerKey(marker: string): string {
  const m = MARKER.exec(marker);
  if (!m) throw new Error(`a marker is an HTML comment like "<!-- meshops:plan -->", got ${JSON.stringify(marker)}`);
  return m[1]!;
}

export function partMarker(key: string, part: number): string {
  return part === 1 ? `<!-- ${key} -->` : `<!-- ${key} part=${part} -->`;
}

/** Which part of `key`'s sticky comment a body is (its first line is the marker), or undefined. */
export function partOf(key: string, body: string | null | undefined): number | undefined {
  if (!body) return undefined;
  const firstLine = body.split('\n', 1)[0]!.trim();
  if (firstLine === `<!-- ${key} -->`) return 1;
  const m = /^<!-- (\S+) part=(\d{1,4}) -->$/.exec(firstLine);
  return m && m[1] === key ? Number(m[2]) : undefined;
}

/** JSON in an HTML comment: `<` and `>` escaped so the payload can never end the comment early. */
export function hiddenJson(name: string, value: unknown): string {
  const json = JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
  return `<!-- ${name} ${json} -->`;
}

export function readHiddenJson(name: string, body: string | null | undefined): unknown {
  if (!body) return undefined;
  const start = body.lastIndexOf(`<!-- ${name} `);
  if (start < 0) return undefined;
  const end = body.indexOf(' -->', start);
  if (end < 0) return undefined;
  try {
    return JSON.parse(body.slice(start + `<!-- ${name} `.length, end));
  } catch {
    return undefined;
  }
}
