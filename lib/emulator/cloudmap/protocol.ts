import { randomUUID } from 'node:crypto';
import { validateShape, type OperationModel, type PathSegment } from '../../api-model';
import { cloudMapModel } from '../../api-model/service-models';
import type { WireRequest, WireResponse } from '../wire/types';
import { CloudMapApiError, invalidInput } from './errors';
import { serializeOutput } from './serialize';

/**
 * The awsJson1_1 wire layer of Cloud Map: `POST /` with `x-amz-target:
 * Route53AutoNaming_v20170314.<Operation>`, a JSON object of input members in, a JSON object of
 * output members out, errors as HTTP 400 `{"__type", "Message", ...extra members}`.
 */
export const TARGET_PREFIX = `${cloudMapModel.metadata.targetPrefix}.`;
export const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** The operation named by `x-amz-target`, known or not; undefined when the header is not Cloud Map's. */
export function targetOf(request: WireRequest): string | undefined {
  const target = request.headers['x-amz-target'];
  return target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
}

export function operationModel(name: string | undefined): OperationModel | undefined {
  return name !== undefined && Object.hasOwn(cloudMapModel.operations, name) ? cloudMapModel.operations[name] : undefined;
}

export function parseInput(request: WireRequest): Record<string, unknown> {
  if (request.body.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(request.body);
  } catch (err) {
    throw new CloudMapApiError('SerializationException', `The request body is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CloudMapApiError('SerializationException', 'The request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

function formatPath(path: PathSegment[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Validates the input against the operation's input shape; InvalidInput names every offending field. */
export function checkInput(operation: OperationModel, input: Record<string, unknown>): void {
  if (!operation.input) return;
  const errors = validateShape(cloudMapModel.shapes, operation.input, input).filter((i) => i.severity === 'error');
  if (errors.length === 0) return;
  const details = errors.map((e) => (e.path.length ? `${formatPath(e.path)}: ${e.message}` : e.message));
  throw invalidInput(`${errors.length} validation error${errors.length > 1 ? 's' : ''} detected: ${details.join('; ')}`);
}

function headers(): Record<string, string> {
  return { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID() };
}

export function successResponse(operation: OperationModel, output: unknown): WireResponse {
  return { statusCode: 200, headers: headers(), body: JSON.stringify(serializeOutput(cloudMapModel.shapes, operation.output, output)) };
}

export function errorResponse(error: CloudMapApiError): WireResponse {
  return {
    statusCode: error.statusCode,
    headers: { ...headers(), 'x-amzn-errortype': error.type },
    body: JSON.stringify({ __type: error.type, Message: error.message, ...error.members }),
  };
}
