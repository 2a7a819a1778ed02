import type { CloudMapContext } from './context';
import { duplicateRequest, invalidInput, operationNotFound } from './errors';
import { checkFilters, matchesString, type FilterInput } from './filters';
import { newOperationId } from './ids';
import { paginate } from './pagination';
import { inFlight, nextSeq, type OperationEffect, type OperationRecord, type OperationType, type TargetType } from './state';

/**
 * Cloud Map's asynchronous operations. A write that Cloud Map runs asynchronously (namespace
 * create/update/delete, UpdateService, instance register/deregister) is validated at once, then
 * recorded here with its effect; the effect is applied only when the operation settles to
 * SUCCESS (see settle.ts). Timing comes from `env.cloudMapDelayMs` and `env.clock`: SUBMITTED,
 * PENDING after half the delay, settled after the whole delay (with delay 0: at the next request).
 */
export function submitOperation(
  ctx: CloudMapContext,
  spec: {
    type: OperationType;
    targets: Partial<Record<TargetType, string>>;
    targetsOnSuccess?: Partial<Record<TargetType, string>>;
    effect: OperationEffect;
    token?: string;
    input: string;
  },
): OperationRecord {
  const { env, now, state } = ctx;
  const delay = Math.max(0, env.cloudMapDelayMs);
  const op: OperationRecord = {
    id: newOperationId(env),
    type: spec.type,
    status: 'SUBMITTED',
    createdAt: now,
    updatedAt: now,
    pendingAt: now + Math.floor(delay / 2),
    dueAt: now + delay,
    targets: spec.targets,
    ...(spec.targetsOnSuccess ? { targetsOnSuccess: spec.targetsOnSuccess } : {}),
    // The switch is read when the operation is submitted, so what a test or a demo submits while
    // it is on fails however late it is polled.
    ...(env.cloudMapFailure ? { failure: { ...env.cloudMapFailure } } : {}),
    ...(spec.token !== undefined ? { token: spec.token } : {}),
    input: spec.input,
    effect: spec.effect,
    seq: nextSeq(state),
  };
  state.operations[op.id] = op;
  state.pending.push(op.id);
  return op;
}

/** The operation in flight that a new operation on the same target would collide with. */
export function inFlightOn(ctx: CloudMapContext, match: (op: OperationRecord) => boolean): OperationRecord | undefined {
  return inFlight(ctx.state).find(match);
}

export function refuseDuplicate(op: OperationRecord | undefined, what: string): void {
  if (op) throw duplicateRequest(op.id, `Another operation (${op.type} ${op.id}) is already in progress for ${what}`);
}

/** Targets as GetOperation shows them: a created namespace's id only once the operation succeeded. */
export function visibleTargets(op: OperationRecord): Partial<Record<TargetType, string>> {
  return op.status === 'SUCCESS' ? { ...op.targets, ...op.targetsOnSuccess } : op.targets;
}

function operationOutput(ctx: CloudMapContext, op: OperationRecord) {
  return {
    Id: op.id,
    OwnerAccount: ctx.env.account,
    Type: op.type,
    Status: op.status,
    ErrorMessage: op.errorMessage,
    ErrorCode: op.errorCode,
    CreateDate: new Date(op.createdAt),
    UpdateDate: new Date(op.updatedAt),
    Targets: visibleTargets(op),
  };
}

export function getOperation(ctx: CloudMapContext, input: { OperationId: string; OwnerAccount?: string }) {
  const op = ctx.state.operations[input.OperationId];
  // Operations are per account; another account's are not visible (no sharing is emulated).
  if (!op || (input.OwnerAccount !== undefined && input.OwnerAccount !== ctx.env.account)) throw operationNotFound(input.OperationId);
  return { Operation: operationOutput(ctx, op) };
}

const OPERATION_FILTERS = {
  NAMESPACE_ID: ['EQ'],
  SERVICE_ID: ['EQ'],
  STATUS: ['EQ', 'IN'],
  TYPE: ['EQ', 'IN'],
  UPDATE_DATE: ['BETWEEN'],
} as const;

/** The model's OperationStatus and OperationType enums: other values are refused, not matched to nothing. */
const OPERATION_FILTER_VALUES = {
  STATUS: ['SUBMITTED', 'PENDING', 'SUCCESS', 'FAIL'],
  TYPE: ['CREATE_NAMESPACE', 'DELETE_NAMESPACE', 'UPDATE_NAMESPACE', 'UPDATE_SERVICE', 'REGISTER_INSTANCE', 'DEREGISTER_INSTANCE'],
};

/** UPDATE_DATE values are Unix times in seconds (fractions allowed); ISO 8601 is accepted too. */
function parseDate(value: string, index: number): number {
  const seconds = Number(value);
  if (value.trim() !== '' && Number.isFinite(seconds)) return seconds * 1000;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalidInput(`Filters[${index}].Values: ${JSON.stringify(value)} is not a date (Unix seconds or ISO 8601)`);
  return ms;
}

export function listOperations(ctx: CloudMapContext, input: { Filters?: FilterInput[]; MaxResults?: number; NextToken?: string }) {
  const filters = checkFilters(input.Filters, OPERATION_FILTERS, OPERATION_FILTER_VALUES);
  const ranges = filters.map((f, i) => (f.name === 'UPDATE_DATE' ? [parseDate(f.values[0], i), parseDate(f.values[1], i)] : undefined));
  const all = Object.values(ctx.state.operations).sort((a, b) => a.seq - b.seq);
  const { page, nextToken } = paginate(all, { scope: 'ListOperations', maxResults: input.MaxResults, nextToken: input.NextToken });
  // Filters apply to the page, after paging, like the real service: a page can be empty while
  // NextToken is set, and clients must follow NextToken to the end.
  const matches = page.filter((op) =>
    filters.every((f, i) => {
      const targets = visibleTargets(op);
      switch (f.name) {
        case 'NAMESPACE_ID':
          return matchesString(targets.NAMESPACE, f);
        case 'SERVICE_ID':
          return matchesString(targets.SERVICE, f);
        case 'STATUS':
          return matchesString(op.status, f);
        case 'TYPE':
          return matchesString(op.type, f);
        case 'UPDATE_DATE': {
          const [from, to] = ranges[i]!;
          return op.updatedAt >= from && op.updatedAt <= to;
        }
        default:
          return false;
      }
    }),
  );
  return { Operations: matches.map((op) => ({ Id: op.id, Status: op.status })), NextToken: nextToken };
}
