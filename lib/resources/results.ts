import type { Kind, KindService } from './kinds';

/** The outcome of one API-level operation of an apply. */
export interface OperationResult {
  step: number;
  type: 'create' | 'update' | 'delete';
  kind: Kind;
  id: string;
  status: 'done' | 'failed' | 'not-run';
  /** When it failed: the AWS error name and message, or ours. */
  error?: { name: string; message: string };
  /** AWS calls this operation made (including retries and waits on Cloud Map operations). */
  calls?: number;
}

export type ApplyStatus = 'applied' | 'nothing-to-do' | 'failed' | 'refused';

/** What an apply did: written to the audit log, rendered in the PR comment and the CLI. */
export interface ApplyResult {
  status: ApplyStatus;
  fingerprint: string;
  sha?: string;
  startedAt: string;
  finishedAt: string;
  operations: OperationResult[];
  /** Why the apply failed or was refused (stale plan, lock held, plan errors, an API error). */
  error?: { code: string; message: string };
  /** An earlier apply of this repo that did not finish (its process died): what it had done. */
  interrupted?: { startedAt: string; fingerprint: string; sha?: string; holder: string; done: number; total: number };
}

export type DriftClass = 'changed' | 'missing' | 'unmanaged' | 'pending' | 'rollout';

export interface DriftItem {
  class: DriftClass;
  /** The AWS service: `appmesh`, `lattice` or `cloudmap`. */
  target: KindService;
  /** Lattice resources: the App Mesh document they come from (`Route watches/search-router/canary`). */
  source?: string;
  kind: Kind;
  name: string;
  mesh?: string;
  parent?: string;
  id: string;
  /** What differs between Git and live (for changed/pending), as in a plan. */
  diff: { path: string; before?: unknown; after?: unknown }[];
  reason: string;
  /** When this item was first reported (kept across runs so nothing is announced twice). */
  firstSeen?: string;
}

export interface DriftReport {
  checkedAt: string;
  sha?: string;
  items: DriftItem[];
  /** `rollout` is absent in reports written before rollouts existed. */
  summary: Record<Exclude<DriftClass, 'rollout'>, number> & { rollout?: number };
  /** The plan the check computed (a remediation applies exactly this). */
  fingerprint: string;
}
