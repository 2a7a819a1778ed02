/* eslint-disable @typescript-eslint/no-require-imports -- deliberate: the full parser loads on first use */
import type { Document, Node, ParsedNode, Tags } from 'yaml';
import type { Diagnostic, DiagnosticCode, PathSegment } from '../diagnostics';
import { formatBytes, MAX_ALIAS_COUNT, MAX_EXPANDED_NODES, MAX_FILE_BYTES, MAX_NESTING_DEPTH } from '../limits';
import { fastParseYaml, type FastDocument } from './fast-parse';
import { exceedsFlowDepth } from './prescan';
import { PositionIndex, type Position } from './positions';

/**
 * The full parser (a syntax tree with positions), loaded when a file first needs it: valid files
 * in the usual style are read by the fast reader, and most runs never load it.
 */
let yamlModule: typeof import('yaml') | undefined;
const yaml = (): typeof import('yaml') => (yamlModule ??= require('yaml') as typeof import('yaml'));

/** One YAML document of a file, converted to plain values, with the position of every key and value. */
export interface ParsedDocument {
  file: string;
  /** 0-based index of the document in its file. */
  index: number;
  value: unknown;
  positions: PositionIndex;
  /** Where the document's content starts. */
  start: Position;
  /**
   * The converter refused part of it (a duplicate key, a tag, a merge key; reported): the value
   * lacks those parts, so it serves only to know which resource the document declares.
   */
  hasErrors?: boolean;
}

export interface ParsedFile {
  file: string;
  /** The decoded text (absent when the file is not UTF-8). */
  text?: string;
  /** Non-empty documents only (including those with `hasErrors`). */
  documents: ParsedDocument[];
  diagnostics: Diagnostic[];
}

/** The core schema's tags (YAML 1.2): anything else (`!Ref`, `!!binary`, `!!timestamp`, `!!set`) is refused. */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

class DocumentAbort extends Error {}

/**
 * Local tags a caller accepts beyond the core schema (CloudFormation's `!Ref`, `!Sub`, …): the
 * parser learns them from `customTags`, and a node carrying one becomes `{ [longForm(tag)]: content }`,
 * its content converted as if untagged (positions recorded under that key).
 */
export interface YamlTagSchema {
  customTags: Tags;
  longForm(tag: string): string | undefined;
}

export interface ParseOptions {
  tags?: YamlTagSchema;
  /**
   * `lazy` (the default): a file the fast reader accepts (plain YAML, valid) gets its positions
   * when a diagnostic first asks for them, by parsing it again with the full parser; `eager`: the
   * full parser reads every file at once (for callers that use every position).
   */
  positions?: 'lazy' | 'eager';
}

/**
 * Decodes and parses one file into documents. Refuses, with file:line:column: non-UTF-8 bytes,
 * files over the size limit, YAML syntax errors, duplicate keys, tags outside the core schema,
 * merge keys, nesting deeper than MAX_NESTING_DEPTH, and aliases beyond MAX_ALIAS_COUNT or
 * expanding to more than MAX_EXPANDED_NODES nodes (alias bombs). Pure.
 */
export function parseYamlFile(file: string, content: Uint8Array | string, options: ParseOptions = {}): ParsedFile {
  const fail = (code: DiagnosticCode, message: string, line?: number, column?: number): ParsedFile => ({
    file,
    documents: [],
    diagnostics: [{ severity: 'error', code, message, file, ...(line !== undefined ? { line, column } : {}) }],
  });
  const size = typeof content === 'string' ? new TextEncoder().encode(content).byteLength : content.byteLength;
  if (size > MAX_FILE_BYTES) return fail('file-too-large', `${file} is ${formatBytes(size)}; files may be at most ${formatBytes(MAX_FILE_BYTES)}`);
  let text: string;
  if (typeof content === 'string') {
    text = content;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      const at = firstInvalidUtf8(content);
      return fail('not-utf8', `${file} is not valid UTF-8 (byte 0x${content[at.offset].toString(16).padStart(2, '0')} at line ${at.line}); save it as UTF-8`, at.line, at.column);
    }
  }
  const oddText = checkText(file, text);
  if (oddText) return { file, text, documents: [], diagnostics: [oddText] };
  if (exceedsFlowDepth(text)) {
    return { ...fail('yaml-too-deep', `collections nest deeper than ${MAX_NESTING_DEPTH} levels`), text };
  }
  if (options.positions !== 'eager') {
    const fast = fastParseYaml(text);
    if (fast) {
      let full: ParsedFile | undefined;
      const positioned = () => (full ??= parseText(file, text, options));
      return { file, text, documents: fast.documents.map((d) => lazyDocument(file, d, positioned)), diagnostics: [] };
    }
  }
  return parseText(file, text, options);
}

