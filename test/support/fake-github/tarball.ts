import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * A tar writer for tests: GitHub-shaped commit tarballs (a pax global header carrying the commit
 * SHA, as `git archive` writes it, then everything under `owner-repo-sha7/`), and hand-made hostile
 * archives (any path, links, devices, lying sizes, corrupt checksums, missing end blocks).
 */
export interface TarEntrySpec {
  path: string;
  type?: 'file' | 'directory' | 'symlink' | 'hardlink' | 'chardev' | 'fifo' | 'contiguous';
  content?: string | Uint8Array;
  linkTarget?: string;
  mode?: number;
  /** Extra pax records for this entry (a `path` record overrides the header's name). */
  pax?: Record<string, string>;
  /** Writes this size in the header instead of the content's (a lying header). */
  declaredSize?: number;
  /** Writes the size in GNU base-256 form. */
  base256Size?: boolean;
  /** Spoils the header checksum. */
  badChecksum?: boolean;
  /** GNU long-name ('L') entry instead of pax for a long path. */
  gnuLongName?: boolean;
}

const TYPEFLAG: Record<NonNullable<TarEntrySpec['type']>, string> = { file: '0', directory: '5', symlink: '2', hardlink: '1', chardev: '3', fifo: '6', contiguous: '7' };
const enc = new TextEncoder();

function bytes(content: string | Uint8Array | undefined): Uint8Array {
  return content === undefined ? new Uint8Array(0) : typeof content === 'string' ? enc.encode(content) : content;
}

function writeString(block: Uint8Array, offset: number, length: number, value: string): void {
  const b = enc.encode(value);
  block.set(b.subarray(0, length), offset);
}

function octal(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, '0') + '\0';
}

function header(name: string, typeflag: string, size: number, options: { mode?: number; linkname?: string; prefix?: string; base256?: boolean; badChecksum?: boolean }): Uint8Array {
  const block = new Uint8Array(512);
  writeString(block, 0, 100, name);
  writeString(block, 100, 8, octal(options.mode ?? (typeflag === '5' ? 0o755 : 0o644), 8));
  writeString(block, 108, 8, octal(0, 8));
  writeString(block, 116, 8, octal(0, 8));
  if (options.base256 || size > 0o77777777777) {
    block[124] = 0x80;
    let v = BigInt(size);
    for (let i = 135; i > 124; i--) {
      block[i] = Number(v & 0xffn);
      v >>= 8n;
    }
  } else {
    writeString(block, 124, 12, octal(size, 12));
  }
  writeString(block, 136, 12, octal(1764072000, 12));
  block[156] = typeflag.charCodeAt(0);
  writeString(block, 157, 100, options.linkname ?? '');
  writeString(block, 257, 6, 'ustar\0');
  writeString(block, 263, 2, '00');
  writeString(block, 265, 32, 'root');
  writeString(block, 297, 32, 'root');
  writeString(block, 345, 155, options.prefix ?? '');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  if (options.badChecksum) sum += 1;
  writeString(block, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

function paxRecords(records: Record<string, string>): Uint8Array {
  let out = '';
  for (const [key, value] of Object.entries(records)) {
    const body = ` ${key}=${value}\n`;
    let len = enc.encode(body).length + 1;
    while (String(len).length + enc.encode(body).length !== len) len = String(len).length + enc.encode(body).length;
    out += `${len}${body}`;
  }
  return enc.encode(out);
}

function padded(data: Uint8Array): Uint8Array[] {
  const rest = data.length % 512;
  return rest === 0 ? [data] : [data, new Uint8Array(512 - rest)];
}

export interface BuildTarOptions {
  globalPax?: Record<string, string>;
  /** Leave off the two zero blocks that end an archive. */
  omitEnd?: boolean;
}

export function buildTar(entries: TarEntrySpec[], options: BuildTarOptions = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  if (options.globalPax) {
    const data = paxRecords(options.globalPax);
    parts.push(header('pax_global_header', 'g', data.length, {}), ...padded(data));
  }
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    const data = bytes(entry.content);
    const pax: Record<string, string> = { ...entry.pax };
    let name = entry.path;
    if (enc.encode(name).length > 100) {
      if (entry.gnuLongName) {
        const longName = enc.encode(`${name}\0`);
        parts.push(header('././@LongLink', 'L', longName.length, {}), ...padded(longName));
      } else {
        pax.path = name;
      }
      name = name.slice(0, 99);
    }
    if (Object.keys(pax).length > 0) {
      const paxData = paxRecords(pax);
      parts.push(header(`PaxHeader/${name}`.slice(0, 99), 'x', paxData.length, {}), ...padded(paxData));
    }
    const size = type === 'file' || type === 'contiguous' ? data.length : 0;
    parts.push(
      header(name, TYPEFLAG[type], entry.declaredSize ?? size, {
        ...(entry.mode !== undefined ? { mode: entry.mode } : {}),
        ...(entry.linkTarget !== undefined ? { linkname: entry.linkTarget } : {}),
        ...(entry.base256Size ? { base256: true } : {}),
        ...(entry.badChecksum ? { badChecksum: true } : {}),
      }),
    );
    if (size > 0) parts.push(...padded(data));
  }
  if (!options.omitEnd) parts.push(new Uint8Array(1024));
  return Buffer.concat(parts);
}

export interface CommitTarballOptions {
  owner?: string;
  repo?: string;
  sha: string;
  /** Entries added after the files (links, odd paths), under the same top folder unless `absolute`. */
  extraEntries?: TarEntrySpec[];
}

/** A commit tarball as GitHub serves it: gzip, pax global comment = SHA, `owner-repo-sha7/` top folder. */
export function buildCommitTarball(files: Record<string, string | Uint8Array>, options: CommitTarballOptions): Uint8Array {
  const top = `${options.owner ?? 'acme'}-${options.repo ?? 'mesh-config'}-${options.sha.slice(0, 7)}/`;
  const dirs = new Set<string>();
  for (const path of Object.keys(files)) {
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) dirs.add(`${segments.slice(0, i).join('/')}/`);
  }
  const paths = [...dirs, ...Object.keys(files)].sort();
  const entries: TarEntrySpec[] = [
    { path: top, type: 'directory' },
    ...paths.map((p): TarEntrySpec => (p.endsWith('/') ? { path: top + p, type: 'directory' } : { path: top + p, content: files[p]! })),
    ...(options.extraEntries ?? []).map((e) => ({ ...e, path: top + e.path })),
  ];
  return gzipSync(buildTar(entries, { globalPax: { comment: options.sha } }));
}

/** Every regular file under a directory, keyed by its slash-separated relative path. */
export function filesFromDirectory(dir: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      const stat = statSync(full);
      if (stat.isDirectory()) walk(full);
      else if (stat.isFile()) out[relative(dir, full).split(sep).join('/')] = readFileSync(full);
    }
  };
  walk(dir);
  return out;
}
