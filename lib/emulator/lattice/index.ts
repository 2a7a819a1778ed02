// The emulated VPC Lattice API (restJson1, on the same port as App Mesh and Cloud Map). Wire
// layer: protocol.ts over the generic wire/rest-json.ts and the model; errors.ts. Resource logic:
// one module per kind (service-networks, services, listeners, rules, target-groups, targets,
// associations), actions.ts and references.ts (what forwards where), tags.ts, quotas.ts,
// idempotency.ts, pagination.ts; context.ts holds lookups and the asynchronous statuses.
import { randomUUID } from 'node:crypto';
import type { EmulatedService, ServiceEnv } from '../core/service';
import type { EmulatorState } from '../core/state-store';
import type { HandledRequest, WireRequest, WireResponse } from '../wire/types';
import { LatticeContext } from './context';
import { invalidRequest, LatticeApiError, NOT_EMULATED, UNKNOWN_OPERATION } from './errors';
import { OPERATION_HANDLERS } from './handlers';
import { errorResponse, jsonResponse, latticeProtocol } from './protocol';
import { readableState, writableState } from './state';
import { latticeResourceTags } from './tags';
import { setTargetHealth, type TargetStatus } from './targets';

export { OPERATION_HANDLERS } from './handlers';
export { LATTICE_QUOTAS } from './quotas';
export { latticeResourceTags } from './tags';
export type { LatticeKind, LatticeRecord, LatticeState } from './state';
export type { TargetStatus } from './targets';

function handle(request: WireRequest, env: ServiceEnv): HandledRequest {
  const requestId = randomUUID();
  let operation = 'Unknown';
  try {
    const routed = latticeProtocol.route(request.method, request.path, invalidRequest);
    if (!routed) throw new LatticeApiError(UNKNOWN_OPERATION, `No VPC Lattice operation answers ${request.method} ${request.path}`);
    operation = routed.operation.name;
    const handler = OPERATION_HANDLERS[operation];
    if (!handler) throw new LatticeApiError(NOT_EMULATED, `The emulator does not implement the VPC Lattice operation ${operation}`);
    const input = latticeProtocol.readInput(routed.operation, routed.labels, request, invalidRequest);
    const output = handler.mutates
      ? env.store.write((state) => {
          const ctx = new LatticeContext(env, writableState(state));
          ctx.settle();
          return handler.run(ctx, input);
        })
      : env.store.read((state) => handler.run(new LatticeContext(env, readableState(state)), input));
    return { operation, response: jsonResponse(routed.operation.http.responseCode ?? 200, latticeProtocol.outputBody(routed.operation, output), requestId) };
  } catch (err) {
    if (err instanceof LatticeApiError) return { operation, response: errorResponse(err, requestId) };
    // A bug or an unreadable state file: the service's 500, with the cause in the message.
    const internal = new LatticeApiError('InternalServerException', `Internal error in the emulator: ${(err as Error)?.message ?? String(err)}`);
    return { operation, response: errorResponse(internal, requestId) };
  }
}

export const latticeService: EmulatedService = {
  name: 'lattice',
  matches: (request) => latticeProtocol.servesPath(request.path),
  operationOf: (request) => latticeProtocol.operationName(request.method, request.path),
  handle,
  throttled: (): WireResponse => errorResponse(new LatticeApiError('ThrottlingException', 'Rate exceeded'), randomUUID()),
  serverError: (): WireResponse => errorResponse(new LatticeApiError('InternalServerException', 'An internal error occurred (injected fault)'), randomUUID()),
  taggedResources: (state, env) => latticeResourceTags(state, env.clock.now()).filter((r) => Object.keys(r.tags).length > 0),
};

/**
 * Forces (or, with `undefined`, clears) the health ListTargets reports for a registered target:
 * the emulator sends no health checks, so a test says what they would have found.
 */
export function setLatticeTargetHealth(env: ServiceEnv, targetGroupIdentifier: string, target: { id: string; port?: number }, status: { status: TargetStatus; reasonCode?: string } | undefined): void {
  env.store.write((state: EmulatorState) => setTargetHealth(new LatticeContext(env, writableState(state)), targetGroupIdentifier, target, status));
}
