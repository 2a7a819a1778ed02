import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { SourceError } from './errors';

/**
 * A streaming reader for gzip'd tar archives (GitHub's commit tarballs): ustar headers, pax
 * extended and global headers, GNU long names, base-256 sizes. Nothing is written to disk and only
 * the entries the visitor keeps are buffered, so memory stays bounded whatever the archive holds.
 * Every limit is checked as bytes arrive: a gzip bomb stops at `maxUncompressedBytes`, a lying
 * header at its declared size, an endless archive at `maxEntries`.
 */
export interface ArchiveLimits {
  /** Gzip bytes read from the network. */
  maxCompressedBytes: number;
  /** Tar bytes after gunzip (the whole repository, not only what is kept). */
  maxUncompressedBytes: number;
  maxEntries: number;
  /** Path of one entry, in bytes. */
  maxPathBytes: number;
  /** One pax extended header. */
  maxPaxBytes: number;
}

/**
 * Defaults sized for a configuration repository with room to spare: 100 MiB of gzip, 512 MiB of
 * tar, 100,000 entries. A mesh repository is usually well under 1 MiB; the bounds exist so that a
 * hostile or accidental giant costs seconds, not the Lambda.
 */
export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxCompressedBytes: 100 * 1024 * 1024,
  maxUncompressedBytes: 512 * 1024 * 1024,
  maxEntries: 100_000,
  maxPathBytes: 4096,
  maxPaxBytes: 1024 * 1024,
};

export type ArchiveEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface ArchiveEntryInfo {
  /** Path below the archive's top folder, POSIX, no trailing slash. */
  path: string;
  type: ArchiveEntryType;
  /** Declared content size (regular files). */
  size: number;
  linkTarget?: string;
}

export interface ArchiveVisitor {
  /** Called for every entry but the top folder; `keep` buffers a regular file and hands it to `file`. */
  entry(info: ArchiveEntryInfo): 'keep' | 'skip';
  file(path: string, content: Uint8Array): void;
}

export interface ArchiveSummary {
  /** The top folder every entry sits in (GitHub: `owner-repo-sha7`). */
  topFolder?: string;
  /** The pax global header's `comment`: `git archive` writes the commit SHA there. */
  commitSha?: string;
  entries: number;
  compressedBytes: number;
  uncompressedBytes: number;
}

export type ArchiveErrorReason = 'corrupt' | 'unsafe-path' | 'limit' | 'not-gzip';

/** The archive is damaged, hostile, or too big. Not retryable: the same commit gives the same archive. */
export class ArchiveError extends SourceError {
  override name = 'ArchiveError';
  constructor(
    readonly reason: ArchiveErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const decoder = new TextDecoder('utf-8');

function cString(block: Uint8Array, offset: number, length: number): string {
  let end = offset;
  while (end < offset + length && block[end] !== 0) end++;
  return decoder.decode(block.subarray(offset, end));
}

function numeric(block: Uint8Array, offset: number, length: number, field: string): number {
  // GNU base-256: the high bit of the first byte set; the rest is a big-endian number.
  if (block[offset]! & 0x80) {
    if (block[offset] === 0xff) throw new ArchiveError('corrupt', `negative ${field} in a tar header`);
    let value = BigInt(block[offset]! & 0x7f);
    for (let i = offset + 1; i < offset + length; i++) value = (value << 8n) | BigInt(block[i]!);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) return Number.MAX_SAFE_INTEGER;
    return Number(value);
  }
  const text = cString(block, offset, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new ArchiveError('corrupt', `malformed ${field} "${text}" in a tar header`);
  return parseInt(text, 8);
}

function checksumOk(block: Uint8Array): boolean {
  const stored = numeric(block, 148, 8, 'checksum');
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < 512; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  // Some old writers summed signed bytes; both are accepted, as tar does.
  return stored === unsigned || stored === signed;
}

function parsePax(data: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < data.length) {
    let space = pos;
    while (space < data.length && data[space] !== 0x20) space++;
    const len = Number(decoder.decode(data.subarray(pos, space)));
    if (!Number.isSafeInteger(len) || len <= 0 || pos + len > data.length) {
      // Trailing NUL padding is tolerated; anything else is not.
      if (data.subarray(pos).every((b) => b === 0)) break;
      throw new ArchiveError('corrupt', 'malformed pax extended header');
    }
    const record = decoder.decode(data.subarray(space + 1, pos + len - 1));
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    pos += len;
  }
  return out;
}

type Pending = { kind: 'pax' | 'global' | 'longname' | 'longlink'; chunks: Uint8Array[]; remaining: number; padding: number };
type Body = { kind: 'data'; path: string; keep: Uint8Array[] | undefined; remaining: number; padding: number };

/** Incremental tar parser: push bytes as they come, then end(). */
class TarParser {
  private header = new Uint8Array(512);
  private headerFill = 0;
  private body: Body | Pending | undefined;
  private skipPadding = 0;
  private zeroBlocks = 0;
  private ended = false;
  private pax: Record<string, string> = {};
  private longName: string | undefined;
  private longLink: string | undefined;
  private readonly kept = new Set<string>();
  readonly summary: ArchiveSummary = { entries: 0, compressedBytes: 0, uncompressedBytes: 0 };

