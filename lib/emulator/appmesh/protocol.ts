import { validateShape, type OperationModel, type PathSegment, type Shape } from '../../api-model';
import { appMeshModel } from '../../api-model/service-models';
import type { WireRequest, WireResponse } from '../wire/types';
import { AppMeshApiError, badRequest } from './errors';

/**
 * restJson1 as App Mesh speaks it (docs/aws-behaviour.md §2, §11): the input is assembled from URI labels,
 * query parameters (`location: querystring`) and the JSON body; the output is the payload member
 * (the resource object itself) or the body members; timestamps are epoch seconds with a
 * millisecond fraction; absent members are omitted.
 */

const shapes = appMeshModel.shapes;

export type OperationInput = Record<string, unknown>;

/** `spec.listeners[0].portMapping.port`: how a field is named in a BadRequestException message. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

function queryValue(raw: string | string[], shape: Shape, name: string): unknown {
  if (shape.type === 'list') return (Array.isArray(raw) ? raw : [raw]).map((v) => queryValue(v, shapes[shape.member!.shape], name));
  const text = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  switch (shape.type) {
    case 'integer':
    case 'long':
      if (!/^-?\d+$/.test(text)) throw badRequest(`1 validation error detected: Value at '${name}' failed to satisfy constraint: must be an integer (got ${JSON.stringify(text)})`);
      return Number(text);
    case 'boolean':
      if (text !== 'true' && text !== 'false') throw badRequest(`1 validation error detected: Value at '${name}' failed to satisfy constraint: must be true or false (got ${JSON.stringify(text)})`);
      return text === 'true';
    default:
      return text;
  }
}

function parseBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw badRequest('the request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest('the request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

/**
 * Builds the operation input and validates it against the model's input shape (types, required
 * members, enums, ranges, lengths, list sizes, unions). Unknown body members are refused: the SDKs
 * only ever send modelled members, so a stray one is a caller's mistake worth naming.
 */
export function readInput(operation: OperationModel, labels: Record<string, string>, request: WireRequest): OperationInput {
  if (!operation.input) return {};
  const inputShape = shapes[operation.input];
  const members = inputShape.members ?? {};
  const hasBodyMembers = Object.values(members).some((m) => !m.location);
  const input: OperationInput = hasBodyMembers ? parseBody(request.body) : {};
  for (const [name, member] of Object.entries(members)) {
    const wireName = member.locationName ?? name;
    if (member.location === 'uri') {
      if (labels[wireName] !== undefined) input[name] = labels[wireName];
    } else if (member.location === 'querystring') {
      const raw = request.query[wireName];
      if (raw !== undefined) input[name] = queryValue(raw, shapes[member.shape], name);
    } else if (member.location === 'header') {
      const raw = request.headers[wireName.toLowerCase()];
      if (raw !== undefined) input[name] = raw;
    }
  }
  const issues = validateShape(shapes, operation.input, input).filter((i) => i.severity === 'error');
  if (issues.length > 0) {
    const shown = issues.slice(0, 10).map((i) => `Value at '${formatPath(i.path)}' failed to satisfy constraint: ${i.message}`);
    const n = issues.length;
    throw badRequest(`${n} validation error${n === 1 ? '' : 's'} detected: ${shown.join('; ')}${n > shown.length ? `; and ${n - shown.length} more` : ''}`);
  }
  return input;
}

/** A value in the model's wire form: only declared members, absent ones omitted, timestamps as epoch seconds. */
export function toWire(shapeName: string, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  const shape = shapes[shapeName];
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      const v = value as Record<string, unknown>;
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        if (member.location) continue;
        const child = toWire(member.shape, v[name]);
        if (child !== undefined) out[name] = child;
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((item) => toWire(shape.member!.shape, item)).filter((item) => item !== undefined);
    case 'map':
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .map(([k, item]) => [k, toWire(shape.value!.shape, item)])
          .filter(([, item]) => item !== undefined),
      );
    case 'timestamp':
      // Epoch seconds with the millisecond fraction, as the service sends (1563809909.282).
      return value instanceof Date ? value.getTime() / 1000 : value;
    default:
      return value;
  }
}

/** The response body of an operation's output: the payload member itself, or the body members. */
export function outputBody(operation: OperationModel, output: Record<string, unknown>): unknown {
  if (!operation.output) return {};
  const shape = shapes[operation.output];
  if (shape.payload) {
    const member = shape.members![shape.payload];
    return toWire(member.shape, output[shape.payload]) ?? {};
  }
  return toWire(operation.output, output) ?? {};
}

export function jsonResponse(statusCode: number, body: unknown, requestId: string, extraHeaders: Record<string, string> = {}): WireResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, ...extraHeaders },
    body: JSON.stringify(body),
  };
}

/** An error as restJson1 clients read it: status, `x-amzn-errortype`, `{"message": ...}`. */
export function errorResponse(error: AppMeshApiError, requestId: string): WireResponse {
  return jsonResponse(error.statusCode, { message: error.message }, requestId, { 'x-amzn-errortype': error.errorName });
}
