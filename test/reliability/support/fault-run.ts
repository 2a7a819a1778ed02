import { applyDesired } from '../../../lib/app/apply-desired';
import { createEngine, type Engine } from '../../../lib/app/engine';
import { planDesired } from '../../../lib/app/plan-desired';
import type { RetryOptions } from '../../../lib/aws/call-policy';
import { Emulator } from '../../../lib/emulator/emulator';
import { Random } from '../../../lib/emulator/core/random';
import type { FaultOptions } from '../../../lib/emulator/core/faults';
import { hasChanges, type Plan } from '../../../lib/plan/types';
import type { DesiredState } from '../../../lib/resources/types';
import { LocalStateStore } from '../../../lib/state/local-state-store';
import { generateMeshRepo, GENERATED_OWNER } from './generate-mesh';
import { compareWithDesired, inventoryOf, isClean, type Comparison } from './inventory';

/**
 * One seeded fault run: an empty emulated account with throttling, server errors (half of them
 * after the change was committed) and latency jitter; the generated repository's version 1 is
 * planned and applied until the apply reports success (bounded), then version 2 the same way.
 * After each phase the next plan must be empty and the account must hold exactly what Git
 * declares: nothing missing, nothing extra, nothing twice, and no resource replaced (deleted and
 * created again under the same identity) at any point of the run.
 */
export interface FaultRunOptions {
  seed: number;
  meshes: number;
  servicesPerMesh: number;
  faults: Omit<FaultOptions, 'seed'>;
  /** Apply attempts per phase before the run counts as not converged. */
  maxRounds: number;
  stateDir: string;
  retry?: RetryOptions;
  concurrency?: number;
  /**
   * Share of operations (seeded) that fail before they reach the API in the first rounds of a
   * phase, as if the apply had been stopped there: the apply finishes the step in flight, reports
   * failed, and the next round must pick up from a half-applied account. Default 0.
   */
  interruptRate?: number;
  /** Rounds of a phase in which interruptions happen (default 2). */
  interruptRounds?: number;
}

export interface FaultCounts {
  calls: number;
  throttled: number;
  errorsBefore: number;
  errorsAfter: number;
}

export interface PhaseFigures {
  version: 1 | 2;
  resources: number;
  /** What the first plan of the phase proposed. */
  planned: Plan['summary'];
  /** Plan attempts that failed outright (retries exhausted on a read) before one succeeded. */
  planFailures: number;
  /** Outcome of each apply round: `applied`, `failed: <code>`, `error: <message>`. */
  rounds: string[];
  converged: boolean;
  /** Changes in the plan made after the last round (must be 0). */
  finalPlanChanges: number;
  faults: FaultCounts;
  /** Retries our call policy made (the SDK itself makes one attempt). */
  retries: number;
  /** Operations failed on purpose (interruptRate). */
  interrupted: number;
  comparison: Comparison;
  /** For the report only; no test asserts on it. */
  wallMs: number;
}

export interface FaultRunFigures {
  seed: number;
  phases: PhaseFigures[];
  /** Identities whose unique id changed at some point of the run (checked after every round). */
  replaced: string[];
}

const REPO = GENERATED_OWNER;

function diff(after: FaultCounts, before: FaultCounts): FaultCounts {
  return { calls: after.calls - before.calls, throttled: after.throttled - before.throttled, errorsBefore: after.errorsBefore - before.errorsBefore, errorsAfter: after.errorsAfter - before.errorsAfter };
}

/** Plans until a plan succeeds (each read is retried by the call policy; this covers a read whose retries ran out). */
async function planUntilDone(desired: DesiredState, engine: Engine, attempts: number): Promise<{ plan: Plan; failures: number }> {
  let failures = 0;
  for (;;) {
    try {
      const { plan } = await planDesired(desired, engine, { repo: REPO });
      return { plan, failures };
    } catch (err) {
      if (++failures >= attempts) throw err;
    }
  }
}