  constructor(
    private readonly visitor: ArchiveVisitor,
    private readonly limits: ArchiveLimits,
  ) {}

  push(chunk: Uint8Array): void {
    let off = 0;
    while (off < chunk.length) {
      if (this.ended) return; // bytes after the end-of-archive blocks (record padding) are ignored
      if (this.skipPadding > 0) {
        const n = Math.min(this.skipPadding, chunk.length - off);
        this.skipPadding -= n;
        off += n;
        continue;
      }
      if (this.body) {
        const n = Math.min(this.body.remaining, chunk.length - off);
        const slice = chunk.subarray(off, off + n);
        if (this.body.kind === 'data') {
          if (this.body.keep) this.body.keep.push(slice.slice());
        } else {
          this.body.chunks.push(slice.slice());
        }
        this.body.remaining -= n;
        off += n;
        if (this.body.remaining === 0) this.finishBody();
        continue;
      }
      const n = Math.min(512 - this.headerFill, chunk.length - off);
      this.header.set(chunk.subarray(off, off + n), this.headerFill);
      this.headerFill += n;
      off += n;
      if (this.headerFill === 512) {
        this.headerFill = 0;
        this.onHeader(this.header);
      }
    }
  }

  end(): ArchiveSummary {
    if (!this.ended) {
      const where = this.body ? 'inside an entry' : this.headerFill > 0 ? 'inside a header' : 'before the end-of-archive blocks';
      throw new ArchiveError('corrupt', `the archive is truncated (it ends ${where})`);
    }
    return this.summary;
  }

  private finishBody(): void {
    const body = this.body!;
    this.body = undefined;
    this.skipPadding = body.padding;
    if (body.kind === 'data') {
      if (body.keep) this.visitor.file(body.path, concat(body.keep));
      return;
    }
    const data = concat(body.chunks);
    if (body.kind === 'pax') this.pax = { ...this.pax, ...parsePax(data) };
    else if (body.kind === 'global') {
      const comment = parsePax(data).comment;
      if (comment !== undefined) this.summary.commitSha = comment.trim();
    } else {
      const name = decoder.decode(data).replace(/\0+$/, '');
      if (body.kind === 'longname') this.longName = name;
      else this.longLink = name;
    }
  }

  private onHeader(block: Uint8Array): void {
    if (block.every((b) => b === 0)) {
      this.zeroBlocks++;
      if (this.zeroBlocks >= 2) this.ended = true;
      return;
    }
    if (this.zeroBlocks > 0) throw new ArchiveError('corrupt', 'a lone zero block in the middle of the archive');
    if (!checksumOk(block)) throw new ArchiveError('corrupt', `bad tar header checksum after ${this.summary.entries} entries (the archive is damaged)`);
    const typeflag = String.fromCharCode(block[156]!);
    const declared = numeric(block, 124, 12, 'size');
    const padding = (512 - (declared % 512)) % 512;

    if (typeflag === 'x' || typeflag === 'g' || typeflag === 'L' || typeflag === 'K') {
      const max = typeflag === 'L' || typeflag === 'K' ? this.limits.maxPathBytes : this.limits.maxPaxBytes;
      if (declared > max) throw new ArchiveError('limit', `a tar ${typeflag === 'L' || typeflag === 'K' ? 'long-name' : 'pax'} header of ${declared} bytes is over the ${max}-byte limit`);
      const kind = typeflag === 'x' ? 'pax' : typeflag === 'g' ? 'global' : typeflag === 'L' ? 'longname' : 'longlink';
      this.body = { kind, chunks: [], remaining: declared, padding };
      if (declared === 0) this.finishBody();
      return;
    }

    this.summary.entries++;
    if (this.summary.entries > this.limits.maxEntries) throw new ArchiveError('limit', `the archive has more than ${this.limits.maxEntries} entries`);

    const magic = cString(block, 257, 6);
    const prefix = magic === 'ustar' ? cString(block, 345, 155) : '';
    const headerName = prefix ? `${prefix}/${cString(block, 0, 100)}` : cString(block, 0, 100);
    const rawPath = this.pax.path ?? this.longName ?? headerName;
    const linkTarget = this.pax.linkpath ?? this.longLink ?? cString(block, 157, 100);
    const paxSize = this.pax.size !== undefined ? Number(this.pax.size) : undefined;
    if (paxSize !== undefined && (!Number.isSafeInteger(paxSize) || paxSize < 0)) throw new ArchiveError('corrupt', `malformed pax size "${this.pax.size}"`);
    this.pax = {};
    this.longName = undefined;
    this.longLink = undefined;
    const size = paxSize ?? declared;
    const dataPadding = (512 - (size % 512)) % 512;
    if (size > this.limits.maxUncompressedBytes) throw new ArchiveError('limit', `entry ${rawPath} declares ${size} bytes, over the archive limit of ${this.limits.maxUncompressedBytes}`);

    const type: ArchiveEntryType = typeflag === '0' || typeflag === '\0' || typeflag === '7' ? 'file' : typeflag === '5' ? 'directory' : typeflag === '2' ? 'symlink' : typeflag === '1' ? 'hardlink' : 'other';
    const path = this.stripTop(rawPath, type);
    // Links and devices carry no data, except in archives that lie; their bytes are skipped either way.
    const dataSize = type === 'file' || type === 'other' ? size : 0;
    let keep: Uint8Array[] | undefined;
    if (path !== undefined) {
      const info: ArchiveEntryInfo = { path, type, size: dataSize, ...(type === 'symlink' || type === 'hardlink' ? { linkTarget } : {}) };
      if (this.visitor.entry(info) === 'keep' && type === 'file') {
        if (this.kept.has(path)) throw new ArchiveError('corrupt', `the archive holds ${path} twice`);
        this.kept.add(path);
        keep = [];
      }
    }
    if (dataSize === 0) {
      if (keep) this.visitor.file(path!, new Uint8Array(0));
      return;
    }
    this.body = { kind: 'data', path: path ?? '', keep, remaining: dataSize, padding: dataPadding };
  }