/**
 * A document the fast reader read: the value and start are its own; the positions come from the
 * full parser, run on the whole file the first time any of its documents is asked for them.
 */
function lazyDocument(file: string, d: FastDocument, positioned: () => ParsedFile): ParsedDocument {
  let positions: PositionIndex | undefined;
  return {
    file,
    index: d.index,
    value: d.value,
    start: d.start,
    get positions() {
      return (positions ??= positioned().documents.find((p) => p.index === d.index)?.positions ?? new PositionIndex());
    },
  };
}

/** The full parser's reading of a decoded text that passed the checks above. */
function parseText(file: string, text: string, options: ParseOptions): ParsedFile {
  const diagnostics: Diagnostic[] = [];
  const fail = (code: DiagnosticCode, message: string): ParsedFile => ({ file, text, documents: [], diagnostics: [{ severity: 'error', code, message, file }] });
  const { LineCounter, isScalar, parseAllDocuments } = yaml();
  const lineCounter = new LineCounter();
  const pos = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, {
      lineCounter,
      schema: 'core',
      // Force YAML 1.2 whatever a `%YAML 1.1` directive says: 1.1 reads `yes`/`no`/`on` as
      // booleans and `0777` as octal, a classic source of wrong values.
      version: '1.2',
      // Duplicates are detected below, with the position of the first occurrence in the message.
      uniqueKeys: false,
      prettyErrors: false,
      strict: true,
      ...(options.tags ? { customTags: options.tags.customTags } : {}),
    });
    docs = [...parsed];
    // A stream without documents (only comments or directives) still carries its errors.
    if ('empty' in parsed && parsed.empty) {
      for (const e of parsed.errors) diagnostics.push(syntaxError(file, text, e, pos));
    }
  } catch (err) {
    // The parser is not expected to throw on any input; a stack overflow on a pathological file
    // is reported like a syntax error rather than crashing the whole run.
    return fail('yaml-syntax', `cannot parse ${file}: ${(err as Error).message}`);
  }
  diagnostics.push(...yamlVersionDirectives(file, text));
  const documents: ParsedDocument[] = [];
  docs.forEach((doc, index) => {
    const errorCount = diagnostics.length;
    for (const e of doc.errors) diagnostics.push(syntaxError(file, text, e, pos));
    for (const w of doc.warnings) {
      if (w.code === 'TAG_RESOLVE_FAILED') continue; // reported with its tag by the converter
      diagnostics.push({ severity: 'warning', code: 'yaml-warning', message: firstLine(w.message), file, ...pos(w.pos[0]) });
    }
    if (diagnostics.length > errorCount && diagnostics.slice(errorCount).some((d) => d.severity === 'error')) return;
    const contents = doc.contents as ParsedNode | null;
    if (contents === null || (isScalar(contents) && contents.value === null && !contents.tag)) return; // empty document
    const converter = new Converter(file, doc, pos, options.tags);
    try {
      const value = converter.convert(contents, [], 0);
      const hasErrors = converter.diagnostics.some((d) => d.severity === 'error');
      documents.push({ file, index, value, positions: converter.positions, start: pos(contents.range[0]), ...(hasErrors ? { hasErrors } : {}) });
    } catch (err) {
      if (!(err instanceof DocumentAbort)) throw err;
    }
    diagnostics.push(...converter.diagnostics);
  });
  return { file, text, documents, diagnostics };
}

