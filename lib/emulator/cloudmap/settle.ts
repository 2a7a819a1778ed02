import type { CloudMapContext } from './context';
import { applyInstanceEffect } from './instances';
import { applyNamespaceEffect } from './namespaces';
import { applyServiceEffect } from './services';
import { inFlight, type CloudMapState, type OperationRecord } from './state';

/** Whether some operation in flight has a state change due at `now` (then the request must write). */
export function hasDueOperations(state: CloudMapState, now: number): boolean {
  return inFlight(state).some((op) => now >= (op.status === 'SUBMITTED' ? op.pendingAt : op.dueAt));
}

function applyEffect(ctx: CloudMapContext, op: OperationRecord): string | undefined {
  const effect = op.effect;
  switch (effect.kind) {
    case 'create-namespace':
    case 'update-namespace':
    case 'delete-namespace':
      return applyNamespaceEffect(ctx, effect);
    case 'update-service':
      return applyServiceEffect(ctx, effect);
    case 'register-instance':
    case 'deregister-instance':
      return applyInstanceEffect(ctx, effect);
  }
}

/**
 * Moves operations along by the clock, in submission order, inside the request's write
 * transaction: SUBMITTED → PENDING at half the delay, then SUCCESS (the effect is applied) or FAIL
 * (nothing is left behind) at the whole delay. Status times are the scheduled ones, so what a
 * client sees does not depend on when it happens to poll.
 */
export function settleOperations(ctx: CloudMapContext): void {
  const due = inFlight(ctx.state).filter((op) => ctx.now >= op.pendingAt);
  for (const op of due) {
    if (ctx.now < op.dueAt) {
      if (op.status === 'SUBMITTED') {
        op.status = 'PENDING';
        op.updatedAt = op.pendingAt;
      }
      continue;
    }
    op.updatedAt = op.dueAt;
    // A precondition that no longer holds (the target went away meanwhile) fails the operation
    // the way AWS reports a workflow failure: INTERNAL_FAILURE with the reason [unverified code].
    let failure = op.failure;
    if (!failure) {
      const reason = applyEffect(ctx, op);
      if (reason !== undefined) failure = { errorCode: 'INTERNAL_FAILURE', message: reason };
    }
    if (failure) {
      op.status = 'FAIL';
      op.errorCode = failure.errorCode;
      op.errorMessage = failure.message;
    } else {
      op.status = 'SUCCESS';
    }
  }
  if (due.some((op) => op.status === 'SUCCESS' || op.status === 'FAIL')) {
    ctx.state.pending = ctx.state.pending.filter((id) => !['SUCCESS', 'FAIL'].includes(ctx.state.operations[id].status));
  }
}