export async function runFaultScenario(options: FaultRunOptions): Promise<FaultRunFigures> {
  const emulator = new Emulator({ faults: { ...options.faults, seed: options.seed }, seed: options.seed });
  const engine = createEngine(
    { kind: 'embedded' },
    {
      region: 'us-east-1',
      store: new LocalStateStore({ dir: options.stateDir }),
      emulator,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      cloudMapWait: { pollMs: 2 },
    },
  );
  const firstUid = new Map<string, string>();
  const replaced = new Set<string>();
  const watchUids = () => {
    for (const item of inventoryOf(emulator.store.read((s) => structuredClone(s))).items) {
      const first = firstUid.get(item.id);
      if (first === undefined) firstUid.set(item.id, item.uid);
      else if (first !== item.uid) replaced.add(item.id);
    }
  };

  const interruptions = new Random(options.seed ^ 0x5eed);
  const phases: PhaseFigures[] = [];
  for (const version of [1, 2] as const) {
    const { desired } = generateMeshRepo({ meshes: options.meshes, servicesPerMesh: options.servicesPerMesh, version });
    const startCounts = { ...emulator.faults.counts };
    const startRetries = engine.policy.retries;
    const started = Date.now();

    const first = await planUntilDone(desired, engine, options.maxRounds);
    const rounds: string[] = [];
    let converged = false;
    let interrupted = 0;
    while (!converged && rounds.length < options.maxRounds) {
      const interrupting = rounds.length < (options.interruptRounds ?? 2) && (options.interruptRate ?? 0) > 0;
      const beforeOperation = () => {
        if (interrupting && interruptions.next() < options.interruptRate!) {
          interrupted++;
          throw new Error('injected: the apply stopped here');
        }
      };
      try {
        const { result } = await applyDesired(desired, engine, { repo: REPO, holder: `fault-run:${options.seed}`, lockTimeoutMs: 60_000, beforeOperation });
        converged = result.status === 'applied' || result.status === 'nothing-to-do';
        rounds.push(converged ? result.status : `${result.status}: ${result.error?.code ?? '?'}: ${result.error?.message ?? ''}`);
      } catch (err) {
        rounds.push(`error: ${(err as Error).message}`);
      }
      watchUids();
    }
    const last = await planUntilDone(desired, engine, options.maxRounds);
    const comparison = compareWithDesired(inventoryOf(emulator.store.read((s) => structuredClone(s))), desired);
    phases.push({
      version,
      resources: desired.resources.length,
      planned: first.plan.summary,
      planFailures: first.failures + last.failures,
      rounds,
      converged,
      finalPlanChanges: last.plan.changes.filter((c) => c.action !== 'unmanaged').length + last.plan.errors.length,
      faults: diff(emulator.faults.counts, startCounts),
      retries: engine.policy.retries - startRetries,
      interrupted,
      comparison,
      wallMs: Date.now() - started,
    });
    if (!converged || hasChanges(last.plan) || !isClean(comparison)) break;
  }
  return { seed: options.seed, phases, replaced: [...replaced].sort() };
}

/** One line per phase, for logs and RELIABILITY.md. */
export function describeRun(run: FaultRunFigures): string[] {
  return run.phases.map((p) => {
    const c = p.comparison;
    return (
      `seed ${run.seed} v${p.version}: ${p.resources} resources, ${p.rounds.length} apply round(s) [${p.rounds.map((r) => r.split(':')[0]).join(', ')}], ` +
      `${p.planFailures} plan(s) failed on exhausted retries, ${p.interrupted} operation(s) interrupted, ` +
      `${p.faults.calls} calls, ${p.faults.throttled} throttled, ${p.faults.errorsBefore}+${p.faults.errorsAfter} server errors (before+after commit), ${p.retries} retries, ` +
      `final plan ${p.finalPlanChanges} changes, missing ${c.missing.length}, extra ${c.extra.length}, duplicated ${c.duplicates.length}, replaced ${run.replaced.length}, ${p.wallMs} ms`
    );
  });
}
