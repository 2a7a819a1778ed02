import type { ResourceKey } from '../resources/resource-key';
import type { RolloutSpec } from '../resources/types';

export type { RolloutSpec };

/** One weighted target of a route: `virtualNode` (with `:port` when the target names a port) and its weight. */
export interface TargetWeight {
  target: string;
  weight: number;
}

export type RolloutStatus = 'in-progress' | 'completed' | 'rolled-back' | 'superseded';

/** Why a rollout ended. */
export type RolloutEnd = 'steps' | 'promoted' | 'alarm' | 'aborted' | 'new-commit' | 'route-removed';

export interface FiredAlarm {
  name: string;
  /** The alarm's StateReason at the time of the tick. */
  reason: string;
  updatedAt?: string;
}

export interface RolloutEvent {
  at: string;
  /** `started`, `step`, `completed`, `rolled-back`, `superseded`. */
  event: 'started' | 'step' | 'completed' | 'rolled-back' | 'superseded';
  /** 0-based step index for `started` and `step`. */
  step?: number;
  weights: TargetWeight[];
  note?: string;
}

/**
 * A route's rollout as stored with the repository's state. `from` are the live weights when it
 * started (where a rollback goes), `to` the declared ones. While a tick is writing weights,
 * `pending` holds the record it is moving to: a tick killed half-way is finished by the next reader.
 */
export interface RolloutRecord {
  /** `resourceId` of the route. */
  id: string;
  route: ResourceKey;
  status: RolloutStatus;
  from: TargetWeight[];
  to: TargetWeight[];
  spec: RolloutSpec;
  /** 0-based index into `spec.steps` while in progress; `steps.length` once the declared weights are set. */
  step: number;
  startedAt: string;
  stepStartedAt: string;
  endedAt?: string;
  endedBy?: RolloutEnd;
  /** The alarm that rolled it back. */
  alarm?: FiredAlarm;
  /** Digest of the route document (spec and rollout) that started it: a different digest is a new commit of that route. */
  documentDigest: string;
  sha?: string;
  pullRequest?: number;
  /** Where the document is, for messages. */
  source?: { file: string; line: number };
  /** The region of the repository's mesh (a tick builds its clients there). */
  region?: string;
  /** Which targets the weights are written to (`appmesh`, `lattice`). */
  targets: string[];
  history: RolloutEvent[];
  pending?: { weights: TargetWeight[]; next: Omit<RolloutRecord, 'pending'> };
}

/** What the state store keeps per repository. */
export interface RolloutBook {
  version: 1;
  rollouts: RolloutRecord[];
}

export function isActive(record: RolloutRecord): boolean {
  return record.status === 'in-progress';
}