  /** The path below the top folder; undefined for the top folder itself. Refuses anything that could leave it. */
  private stripTop(rawPath: string, type: ArchiveEntryType): string | undefined {
    if (new TextEncoder().encode(rawPath).length > this.limits.maxPathBytes) throw new ArchiveError('limit', `an entry path is longer than ${this.limits.maxPathBytes} bytes`);
    const unsafe = (why: string) => new ArchiveError('unsafe-path', `the archive entry ${JSON.stringify(rawPath.slice(0, 200))} ${why}; the archive is refused`);
    if (rawPath.includes('\0')) throw unsafe('contains a NUL character');
    if (rawPath.startsWith('/') || /^[A-Za-z]:[\\/]/.test(rawPath)) throw unsafe('is an absolute path');
    const segments = rawPath.replace(/\/+$/, '').split('/');
    if (segments.some((s) => s === '..')) throw unsafe('climbs out of its folder (..)');
    const top = segments.shift()!;
    if (top === '' || top === '.') throw unsafe('has no top folder');
    if (this.summary.topFolder === undefined) this.summary.topFolder = top;
    else if (top !== this.summary.topFolder) throw unsafe(`is outside the archive's top folder ${this.summary.topFolder}`);
    if (segments.length === 0) {
      if (type !== 'directory') throw unsafe('is not inside the top folder');
      return undefined;
    }
    return segments.join('/');
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Gunzips and parses an archive as its bytes arrive, calling the visitor for each entry.
 * `source` is any async iterable of bytes (a fetch body, a Buffer wrapped in an array).
 */
export async function readTarGz(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, visitor: ArchiveVisitor, limits: Partial<ArchiveLimits> = {}): Promise<ArchiveSummary> {
  const bounds: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
  const parser = new TarParser(visitor, bounds);
  const summary = parser.summary;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      summary.compressedBytes += chunk.length;
      if (summary.compressedBytes > bounds.maxCompressedBytes) throw new ArchiveError('limit', `the archive is larger than ${bounds.maxCompressedBytes} bytes compressed`);
      yield chunk;
    }
  }
  const input = Readable.from(counted());
  const gunzip = createGunzip();
  input.on('error', (err) => gunzip.destroy(err));
  input.pipe(gunzip);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      summary.uncompressedBytes += chunk.length;
      // Checked per chunk (zlib emits 16 KiB at a time), so a gzip bomb never inflates far past the limit.
      if (summary.uncompressedBytes > bounds.maxUncompressedBytes) throw new ArchiveError('limit', `the archive inflates to more than ${bounds.maxUncompressedBytes} bytes`);
      parser.push(chunk);
    }
  } catch (err) {
    if (err instanceof SourceError) throw err;
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('Z_') || code === 'ERR_ZLIB') throw new ArchiveError(code === 'Z_DATA_ERROR' && summary.uncompressedBytes === 0 ? 'not-gzip' : 'corrupt', `the archive is not valid gzip data (${(err as Error).message})`, { cause: err });
    throw err;
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  return parser.end();
}
