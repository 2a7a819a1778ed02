import { validateShape, type OperationModel, type PathSegment, type ServiceModel, type Shape, type ShapeIssue } from '../../api-model';
import type { WireRequest } from './types';

/**
 * restJson1 driven by an AWS service model: method + URI template → operation, the input
 * assembled from URI labels, query string, headers and the JSON body, validated against the
 * model, and the output written back in wire form. The service supplies its own error type
 * through `invalid` (what a malformed request gets) so each API answers in its own error shapes.
 */

export type OperationInput = Record<string, unknown>;

export interface RoutedOperation {
  operation: OperationModel;
  /** URI labels, percent-decoded (`svc%2Fx` → `svc/x`). */
  labels: Record<string, string>;
}

interface CompiledRoute {
  operation: OperationModel;
  method: string;
  segments: ({ literal: string } | { label: string })[];
}

/** Why a request cannot be read: the message, and the fields at fault (for field lists). */
export type InvalidRequest = (message: string, issues?: ShapeIssue[]) => Error;

/** `rules[0].action.forward.targetGroups[1].weight`: how a field is named in validation messages. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

export class RestJsonProtocol {
  private readonly routes: CompiledRoute[];
  /** First path segments of every operation (`services`, `targetgroups`, ...). */
  readonly rootSegments: ReadonlySet<string>;

  constructor(
    readonly model: ServiceModel,
    private readonly options: { fullMatchPatterns?: boolean } = {},
  ) {
    // Templates with more literal segments first, so a literal never loses to a label in the same position.
    this.routes = Object.values(model.operations)
      .map(compile)
      .sort((a, b) => literalCount(b) - literalCount(a));
    this.rootSegments = new Set(this.routes.map((r) => r.segments[0]).flatMap((s) => (s && 'literal' in s ? [s.literal] : [])));
  }

  /** Whether the path's first segment is one this API serves. */
  servesPath(rawPath: string): boolean {
    const first = rawPath.split('?')[0].split('/').find((s) => s !== '');
    return first !== undefined && this.rootSegments.has(first);
  }

  /**
   * The operation for a method and a raw (still percent-encoded) path. Labels are matched on raw
   * segments, then decoded, so an ARN sent as one label (`arn%3Aaws%3A...%2Fsvc-...`) stays
   * whole. Only the leading slash is dropped: an empty segment (`/services/`) names nothing, and
   * neither does a label that decodes to `.` or `..` (a resolved URL path would go elsewhere).
   */
  route(method: string, rawPath: string, invalid: InvalidRequest): RoutedOperation | undefined {
    const parts = rawPath.split('?')[0].replace(/^\/+/, '').split('/');
    const upper = method.toUpperCase();
    for (const route of this.routes) {
      if (route.method !== upper || route.segments.length !== parts.length) continue;
      const raw: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const seg = route.segments[i];
        if ('literal' in seg) ok = seg.literal === parts[i];
        else if (parts[i] === '') ok = false;
        else raw[seg.label] = parts[i];
      }
      if (!ok) continue;
      const labels: Record<string, string> = {};
      for (const [k, v] of Object.entries(raw)) labels[k] = decodeLabel(k, v, invalid);
      return { operation: route.operation, labels };
    }
    return undefined;
  }

  /** The operation name only (fault injection and call statistics); never throws. */
  operationName(method: string, rawPath: string): string | undefined {
    try {
      return this.route(method, rawPath, (m) => new Error(m))?.operation.name;
    } catch {
      return undefined;
    }
  }

  /**
   * Builds the operation input and validates it against the model (types, required members,
   * enums, ranges, lengths, patterns, list sizes, unions). Unknown body members are refused: the
   * SDKs only send modelled members, so a stray one is a caller's mistake worth naming.
   */
  readInput(operation: OperationModel, labels: Record<string, string>, request: WireRequest, invalid: InvalidRequest): OperationInput {
    if (!operation.input) return {};
    const shapes = this.model.shapes;
    const members = shapes[operation.input].members ?? {};
    const hasBodyMembers = Object.values(members).some((m) => !m.location);
    const input: OperationInput = hasBodyMembers ? parseBody(request.body, invalid) : {};
    for (const [name, member] of Object.entries(members)) {
      const wireName = member.locationName ?? name;
      if (member.location === 'uri') {
        if (labels[wireName] !== undefined) input[name] = labels[wireName];
      } else if (member.location === 'querystring') {
        const raw = request.query[wireName];
        if (raw !== undefined) input[name] = this.queryValue(raw, shapes[member.shape], name, invalid);
      } else if (member.location === 'header') {
        const raw = request.headers[wireName.toLowerCase()];
        if (raw !== undefined) input[name] = raw;
      }
    }
    const issues = validateShape(shapes, operation.input, input, [], { fullMatchPatterns: this.options.fullMatchPatterns }).filter((i) => i.severity === 'error');
    if (issues.length > 0) {
      const shown = issues.slice(0, 10).map((i) => `Value at '${formatPath(i.path)}' failed to satisfy constraint: ${i.message}`);
      const n = issues.length;
      throw invalid(`${n} validation error${n === 1 ? '' : 's'} detected: ${shown.join('; ')}${n > shown.length ? `; and ${n - shown.length} more` : ''}`, issues);
    }
    return input;
  }

  private queryValue(raw: string | string[], shape: Shape, name: string, invalid: InvalidRequest): unknown {
    if (shape.type === 'list') return (Array.isArray(raw) ? raw : [raw]).map((v) => this.queryValue(v, this.model.shapes[shape.member!.shape], name, invalid));
    const text = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    switch (shape.type) {
      case 'integer':
      case 'long':
        if (!/^-?\d+$/.test(text)) throw invalid(`1 validation error detected: Value at '${name}' failed to satisfy constraint: must be an integer (got ${JSON.stringify(text)})`, [{ path: [name], code: 'type', message: 'must be an integer', severity: 'error' }]);
        return Number(text);
      case 'boolean':
        if (text !== 'true' && text !== 'false') throw invalid(`1 validation error detected: Value at '${name}' failed to satisfy constraint: must be true or false (got ${JSON.stringify(text)})`, [{ path: [name], code: 'type', message: 'must be true or false', severity: 'error' }]);
        return text === 'true';
      default:
        return text;
    }
  }

  /** A value in the model's wire form: only declared body members, absent ones omitted, timestamps as the shape says. */
  toWire(shapeName: string, value: unknown): unknown {
    // Timestamps come as Dates or epoch milliseconds.
    if (value === undefined || value === null) return undefined;
    const shape = this.model.shapes[shapeName];
    switch (shape.type) {
      case 'structure': {
        const out: Record<string, unknown> = {};
        const v = value as Record<string, unknown>;
        for (const [name, member] of Object.entries(shape.members ?? {})) {
          if (member.location) continue;
          const child = this.toWire(member.shape, v[name]);
          if (child !== undefined) out[name] = child;
        }
        return out;
      }
      case 'list':
        return (value as unknown[]).map((item) => this.toWire(shape.member!.shape, item)).filter((item) => item !== undefined);
      case 'map':
        return Object.fromEntries(
          Object.entries(value as Record<string, unknown>)
            .map(([k, item]) => [k, this.toWire(shape.value!.shape, item)])
            .filter(([, item]) => item !== undefined),
        );
      case 'timestamp': {
        const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(String(value));
        // Records keep epoch milliseconds; restJson1 sends epoch seconds unless the shape says iso8601.
        return shape.timestampFormat === 'iso8601' ? new Date(ms).toISOString() : ms / 1000;
      }
      default:
        return value;
    }
  }

  /** The response body of an operation's output: the payload member itself, or the body members. */
  outputBody(operation: OperationModel, output: Record<string, unknown>): unknown {
    if (!operation.output) return {};
    const shape = this.model.shapes[operation.output];
    if (shape.payload) return this.toWire(shape.members![shape.payload].shape, output[shape.payload]) ?? {};
    return this.toWire(operation.output, output) ?? {};
  }
}

function compile(operation: OperationModel): CompiledRoute {
  const path = (operation.http.requestUri ?? '/').split('?')[0];
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      const label = /^\{([^}+]+)\+?\}$/.exec(s);
      return label ? { label: label[1] } : { literal: s };
    });
  return { operation, method: (operation.http.method ?? 'GET').toUpperCase(), segments };
}

/** `.` and `..` address another resource once a URL path is resolved: no name may be one. */
export function isDotSegment(name: string): boolean {
  return name === '.' || name === '..';
}

function decodeLabel(label: string, raw: string, invalid: InvalidRequest): string {
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    throw invalid(`the path parameter ${label} is not valid percent-encoding: ${raw}`);
  }
  if (isDotSegment(value)) throw invalid(`the path parameter ${label} cannot be ${JSON.stringify(value)}: a URL path resolves "." and ".."`);
  return value;
}

function literalCount(route: CompiledRoute): number {
  return route.segments.filter((s) => 'literal' in s).length;
}

function parseBody(body: string, invalid: InvalidRequest): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw invalid('the request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid('the request body must be a JSON object');
  return parsed as Record<string, unknown>;
}
