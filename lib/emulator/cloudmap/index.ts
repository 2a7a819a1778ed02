// lib/emulator/cloudmap: the emulated AWS Cloud Map API (awsJson1_1). protocol.ts/serialize.ts are
// the wire layer; namespaces, services, service-attributes, instances, operations and tags hold the
// resource logic, one module per kind; settle.ts moves asynchronous operations along. State lives
// under `state.cloudmap` (state.ts); no I/O here beyond what the injected store does.
import type { EmulatedService, ServiceEnv } from '../core/service';
import type { EmulatorState } from '../core/state-store';
import type { HandledRequest, WireRequest, WireResponse } from '../wire/types';
import type { CloudMapContext } from './context';
import { CloudMapApiError } from './errors';
import {
  deregisterInstance,
  discoverInstances,
  discoverInstancesRevision,
  getInstance,
  getInstancesHealthStatus,
  listInstances,
  registerInstance,
  updateInstanceCustomHealthStatus,
} from './instances';
import {
  createHttpNamespace,
  createPrivateDnsNamespace,
  createPublicDnsNamespace,
  deleteNamespace,
  getNamespace,
  listNamespaces,
  updateHttpNamespace,
  updatePrivateDnsNamespace,
  updatePublicDnsNamespace,
} from './namespaces';
import { getOperation, listOperations } from './operations';
import { checkInput, errorResponse, operationModel, parseInput, successResponse, targetOf } from './protocol';
import { deleteServiceAttributes, getServiceAttributes, updateServiceAttributes } from './service-attributes';
import { createService, deleteService, getService, listServices, updateService } from './services';
import { hasDueOperations, settleOperations } from './settle';
import { readableState, writableState } from './state';
import { listTagsForResource, tagResource, untagResource } from './tags';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- inputs are checked against the model before a handler runs
type Handler = (ctx: CloudMapContext, input: any) => unknown;

/** Every Cloud Map operation; `write` marks those that change state (they run in a write transaction). */
const HANDLERS: Record<string, { run: Handler; write: boolean }> = {
  CreateHttpNamespace: { run: createHttpNamespace, write: true },
  CreatePrivateDnsNamespace: { run: createPrivateDnsNamespace, write: true },
  CreatePublicDnsNamespace: { run: createPublicDnsNamespace, write: true },
  GetNamespace: { run: getNamespace, write: false },
  ListNamespaces: { run: listNamespaces, write: false },
  UpdateHttpNamespace: { run: updateHttpNamespace, write: true },
  UpdatePrivateDnsNamespace: { run: updatePrivateDnsNamespace, write: true },
  UpdatePublicDnsNamespace: { run: updatePublicDnsNamespace, write: true },
  DeleteNamespace: { run: deleteNamespace, write: true },
  CreateService: { run: createService, write: true },
  GetService: { run: getService, write: false },
  ListServices: { run: listServices, write: false },
  UpdateService: { run: updateService, write: true },
  DeleteService: { run: deleteService, write: true },
  GetServiceAttributes: { run: getServiceAttributes, write: false },
  UpdateServiceAttributes: { run: updateServiceAttributes, write: true },
  DeleteServiceAttributes: { run: deleteServiceAttributes, write: true },
  RegisterInstance: { run: registerInstance, write: true },
  DeregisterInstance: { run: deregisterInstance, write: true },
  GetInstance: { run: getInstance, write: false },
  ListInstances: { run: listInstances, write: false },
  GetInstancesHealthStatus: { run: getInstancesHealthStatus, write: false },
  UpdateInstanceCustomHealthStatus: { run: updateInstanceCustomHealthStatus, write: true },
  DiscoverInstances: { run: discoverInstances, write: false },
  DiscoverInstancesRevision: { run: discoverInstancesRevision, write: false },
  GetOperation: { run: getOperation, write: false },
  ListOperations: { run: listOperations, write: false },
  TagResource: { run: tagResource, write: true },
  UntagResource: { run: untagResource, write: true },
  ListTagsForResource: { run: listTagsForResource, write: false },
};

type Outcome = { ok: true; output: unknown } | { ok: false; error: CloudMapApiError };

function attempt(fn: () => unknown): Outcome {
  try {
    return { ok: true, output: fn() };
  } catch (err) {
    if (err instanceof CloudMapApiError) return { ok: false, error: err };
    throw err;
  }
}

/**
 * Runs one operation. Writes, and reads that find an operation due to move on, run in a write
 * transaction that settles operations first (so GetOperation/GetNamespace see the new status and
 * effect, and the file store persists them); the settlement commits even when the operation itself
 * is refused. Other reads take the cheaper read path.
 */
function execute(env: ServiceEnv, name: string, input: Record<string, unknown>): Outcome {
  const handler = HANDLERS[name];
  const now = env.clock.now();
  const needsWrite = handler.write || env.store.read((root: EmulatorState) => hasDueOperations(readableState(root), now));
  if (!needsWrite) return env.store.read((root) => attempt(() => handler.run({ state: readableState(root), env, now }, input)));
  return env.store.write((root) => {
    const ctx: CloudMapContext = { state: writableState(root), env, now };
    settleOperations(ctx);
    return attempt(() => handler.run(ctx, input));
  });
}

function errorBody(type: 'ThrottlingException' | 'InternalFailure' | 'ServiceUnavailable', message: string, status: number): WireResponse {
  return errorResponse(new CloudMapApiError(type, message, {}, status));
}

export function createCloudMapService(): EmulatedService {
  let serverErrors = 0;
  return {
    name: 'cloudmap',
    matches: (request: WireRequest) => targetOf(request) !== undefined,
    operationOf: (request: WireRequest) => {
      const name = targetOf(request);
      return operationModel(name) && HANDLERS[name!] ? name : undefined;
    },
    handle(request: WireRequest, env: ServiceEnv): HandledRequest {
      const name = targetOf(request) ?? '';
      const operation = operationModel(name);
      if (!operation || !HANDLERS[name]) {
        return { operation: name || 'Unknown', response: errorResponse(new CloudMapApiError('UnknownOperationException', `Unknown operation ${name}`)) };
      }
      try {
        const input = parseInput(request);
        checkInput(operation, input);
        const outcome = execute(env, name, input);
        return { operation: name, response: outcome.ok ? successResponse(operation, outcome.output) : errorResponse(outcome.error) };
      } catch (err) {
        if (err instanceof CloudMapApiError) return { operation: name, response: errorResponse(err) };
        return { operation: name, response: errorBody('InternalFailure', `The emulator failed on ${name}: ${(err as Error).message}`, 500) };
      }
    },
    // ThrottlingException is one of the codes every SDK retries as throttling, with backoff.
    throttled: (operation: string) => errorBody('ThrottlingException', `Rate exceeded (${operation})`, 400),
    // Alternate the two 5xx answers AWS gives, so clients are exercised on both.
    serverError: (operation: string) =>
      serverErrors++ % 2 === 0
        ? errorBody('InternalFailure', `The request processing has failed because of an unknown error (${operation})`, 500)
        : errorBody('ServiceUnavailable', `The service is unavailable; try again (${operation})`, 503),
    taggedResources: (root: EmulatorState) => {
      const state = readableState(root);
      return [...Object.values(state.namespaces), ...Object.values(state.services)]
        .filter((r) => r.tags.length > 0)
        .map((r) => ({ arn: r.arn, tags: Object.fromEntries(r.tags.map((t) => [t.Key, t.Value])) }));
    },
  };
}

export const cloudMapService: EmulatedService = createCloudMapService();
