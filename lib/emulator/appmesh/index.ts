// The emulated App Mesh API (restJson1). Wire layer: operation-router.ts (method + URI template →
// operation), protocol.ts (input assembly and validation, output and error serialization),
// errors.ts. Resource logic: resource-operations.ts over kinds/ (one module per kind), tags.ts,
// context.ts (lookups, references, deletion rules), idempotency.ts, pagination.ts, quotas.ts.
import { randomUUID } from 'node:crypto';
import type { EmulatedService, ServiceEnv } from '../core/service';
import type { HandledRequest, WireRequest, WireResponse } from '../wire/types';
import { AppMeshContext } from './context';
import { AppMeshApiError, UNKNOWN_OPERATION } from './errors';
import { OPERATION_HANDLERS } from './handlers';
import { APP_MESH_PATH_PREFIX, operationName, routeRequest } from './operation-router';
import { errorResponse, jsonResponse, readInput } from './protocol';
import { readableState, writableState } from './state';

export { OPERATION_HANDLERS } from './handlers';
export type { AppMeshState, ResourceRecord } from './state';

function handle(request: WireRequest, env: ServiceEnv): HandledRequest {
  const requestId = randomUUID();
  let operation = 'Unknown';
  try {
    const routed = routeRequest(request.method, request.path);
    const handler = routed && OPERATION_HANDLERS[routed.operation.name];
    if (!routed || !handler) throw new AppMeshApiError(UNKNOWN_OPERATION, `No App Mesh operation answers ${request.method} ${request.path}`);
    operation = routed.operation.name;
    const input = readInput(routed.operation, routed.labels, request);
    const body = handler.mutates
      ? env.store.write((state) => handler.run(new AppMeshContext(env, writableState(state)), routed.operation, input))
      : env.store.read((state) => handler.run(new AppMeshContext(env, readableState(state)), routed.operation, input));
    return { operation, response: jsonResponse(routed.operation.http.responseCode ?? 200, body, requestId) };
  } catch (err) {
    if (err instanceof AppMeshApiError) return { operation, response: errorResponse(err, requestId) };
    // A bug or an unreadable state file: the service's 500, with the cause in the message.
    const internal = new AppMeshApiError('InternalServerErrorException', `Internal error in the emulator: ${(err as Error)?.message ?? String(err)}`);
    return { operation, response: errorResponse(internal, requestId) };
  }
}

export const appMeshService: EmulatedService = {
  name: 'appmesh',
  matches: (request) => request.path.startsWith(APP_MESH_PATH_PREFIX),
  operationOf: (request) => operationName(request.method, request.path),
  handle,
  throttled: (): WireResponse => errorResponse(new AppMeshApiError('TooManyRequestsException', 'Rate exceeded'), randomUUID()),
  serverError: (): WireResponse => errorResponse(new AppMeshApiError('InternalServerErrorException', 'An internal error occurred (injected fault)'), randomUUID()),
  taggedResources: (state) =>
    Object.values(readableState(state).resources)
      .filter((r) => r.tags.length > 0)
      .map((r) => ({ arn: r.arn, tags: Object.fromEntries(r.tags.map((t) => [t.key, t.value])) })),
};
