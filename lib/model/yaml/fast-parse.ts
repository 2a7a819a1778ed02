import { MAX_EXPANDED_NODES, MAX_NESTING_DEPTH } from '../limits';
import type { Position } from './positions';

/**
 * A fast reader for the YAML that mesh repositories are written in: block mappings and sequences
 * indented with spaces, one-line scalars (plain, single- or double-quoted) and one-line flow
 * collections, comments, `---` between documents. It builds plain values and nothing else: no
 * syntax tree, no positions. Whatever it is not sure of — anchors, aliases, tags, block scalars,
 * multi-line scalars or flow collections, directives, `...`, tabs, control characters, duplicate
 * keys, merge keys, numbers with a leading 0, nesting near the limits — makes it give up
 * (`undefined`), and the caller parses the file with the full parser, which reports problems with
 * their positions. On any text it accepts, it yields exactly the values the full parser (YAML 1.2,
 * core schema) would, with no diagnostic: test/model/fast-parse.test.ts checks both against it.
 */
export interface FastDocument {
  /** 0-based index of the document in its file, counting empty documents as the full parser does. */
  index: number;
  value: unknown;
  /** Where the document's content starts (its first key, or its first `-`). */
  start: Position;
}

export interface FastParse {
  /** Non-empty documents only. */
  documents: FastDocument[];
  /** Documents in the stream, empty ones included (0 for a file of comments only). */
  count: number;
}

class OutsideSubset extends Error {}
/** Thrown to give up; one instance, so that giving up costs no stack trace. */
const outside = new OutsideSubset('outside the fast YAML subset');

function giveUp(): never {
  throw outside;
}

const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const BACKSLASH = 0x5c;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const COMMA = 0x2c;

/**
 * Characters that make the reader give up wherever they are: tabs and control characters (other
 * than LF, and CR before LF), C1 controls, NEL, the line and paragraph separators, and a byte order
 * mark (one at the very start is the full parser's to strip).
 */
const UNSUPPORTED_CHARS = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]|\r(?!\n)/;