/** Line and column (1-based, in characters) of an offset, before any parser has run. */
function lineColumn(text: string, offset: number): Position {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * What the parser would report misleadingly, said plainly: a byte order mark after the start of
 * the file (files joined with `cat` keep each one's; the parser reads it as part of a key, and
 * the document then has no `kind`), and line breaks of CR alone (classic Mac OS; the parser
 * reads the whole file as one line).
 */
function checkText(file: string, text: string): Diagnostic | undefined {
  const bom = text.indexOf('\uFEFF', 1);
  if (bom !== -1) {
    return { severity: 'error', code: 'byte-order-mark', message: `a byte order mark (U+FEFF, invisible in most editors) in the middle of ${file}; remove it (only the very start of a file may hold one)`, file, ...lineColumn(text, bom) };
  }
  const cr = /\r(?!\n)/.exec(text);
  if (cr) {
    return { severity: 'error', code: 'line-endings', message: `${file} ends lines with CR alone (classic Mac OS line endings); save it with LF or CRLF line endings`, file, ...lineColumn(text, cr.index) };
  }
  return undefined;
}

/**
 * meshops reads YAML 1.2 whatever a `%YAML` directive says; a file that asks for another version
 * would mean other values (in 1.1, `010` is 8 and `yes` is true), so the directive is refused.
 */
function yamlVersionDirectives(file: string, text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const m of text.matchAll(/^%YAML[ \t]+(\S+)/gm)) {
    if (m[1] === '1.2') continue;
    out.push({
      severity: 'error',
      code: 'yaml-version',
      message: `%YAML ${m[1]}: meshops reads YAML 1.2 only (YAML 1.1 reads 010 as 8 and yes as true, 1.2 as 10 and "yes"); remove the directive and check such values`,
      file,
      ...lineColumn(text, m.index),
    });
  }
  return out;
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

function yamlError(file: string, code: string, message: string, at: Position): Diagnostic {
  return { severity: 'error', code: 'yaml-syntax', message: `YAML: ${firstLine(message)}${code ? ` (${code})` : ''}`, file, ...at };
}

/**
 * The parser reports an unclosed flow collection where it notices it (the next line); the
 * mistake is the opening bracket. Finds the innermost `{`/`[` still open at `offset`, skipping
 * quoted scalars and comments.
 */
export function unclosedFlowOpener(text: string, offset: number, open: '{' | '['): number | undefined {
  const stack: { ch: string; at: number }[] = [];
  let quote: string | undefined;
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if ((c === '"' || c === "'") && (stack.length > 0 || /[\s:[{,-]/.test(text[i - 1] ?? ' '))) quote = c;
    else if (c === '#' && /\s/.test(text[i - 1] ?? ' ')) while (i < text.length && text[i] !== '\n') i++;
    else if (c === '{' || c === '[') stack.push({ ch: c, at: i });
    else if ((c === '}' || c === ']') && stack.length) stack.pop();
  }
  for (let k = stack.length - 1; k >= 0; k--) if (stack[k].ch === open) return stack[k].at;
  return undefined;
}

function syntaxError(file: string, text: string, e: { code: string; message: string; pos: [number, number] }, pos: (offset: number) => Position): Diagnostic {
  const unclosed = /^Flow (map|sequence) in block collection must be sufficiently indented and end with a ([}\]])/.exec(e.message);
  if (unclosed) {
    const opener = unclosedFlowOpener(text, e.pos[0], unclosed[2] === '}' ? '{' : '[');
    if (opener !== undefined) {
      const at = pos(opener);
      const seen = pos(e.pos[0]);
      return yamlError(file, e.code, `this flow ${unclosed[1] === 'map' ? 'mapping' : 'sequence'} is not closed with ${unclosed[2]} before line ${seen.line}`, at);
    }
  }
  return yamlError(file, e.code, e.message, pos(e.pos[0]));
}

/** Turns a YAML node tree into plain values while recording positions and enforcing the limits. */
class Converter {
  readonly positions = new PositionIndex();
  readonly diagnostics: Diagnostic[] = [];
  private aliases = 0;
  private nodes = 0;
  private readonly expanding = new Set<Node>();
  private anchorTargets?: Map<Node, Node | undefined>;

  constructor(
    private readonly file: string,
    private readonly doc: Document.Parsed,
    private readonly pos: (offset: number) => Position,
    private readonly tags?: YamlTagSchema,
  ) {}

  private error(code: DiagnosticCode, message: string, node: Node | undefined | null): void {
    const range = node?.range;
    this.diagnostics.push({ severity: 'error', code, message, file: this.file, ...(range ? this.pos(range[0]) : {}) });
  }

  private at(node: Node | undefined | null): Position | undefined {
    return node?.range ? this.pos(node.range[0]) : undefined;
  }

