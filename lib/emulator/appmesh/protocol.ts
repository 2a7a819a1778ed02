import type { OperationModel } from '../../api-model';
import { appMeshModel } from '../../api-model/service-models';
import { RestJsonProtocol, type OperationInput } from '../wire/rest-json';
import type { WireRequest, WireResponse } from '../wire/types';
import { AppMeshApiError, badRequest } from './errors';

export { formatPath, type OperationInput } from '../wire/rest-json';

/**
 * restJson1 as App Mesh speaks it (docs/aws-behaviour.md §2, §11), driven by the model (wire/rest-json.ts):
 * the input is assembled from URI labels, query parameters and the JSON body and validated; the
 * output is the payload member (the resource object itself) or the body members; timestamps are
 * epoch seconds with a millisecond fraction; absent members are omitted. A malformed request is
 * a BadRequestException.
 */
export const appMeshProtocol = new RestJsonProtocol(appMeshModel);

export function readInput(operation: OperationModel, labels: Record<string, string>, request: WireRequest): OperationInput {
  return appMeshProtocol.readInput(operation, labels, request, badRequest);
}

/** The response body of an operation's output: the payload member itself, or the body members. */
export function outputBody(operation: OperationModel, output: Record<string, unknown>): unknown {
  return appMeshProtocol.outputBody(operation, output);
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
