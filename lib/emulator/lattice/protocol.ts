import { vpcLatticeModel } from '../../api-model/service-models';
import { RestJsonProtocol } from '../wire/rest-json';
import type { WireResponse } from '../wire/types';
import type { LatticeApiError } from './errors';

/**
 * restJson1 as VPC Lattice speaks it: routes, bindings and validation from the model. The
 * model's name and identifier patterns carry no anchors, and the service matches them against
 * the whole value (`My-Service` is refused), so patterns are full matches here.
 */
export const latticeProtocol = new RestJsonProtocol(vpcLatticeModel, { fullMatchPatterns: true });

export function jsonResponse(statusCode: number, body: unknown, requestId: string, extraHeaders: Record<string, string> = {}): WireResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, ...extraHeaders },
    // 204 No Content carries no body at all.
    body: statusCode === 204 ? '' : JSON.stringify(body),
  };
}

/** An error as restJson1 clients read it: status, `x-amzn-errortype`, `{"message": ..., <members>}`. */
export function errorResponse(error: LatticeApiError, requestId: string): WireResponse {
  return jsonResponse(error.statusCode, { message: error.message, ...error.members }, requestId, { 'x-amzn-errortype': error.errorName });
}
