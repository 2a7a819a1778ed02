import type { SourceLocation } from '../resources/types';
import type { Change, LiveSide, ResourceBody, ShownChange } from './types';

/**
 * What a reader of any change may ask, whatever its action: each answer is an exhaustive switch,
 * so a new action that forgets to say fails to compile here rather than reading as "absent".
 */

/** Why a change is what it is, for people: every action but create and update says why. */
export function changeReason(change: ShownChange): string | undefined {
  switch (change.action) {
    case 'create':
    case 'update':
      return undefined;
    case 'adopt':
    case 'replace':
    case 'delete':
    case 'conflict':
    case 'unmanaged':
      return change.reason;
    default:
      return unreachable(change);
  }
}

/** Where in Git the resource is declared (undeclared resources: deletes and unmanaged ones have none). */
export function changeSource(change: ShownChange): SourceLocation | undefined {
  switch (change.action) {
    case 'create':
    case 'update':
    case 'adopt':
    case 'replace':
    case 'conflict':
      return change.source;
    case 'delete':
    case 'unmanaged':
      return undefined;
    default:
      return unreachable(change);
  }
}

/** The declared document of a change (absent for deletes and unmanaged resources). */
export function desiredBody(change: ShownChange): ResourceBody | undefined {
  switch (change.action) {
    case 'create':
    case 'update':
    case 'adopt':
    case 'replace':
    case 'conflict':
      return change.desired;
    case 'delete':
    case 'unmanaged':
      return undefined;
    default:
      return unreachable(change);
  }
}

/** The live side of a change (absent for creates). */
export function liveBody(change: Change): LiveSide | undefined {
  switch (change.action) {
    case 'create':
      return undefined;
    case 'update':
    case 'adopt':
    case 'replace':
    case 'delete':
    case 'conflict':
    case 'unmanaged':
      return change.live;
    default:
      return unreachable(change);
  }
}

/** A route or gateway route re-created because its parent's listeners change. */
export function isListenerRecreation(change: ShownChange): boolean {
  return change.action === 'replace' && change.listenerChange === true;
}

/** The exhaustive-switch guard: a value a switch forgot fails to compile. */
export function unreachable(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