/** Characters a plain scalar may not start with (YAML's indicators), `-`, `?` and `:` apart. */
const INDICATOR_START = new Set([...',[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));
const FLOW_INDICATOR = new Set([COMMA, LBRACKET, RBRACKET, LBRACE, RBRACE]);

// The core schema's tests, in the order the full parser tries them.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
/** A number written with a leading 0: the full parser warns about it, so the fast one gives up. */
const LEADING_ZERO = /^[-+]?0[0-9]/;
/** A character that can start a number or a special float (anything else is a string or null/bool). */
const NUMBER_START = /^[-+.0-9]/;

const DQ_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

/** A plain scalar's value under the core schema (YAML 1.2). */
function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // Most values are words: only these first letters can make anything but a string.
  if (s.length === 0 || c === 0x7e /* ~ */ || c === 0x6e || c === 0x4e /* n N */) {
    if (NULL.test(s)) return null;
    return s;
  }
  if (c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46 /* t T f F */) {
    if (BOOL.test(s)) return s.charCodeAt(0) === 0x74 || s.charCodeAt(0) === 0x54;
    return s;
  }
  if (!NUMBER_START.test(s)) return s;
  let n: number | undefined;
  if (INT_OCT.test(s)) n = parseInt(s.substring(2), 8);
  else if (INT.test(s)) n = parseInt(s, 10);
  else if (INT_HEX.test(s)) n = parseInt(s.substring(2), 16);
  else if (FLOAT_NAN.test(s)) n = s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  else if (FLOAT_EXP.test(s) || FLOAT.test(s)) n = parseFloat(s);
  if (n === undefined) return s;
  if (LEADING_ZERO.test(s)) giveUp();
  return n;
}

interface Line {
  /** 1-based line number. */
  no: number;
  /** Column (0-based) where the content starts. */
  indent: number;
  /** Offsets of the content in the text: [start, end), trailing spaces excluded. */
  start: number;
  end: number;
}

/**
 * Parses `text` if it lies within the subset, else returns `undefined` (nothing is reported: the
 * full parser then reads the file and says what is wrong, if anything).
 */
export function fastParseYaml(text: string): FastParse | undefined {
  if (UNSUPPORTED_CHARS.test(text)) return undefined;
  try {
    return new Reader(text).stream();
  } catch (err) {
    if (err === outside) return undefined;
    throw err;
  }
}

class Reader {
  private lines: Line[] = [];
  private i = 0;
  private nodes = 0;

  constructor(private readonly text: string) {}

  stream(): FastParse {
    const text = this.text;
    const documents: FastDocument[] = [];
    let count = 0;
    let sawContent = false;
    let sawMarker = false;
    const finish = () => {
      if (this.lines.length > 0) documents.push(this.document(count));
      this.lines = [];
    };
    let no = 0;
    for (let pos = 0; pos <= text.length; ) {
      const lineStart = pos;
      let eol = text.indexOf('\n', pos);
      if (eol === -1) eol = text.length;
      no++;
      pos = eol + 1;
      let end = eol;
      if (end > lineStart && text.charCodeAt(end - 1) === 0x0d) end--;
      while (end > lineStart && text.charCodeAt(end - 1) === SPACE) end--;
      let start = lineStart;
      while (start < end && text.charCodeAt(start) === SPACE) start++;
      if (start === end || text.charCodeAt(start) === HASH) continue;
      const col = start - lineStart;
      const c = text.charCodeAt(start);
      if (col === 0 && (c === DASH || c === 0x2e /* . */ || c === 0x25 /* % */)) {
        if (text.startsWith('---', start) && (end === start + 3 || text.charCodeAt(start + 3) === SPACE)) {
          // `---` alone or followed by a comment; content on the marker line is left to the full parser.
          if (end !== start + 3) {
            let k = start + 3;
            while (text.charCodeAt(k) === SPACE) k++;
            if (text.charCodeAt(k) !== HASH) giveUp();
          }
          if (sawContent || sawMarker) {
            finish();
            count++;
          }
          sawMarker = true;
          sawContent = false;
          continue;
        }
        if (c !== DASH) giveUp(); // `...` and directives
      }
      if (c === DASH && text.startsWith('---', start)) giveUp();
      if (c === 0x2e && text.startsWith('...', start)) giveUp();
      sawContent = true;
      this.lines.push({ no, indent: col, start, end });
    }
    if (sawContent || sawMarker) {
      finish();
      count++;
    }
    return { documents, count };
  }

  private document(index: number): FastDocument {
    this.i = 0;
    this.nodes = 0;
    const first = this.lines[0];
    const value = this.block(first.indent, 0);
    if (this.i !== this.lines.length) giveUp();
    return { index, value, start: { line: first.no, column: first.indent + 1 } };
  }

  /** The block collection (mapping or sequence) whose first line is the current one. */
  private block(indent: number, depth: number): unknown {
    const line = this.lines[this.i];
    if (line.indent !== indent) giveUp();
    if (depth >= MAX_NESTING_DEPTH - 1) giveUp();
    this.count();
    if (this.isSeqEntry(line)) return this.sequence(indent, depth);
    if (this.key(line.start, line.end) === undefined) giveUp(); // a scalar where a collection should be
    return this.mapping(indent, depth);
  }

  private count(): void {
    if (++this.nodes > MAX_EXPANDED_NODES / 2) giveUp();
  }

  private isSeqEntry(line: Line): boolean {
    return this.text.charCodeAt(line.start) === DASH && (line.end === line.start + 1 || this.text.charCodeAt(line.start + 1) === SPACE);
  }

  private sequence(indent: number, depth: number): unknown[] {
    const out: unknown[] = [];
    const text = this.text;
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      if (line.indent < indent) break;
      if (line.indent > indent) giveUp();
      // Not an entry at this indentation: the end of a sequence that is a key's value (the key's
      // mapping goes on), or something the caller refuses.
      if (!this.isSeqEntry(line)) break;
      let at = line.start + 1;
      while (at < line.end && text.charCodeAt(at) === SPACE) at++;
      if (at === line.end || (text.charCodeAt(at) === HASH && text.charCodeAt(at - 1) === SPACE)) {
        // `-` alone: the item is the block below, or null.
        this.i++;
        out.push(this.nestedOrNull(indent, depth, false));
        continue;
      }
      const c = text.charCodeAt(at);
      const nestedSeq = c === DASH && (at + 1 === line.end || text.charCodeAt(at + 1) === SPACE);
      if (nestedSeq || this.key(at, line.end) !== undefined) {
        // `- key: value` or `- - item`: a collection whose entries line up with this first one
        // (the line is read again as if it started there).
        const column = line.indent + (at - line.start);
        this.lines[this.i] = { no: line.no, indent: column, start: at, end: line.end };
        if (depth + 1 >= MAX_NESTING_DEPTH - 1) giveUp();
        this.count();
        out.push(nestedSeq ? this.sequence(column, depth + 1) : this.mapping(column, depth + 1));
        continue;
      }
      this.count();
      out.push(this.inline(at, line.end, depth + 1));
      this.i++;
      this.afterScalar(indent);
    }
    return out;
  }

  private mapping(indent: number, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const text = this.text;
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      if (line.indent < indent) break;
      if (line.indent > indent) giveUp();
      const key = this.key(line.start, line.end);
      if (key === undefined) giveUp();
      const name = key.name;
      if (Object.prototype.hasOwnProperty.call(out, name)) giveUp(); // duplicate: reported by the full parser
      let at = key.after;
      while (at < line.end && text.charCodeAt(at) === SPACE) at++;
      let value: unknown;
      if (at === line.end || (text.charCodeAt(at) === HASH && text.charCodeAt(at - 1) === SPACE)) {
        this.i++;
        value = this.nestedOrNull(indent, depth, true);
      } else {
        this.count();
        value = this.inline(at, line.end, depth + 1);
        this.i++;
        this.afterScalar(indent);
      }
      if (name === '__proto__') Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
      else out[name] = value;
    }
    return out;
  }

  /**
   * The value of a key or `-` with nothing after it: the more indented block on the next line, a
   * sequence at the key's own indentation (for a mapping's key), or null.
   */
  private nestedOrNull(indent: number, depth: number, ofKey: boolean): unknown {
    this.count();
    const next = this.lines[this.i];
    if (next === undefined || next.indent < indent) return null;
    if (next.indent > indent) return this.block(next.indent, depth + 1);
    if (ofKey && this.isSeqEntry(next)) {
      if (depth + 1 >= MAX_NESTING_DEPTH - 1) giveUp();
      return this.sequence(indent, depth + 1);
    }
    return null;
  }

  /** After a one-line value, a more indented line would continue it (a multi-line scalar): give up. */
  private afterScalar(indent: number): void {
    const next = this.lines[this.i];
    if (next !== undefined && next.indent > indent) giveUp();
  }

  /**
   * The mapping key at `start` (plain or quoted, followed by `:` and a space or the end of the
   * line), or undefined when the text there is not a key.
   */
  private key(start: number, end: number): { name: string; after: number } | undefined {
    const text = this.text;
    const c = text.charCodeAt(start);
    if (c === DQUOTE || c === SQUOTE) {
      const q = this.quoted(start, end);
      if (text.charCodeAt(q.after) !== COLON) return undefined;
      if (q.after + 1 !== end && text.charCodeAt(q.after + 1) !== SPACE) giveUp();
      return { name: q.value, after: q.after + 1 };
    }
    if (INDICATOR_START.has(c)) return undefined;
    if (c === DASH || c === 0x3f /* ? */ || c === COLON) {
      const n = text.charCodeAt(start + 1);
      if (start + 1 === end || n === SPACE || FLOW_INDICATOR.has(n)) return undefined;
    }
    for (let k = start; k < end; k++) {
      const ch = text.charCodeAt(k);
      if (ch === COLON && (k + 1 === end || text.charCodeAt(k + 1) === SPACE)) {
        if (text.charCodeAt(k - 1) === SPACE) giveUp(); // `key : value`
        const raw = text.slice(start, k);
        if (raw === '<<') giveUp();
        const v = resolvePlain(raw);
        if (v === null) giveUp(); // a null key is refused by the full parser
        return { name: String(v), after: k + 1 };
      }
      if (ch === HASH && text.charCodeAt(k - 1) === SPACE) return undefined;
    }
    return undefined;
  }

  /** A value written on the line after a key or `-`: a flow collection, a quoted or a plain scalar. */
  private inline(start: number, end: number, depth: number): unknown {
    const text = this.text;
    const c = text.charCodeAt(start);
    if (c === LBRACKET || c === LBRACE) {
      const r = this.flow(start, end, depth);
      this.lineTail(r.after, end);
      return r.value;
    }
    if (c === DQUOTE || c === SQUOTE) {
      const q = this.quoted(start, end);
      this.lineTail(q.after, end);
      return q.value;
    }
    if (INDICATOR_START.has(c)) giveUp();
    if (c === DASH || c === 0x3f || c === COLON) {
      const n = text.charCodeAt(start + 1);
      if (start + 1 === end || n === SPACE || FLOW_INDICATOR.has(n)) giveUp();
    }
    let stop = end;
    for (let k = start; k < end; k++) {
      const ch = text.charCodeAt(k);
      if (ch === SPACE && text.charCodeAt(k + 1) === HASH) {
        stop = k;
        break;
      }
      if (ch === COLON && (k + 1 === end || text.charCodeAt(k + 1) === SPACE)) giveUp();
    }
    while (stop > start && text.charCodeAt(stop - 1) === SPACE) stop--;
    return resolvePlain(text.slice(start, stop));
  }

  /** After a value: only spaces, then the end of the line or a comment. */
  private lineTail(at: number, end: number): void {
    const text = this.text;
    if (at === end) return;
    if (text.charCodeAt(at) !== SPACE) giveUp();
    while (at < end && text.charCodeAt(at) === SPACE) at++;
    if (at !== end && text.charCodeAt(at) !== HASH) giveUp();
  }

  /** A quoted scalar that closes on its line. */
  private quoted(start: number, end: number): { value: string; after: number } {
    const text = this.text;
    if (text.charCodeAt(start) === SQUOTE) {
      let value = '';
      let from = start + 1;
      for (;;) {
        const q = text.indexOf("'", from);
        if (q === -1 || q >= end) giveUp();
        value += text.slice(from, q);
        if (text.charCodeAt(q + 1) === SQUOTE && q + 1 < end) {
          value += "'";
          from = q + 2;
          continue;
        }
        return { value, after: q + 1 };
      }
    }
    let value = '';
    let from = start + 1;
    for (let k = from; k < end; k++) {
      const ch = text.charCodeAt(k);
      if (ch === DQUOTE) return { value: value + text.slice(from, k), after: k + 1 };
      if (ch !== BACKSLASH) continue;
      value += text.slice(from, k);
      const e = text[k + 1];
      if (k + 1 >= end) giveUp();
      const simple = DQ_ESCAPES[e];
      if (simple !== undefined) {
        value += simple;
        k++;
      } else if (e === 'x' || e === 'u' || e === 'U') {
        const length = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = text.slice(k + 2, k + 2 + length);
        if (k + 2 + length > end || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) giveUp();
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) giveUp();
        value += String.fromCodePoint(code);
        k += 1 + length;
      } else {
        giveUp();
      }
      from = k + 1;
    }
    return giveUp();
  }

  /** A flow collection (`[…]` or `{…}`) that closes on its line. */
  private flow(start: number, end: number, depth: number): { value: unknown; after: number } {
    if (depth >= MAX_NESTING_DEPTH - 1) giveUp();
    const text = this.text;
    const seq = text.charCodeAt(start) === LBRACKET;
    const close = seq ? RBRACKET : RBRACE;
    const items: unknown[] = [];
    const map: Record<string, unknown> = {};
    let at = this.skipSpaces(start + 1, end);
    if (text.charCodeAt(at) === close) return { value: seq ? items : map, after: at + 1 };
    for (;;) {
      if (seq) {
        const item = this.flowValue(at, end, depth + 1);
        items.push(item.value);
        at = item.after;
      } else {
        const key = this.flowKey(at, end);
        if (Object.prototype.hasOwnProperty.call(map, key.name)) giveUp();
        const item = this.flowValue(this.skipSpaces(key.after, end), end, depth + 1);
        if (key.name === '__proto__') Object.defineProperty(map, key.name, { value: item.value, enumerable: true, writable: true, configurable: true });
        else map[key.name] = item.value;
        at = item.after;
      }
      at = this.skipSpaces(at, end);
      const c = text.charCodeAt(at);
      if (at >= end) giveUp();
      if (c === close) return { value: seq ? items : map, after: at + 1 };
      if (c !== COMMA) giveUp();
      at = this.skipSpaces(at + 1, end);
      if (at >= end || text.charCodeAt(at) === close) giveUp(); // a trailing comma
    }
  }

  private skipSpaces(at: number, end: number): number {
    while (at < end && this.text.charCodeAt(at) === SPACE) at++;
    return at;
  }

  /** A key in a flow mapping, with its `: ` (a key without a value, or `a:b`, is left to the full parser). */
  private flowKey(start: number, end: number): { name: string; after: number } {
    const text = this.text;
    const c = text.charCodeAt(start);
    if (c === DQUOTE || c === SQUOTE) {
      const q = this.quoted(start, end);
      if (text.charCodeAt(q.after) !== COLON || text.charCodeAt(q.after + 1) !== SPACE) giveUp();
      return { name: q.value, after: q.after + 2 };
    }
    const raw = this.flowPlain(start, end);
    if (text.charCodeAt(raw.after) !== COLON || text.charCodeAt(raw.after + 1) !== SPACE) giveUp();
    if (raw.text === '<<') giveUp();
    const v = resolvePlain(raw.text);
    if (v === null) giveUp();
    return { name: String(v), after: raw.after + 2 };
  }

  private flowValue(start: number, end: number, depth: number): { value: unknown; after: number } {
    const text = this.text;
    const c = text.charCodeAt(start);
    this.count();
    if (c === LBRACKET || c === LBRACE) return this.flow(start, end, depth);
    if (c === DQUOTE || c === SQUOTE) return this.quoted(start, end);
    const raw = this.flowPlain(start, end);
    if (text.charCodeAt(raw.after) === COLON) giveUp(); // `[a: b]`, a pair in a sequence
    return { value: resolvePlain(raw.text), after: raw.after };
  }

  /**
   * A plain scalar in a flow collection: up to `,`, a closing bracket or `: `, trailing spaces
   * trimmed. Anything unusual (an indicator first, `#`, an opening bracket, `:` before a bracket)
   * gives up.
   */
  private flowPlain(start: number, end: number): { text: string; after: number } {
    const text = this.text;
    const c = text.charCodeAt(start);
    if (start >= end || INDICATOR_START.has(c)) giveUp();
    if (c === DASH || c === 0x3f || c === COLON) {
      const n = text.charCodeAt(start + 1);
      if (start + 1 >= end || n === SPACE || FLOW_INDICATOR.has(n)) giveUp();
    }
    let k = start;
    for (; k < end; k++) {
      const ch = text.charCodeAt(k);
      if (ch === COMMA || ch === RBRACKET || ch === RBRACE) break;
      if (ch === LBRACKET || ch === LBRACE || ch === HASH || ch === DQUOTE || ch === SQUOTE) giveUp();
      if (ch === COLON) {
        const n = text.charCodeAt(k + 1);
        if (n === SPACE) break;
        if (k + 1 >= end || FLOW_INDICATOR.has(n)) giveUp();
      }
    }
    let stop = k;
    while (stop > start && text.charCodeAt(stop - 1) === SPACE) stop--;
    return { text: text.slice(start, stop), after: k };
  }
}
