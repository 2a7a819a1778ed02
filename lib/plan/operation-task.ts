import { resourceLabel } from '../resources/resource-key';
import type { AdoptChange, Change, CreateChange, DeleteChange, Operation, ReplaceChange, UpdateChange } from './types';

/**
 * An operation with the change it carries out, narrowed to the actions that operation can come
 * from: a create sends a desired document, an update has both sides, a delete has a live side.
 */
export type OperationTask =
  | { type: 'create'; change: CreateChange | ReplaceChange }
  | { type: 'update'; change: UpdateChange | AdoptChange }
  | { type: 'delete'; change: DeleteChange | ReplaceChange };

/** Pairs an operation with its change; a pairing the planner never makes (a bug) throws. */
export function operationTask(op: Operation, change: Change | undefined): OperationTask {
  if (change) {
    switch (op.type) {
      case 'create':
        if (change.action === 'create' || change.action === 'replace') return { type: 'create', change };
        break;
      case 'update':
        if (change.action === 'update' || change.action === 'adopt') return { type: 'update', change };
        break;
      case 'delete':
        if (change.action === 'delete' || change.action === 'replace') return { type: 'delete', change };
        break;
    }
  }
  throw new Error(`plan step ${op.type} ${op.id} points at ${change ? `a ${change.action} of ${resourceLabel(change)}` : `no change (index ${op.change})`}: the plan is inconsistent`);
}

/** The changes an operation re-reads before writing: every one with a live side. */
export type ChangeWithLive = Exclude<OperationTask['change'], CreateChange>;