  convert(node: Node | null | undefined, path: PathSegment[], depth: number, keyNode?: Node | null, untagged = false): unknown {
    if (++this.nodes > MAX_EXPANDED_NODES) {
      this.error('yaml-alias-bomb', `the document expands to more than ${MAX_EXPANDED_NODES} nodes once its aliases are resolved; refusing it (an alias bomb?)`, node);
      throw new DocumentAbort();
    }
    const valuePos = this.at(node) ?? this.at(keyNode);
    if (valuePos) this.positions.set(path, { value: valuePos, ...(keyNode ? { key: this.at(keyNode) } : {}) });
    if (node === null || node === undefined) return null;
    const { isAlias, isMap, isScalar, isSeq } = yaml();
    if (isAlias(node)) return this.resolveAlias(node, path, depth, keyNode);
    const longForm = node.tag && !untagged && !CORE_TAGS.has(node.tag) ? this.tags?.longForm(node.tag) : undefined;
    if (longForm !== undefined) return { [longForm]: this.convert(node, [...path, longForm], depth + 1, keyNode, true) };
    if (node.tag && !untagged && !CORE_TAGS.has(node.tag)) {
      this.error('yaml-tag', `unsupported tag ${node.tag.replace(/^tag:yaml\.org,2002:/, '!!')}: mesh files are plain YAML (core schema); CloudFormation-style tags such as !Ref are not evaluated`, node);
      return null;
    }
    if (isScalar(node)) {
      const v = node.value;
      if (typeof v === 'number' && node.type === 'PLAIN' && /^[-+]?0[0-9]/.test(node.source ?? '')) {
        const p = this.at(node);
        this.diagnostics.push({
          severity: 'warning',
          code: 'yaml-leading-zero',
          message: `${node.source} is read as the number ${v} (YAML 1.2 has no octal with a leading 0); write ${v}, or quote it for a string`,
          file: this.file,
          ...p,
        });
      }
      if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
      this.error('yaml-tag', `unsupported scalar value`, node);
      return null;
    }
    if (depth >= MAX_NESTING_DEPTH) {
      this.error('yaml-too-deep', `collections nest deeper than ${MAX_NESTING_DEPTH} levels`, node);
      throw new DocumentAbort();
    }
    if (isSeq(node)) {
      return node.items.map((item, i) => this.convert(item as Node | null, [...path, i], depth + 1));
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      const seen = new Map<string, Node>();
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        if (!isScalar(key) || key.value === null || typeof key.value === 'object') {
          this.error('yaml-key', 'mapping keys must be plain strings', key ?? node);
          continue;
        }
        if (key.tag && !CORE_TAGS.has(key.tag)) {
          this.error('yaml-tag', `unsupported tag ${key.tag}`, key);
          continue;
        }
        const name = String(key.value);
        if (name === '<<' && key.type === 'PLAIN') {
          this.error('yaml-merge-key', 'merge keys (<<) are not supported: YAML 1.2 has none; repeat the fields, or use an anchor for a whole value', key);
          continue;
        }
        const first = seen.get(name);
        if (first) {
          const p = this.at(first);
          this.error('duplicate-key', `duplicate key "${name}"${p ? ` (first at line ${p.line})` : ''}`, key);
          continue;
        }
        seen.set(name, key);
        // Object.prototype keys are data here, never accessors.
        Object.defineProperty(out, name, {
          value: this.convert(pair.value as Node | null, [...path, name], depth + 1, key),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    this.error('yaml-syntax', 'unsupported YAML node', node);
    return null;
  }

  private resolveAlias(node: Node & { source: string }, path: PathSegment[], depth: number, keyNode?: Node | null): unknown {
    if (++this.aliases > MAX_ALIAS_COUNT) {
      this.error('yaml-alias-bomb', `more than ${MAX_ALIAS_COUNT} aliases in one document; refusing it (an alias bomb?)`, node);
      throw new DocumentAbort();
    }
    const target = this.anchorTarget(node);
    if (!target) {
      this.error('yaml-alias', `unknown alias *${node.source}: no anchor &${node.source} before it`, node);
      return null;
    }
    if (this.expanding.has(target)) {
      this.error('yaml-alias', `alias *${node.source} refers to a value that contains it`, node);
      throw new DocumentAbort();
    }
    this.expanding.add(target);
    try {
      // Values inside the alias keep the positions where they are written (at the anchor).
      return this.convert(target, path, depth, keyNode);
    } finally {
      this.expanding.delete(target);
    }
  }

  /** The last node anchored `&source` before the alias (YAML's rule), computed once per document. */
  private anchorTarget(alias: Node & { source: string }): Node | undefined {
    if (!this.anchorTargets) {
      const targets = new Map<Node, Node | undefined>();
      const latest = new Map<string, Node>();
      yaml().visit(this.doc, {
        Node: (_key, n) => {
          if (yaml().isAlias(n)) targets.set(n, latest.get(n.source));
          const anchor = (n as { anchor?: string }).anchor;
          if (anchor) latest.set(anchor, n);
        },
      });
      this.anchorTargets = targets;
    }
    return this.anchorTargets.get(alias);
  }
}

/** Where the first invalid UTF-8 sequence starts (byte offset, line, column counted in bytes). */
export function firstInvalidUtf8(bytes: Uint8Array): { offset: number; line: number; column: number } {
  let i = 0;
  let line = 1;
  let lineStart = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    // [continuation bytes needed, smallest code point that may use that many] per lead byte.
    let need: number;
    let min: number;
    if (b < 0x80) [need, min] = [0, 0];
    else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else break;
    let cp = need === 0 ? b : b & (0x3f >> need);
    let ok = i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    if (!ok || (need > 0 && cp < min) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) break;
    if (b === 0x0a) {
      line++;
      lineStart = i + 1;
    }
    i += need + 1;
  }
  return { offset: Math.min(i, bytes.length - 1), line, column: i - lineStart + 1 };
}
