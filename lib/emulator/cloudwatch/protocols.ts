import { randomUUID } from 'node:crypto';
import { cbor, dateToTag } from '@smithy/core/cbor';
import type { WireRequest, WireResponse } from '../wire/types';
import { CloudWatchApiError } from './errors';

/**
 * CloudWatch speaks three protocols, and clients pick by age: Smithy RPC v2 CBOR (the AWS CLI
 * and botocore today), awsJson1_0 with query compatibility (the JS SDK v3 today), and awsQuery
 * (older SDKs and CLIs). One request model, three wire forms; errors carry the awsQuery code in
 * `x-amzn-query-error` on the first two so query-compatible clients name them the same.
 */
export type CloudWatchProtocol = 'cbor' | 'json' | 'query';

export const TARGET_PREFIX = 'GraniteServiceVersion20100801';
const CBOR_PATH = `/service/${TARGET_PREFIX}/operation/`;
const XML_NAMESPACE = 'http://monitoring.amazonaws.com/doc/2010-08-01/';
const API_VERSION = '2010-08-01';
const TIMESTAMPS = new Set(['StateUpdatedTimestamp', 'StateTransitionedTimestamp', 'AlarmConfigurationUpdatedTimestamp']);

export interface DecodedRequest {
  protocol: CloudWatchProtocol;
  operation: string;
}

function isQueryBody(request: WireRequest): boolean {
  return request.method === 'POST' && (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') && new URLSearchParams(request.body).get('Version') === API_VERSION;
}

/** The protocol and operation, or undefined when the request is not CloudWatch's. */
export function recognize(request: WireRequest): DecodedRequest | undefined {
  if (request.path.startsWith(CBOR_PATH)) return { protocol: 'cbor', operation: decodeURIComponent(request.path.slice(CBOR_PATH.length)) };
  const target = request.headers['x-amz-target'];
  if (target?.startsWith(`${TARGET_PREFIX}.`)) return { protocol: 'json', operation: target.slice(TARGET_PREFIX.length + 1) };
  if (isQueryBody(request)) return { protocol: 'query', operation: new URLSearchParams(request.body).get('Action') ?? '' };
  return undefined;
}

export function parseInput(request: WireRequest, protocol: CloudWatchProtocol): Record<string, unknown> {
  try {
    switch (protocol) {
      case 'cbor': {
        const bytes = request.rawBody ?? new TextEncoder().encode(request.body);
        if (bytes.byteLength === 0) return {};
        const value = cbor.deserialize(bytes);
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('the body is not a CBOR map');
        return value as Record<string, unknown>;
      }
      case 'json': {
        if (request.body.trim() === '') return {};
        const value = JSON.parse(request.body);
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('the body is not a JSON object');
        return value as Record<string, unknown>;
      }
      case 'query':
        return parseQuery(request.body);
    }
  } catch (err) {
    if (err instanceof CloudWatchApiError) throw err;
    throw new CloudWatchApiError('SerializationException', `The request body could not be read: ${(err as Error).message}`);
  }
}

/** `AlarmNames.member.1=a&Dimensions.member.1.Name=x` → `{ AlarmNames: ['a'], Dimensions: [{ Name: 'x' }] }`. */
export function parseQuery(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (key === 'Action' || key === 'Version') continue;
    const parts = key.split('.');
    let node: Record<string, unknown> | unknown[] = out;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const last = i === parts.length - 1;
      if (part === 'member' && Array.isArray(node)) continue;
      const index = Array.isArray(node) ? Number(part) - 1 : undefined;
      if (index !== undefined && (!Number.isInteger(index) || index < 0 || index > 1000)) throw new CloudWatchApiError('InvalidParameterValueException', `${key} is not a valid list member.`);
      const nextIsList = parts[i + 1] === 'member';
      const holder = node as Record<string, unknown> & unknown[];
      const slot = index !== undefined ? index : part;
      if (last) {
        holder[slot as never] = value as never;
      } else {
        holder[slot as never] ??= (nextIsList ? [] : {}) as never;
        node = holder[slot as never] as Record<string, unknown> | unknown[];
      }
    }
  }
  return compact(out) as Record<string, unknown>;
}

function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
  return value;
}

function mapTimestamps(value: unknown, as: (iso: string) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => mapTimestamps(v, as));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, TIMESTAMPS.has(k) && typeof v === 'string' ? as(v) : mapTimestamps(v, as)]));
  return value;
}

function requestId(): string {
  return randomUUID();
}

export function successResponse(protocol: CloudWatchProtocol, operation: string, output: Record<string, unknown>): WireResponse {
  const id = requestId();
  switch (protocol) {
    case 'cbor':
      return { statusCode: 200, headers: { 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor', 'x-amzn-requestid': id }, body: '', bodyBytes: cbor.serialize(mapTimestamps(output, (iso) => dateToTag(new Date(iso)))) };
    case 'json':
      return { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': id }, body: JSON.stringify(mapTimestamps(output, (iso) => Date.parse(iso) / 1000)) };
    case 'query': {
      const result = Object.keys(output).length ? `<${operation}Result>${xml(output)}</${operation}Result>` : '';
      return { statusCode: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': id }, body: `<${operation}Response xmlns="${XML_NAMESPACE}">${result}<ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></${operation}Response>` };
    }
  }
}

export function errorResponse(protocol: CloudWatchProtocol, error: CloudWatchApiError): WireResponse {
  const id = requestId();
  const queryError = `${error.code};${error.fault}`;
  switch (protocol) {
    case 'cbor':
      return { statusCode: error.status, headers: { 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor', 'x-amzn-query-error': queryError, 'x-amzn-requestid': id }, body: '', bodyBytes: cbor.serialize({ __type: `com.amazonaws.cloudwatch#${error.shape}`, message: error.message }) };
    case 'json':
      return { statusCode: error.status, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': queryError, 'x-amzn-requestid': id }, body: JSON.stringify({ __type: `com.amazonaws.cloudwatch#${error.shape}`, message: error.message }) };
    case 'query':
      return {
        statusCode: error.status,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': id },
        body: `<ErrorResponse xmlns="${XML_NAMESPACE}"><Error><Type>${error.fault}</Type><Code>${escape(error.code)}</Code><Message>${escape(error.message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`,
      };
  }
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** awsQuery's XML: lists as `<member>` elements, timestamps ISO 8601, members in the order given. */
function xml(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => `<member>${xml(v)}</member>`).join('');
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${xml(v)}</${k}>`)
      .join('');
  }
  return escape(String(value));
}
