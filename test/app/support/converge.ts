/**
 * The convergence properties of plan and apply against the in-process emulator, shared by the unit
 * run (few cases, a fixed seed: the same cases every time) and the system tier's deep runs
 * (hundreds of cases, a new seed each run).
 */
import fc from 'fast-check';
import { applyPlan } from '../../../lib/apply/apply-plan';
import { readLive } from '../../../lib/live/read-live';
import { loadDesiredState } from '../../../lib/model';
import { buildPlan } from '../../../lib/plan/build-plan';
import { normalizeSpec } from '../../../lib/plan/normalize';
import { isListenerRecreation } from '../../../lib/plan/change-facts';
import { hasChanges } from '../../../lib/plan/types';
import { canonicalJson } from '../../../lib/resources/json';
import { resourceId } from '../../../lib/resources/resource-key';
import type { DesiredState } from '../../../lib/resources/types';
import { OWNER_TAG } from '../../../lib/resources/types';
import { arbitraryRepo } from '../../support/arbitrary-repo';
import { OWNER } from '../../support/builders';
import { emulatedAws, type EmulatedAws } from '../../support/emulated-aws';
import { snapshotOf } from '../../support/repo-snapshot';


export async function plan(aws: EmulatedAws, desired: DesiredState) {
  const live = await readLive(aws.apis, { owner: OWNER, meshes: ['m'], namespaces: ['ns'] });
  return { plan: buildPlan({ desired, live: live.state }), live: live.state };
}

export async function apply(aws: EmulatedAws, desired: DesiredState) {
  const { plan: p, live } = await plan(aws, desired);
  expect(p.errors).toEqual([]);
  const result = await applyPlan(p, { ...aws.apis, live });
  if (result.status !== 'applied' && result.status !== 'nothing-to-do') {
    throw new Error(`apply ${result.status}: ${result.error?.message}\n${JSON.stringify(result.operations.filter((o) => o.status === 'failed'))}`);
  }
  return p;
}

/** Live equals Git: the same identities, and each resource's normalized spec and user tags equal. */
export async function expectLiveEquals(aws: EmulatedAws, desired: DesiredState) {
  const live = (await readLive(aws.apis, { owner: OWNER, meshes: ['m'], namespaces: ['ns'] })).state;
  const owned = live.resources.filter((r) => r.tags[OWNER_TAG] === OWNER);
  expect(owned.map(resourceId).sort()).toEqual(desired.resources.map(resourceId).sort());
  const nsType = desired.resources.find((r) => r.kind === 'CloudMapNamespace')?.spec.type as string | undefined;
  const liveNsType = live.resources.find((r) => r.kind === 'CloudMapNamespace')?.spec.type as string | undefined;
  for (const d of desired.resources) {
    const l = owned.find((r) => resourceId(r) === resourceId(d))!;
    const ctxD = { namespaceType: nsType };
    const ctxL = { namespaceType: liveNsType };
    const specD = d.kind === 'CloudMapNamespace' ? { ...d.spec, vpc: undefined } : d.spec;
    // A DNS namespace created without properties gets the server's default SOA TTL.
    const specL = d.kind === 'CloudMapNamespace' && d.spec.properties === undefined ? { ...l.spec, properties: undefined } : l.spec;
    expect([resourceId(d), canonicalJson(normalizeSpec(l.kind, JSON.parse(JSON.stringify(specL)), ctxL))]).toEqual([resourceId(d), canonicalJson(normalizeSpec(d.kind, JSON.parse(JSON.stringify(specD)), ctxD))]);
    const { [OWNER_TAG]: _owner, ...userTags } = l.tags;
    expect(userTags).toEqual(d.tags);
  }
}


export interface RunOptions {
  numRuns: number;
  /** fast-check's seed: fixed for a repeatable run, absent for a new one each time. */
  seed?: number;
}

/** Every generated repository is a valid meshops repository. */
export function generatedReposAreValid(options: RunOptions): void {
  fc.assert(
    fc.property(arbitraryRepo, (repo) => {
      const loaded = loadDesiredState(snapshotOf(repo));
      expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    }),
    options,
  );
}

/** apply(A) then apply(B) leaves live equal to B and plan(B) empty; returns what the pairs exercised. */
export async function applyPairsConverge(options: RunOptions): Promise<{ replaces: number; deletes: number; listenerChanges: number }> {
  const seen = { replaces: 0, deletes: 0, listenerChanges: 0 };
  await fc.assert(
    fc.asyncProperty(arbitraryRepo, arbitraryRepo, async (a, b) => {
      const aws = emulatedAws();
      await apply(aws, a);
      expect(hasChanges((await plan(aws, a)).plan)).toBe(false);
      const p = await apply(aws, b);
      seen.replaces += p.summary.replace;
      seen.deletes += p.summary.delete;
      seen.listenerChanges += p.changes.filter(isListenerRecreation).length;
      const again = (await plan(aws, b)).plan;
      expect(again.changes.filter((c) => c.action !== 'unmanaged')).toEqual([]);
      await expectLiveEquals(aws, b);
    }),
    options,
  );
  return seen;
}

/** An apply interrupted after any number of operations converges on re-run. */
export async function interruptedAppliesConverge(options: RunOptions): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arbitraryRepo, arbitraryRepo, async (a, b) => {
      const seed = emulatedAws();
      await apply(seed, a);
      const { plan: p } = await plan(seed, b);
      const total = p.steps.reduce((n, s) => n + s.length, 0);
      for (let k = 0; k < total; k++) {
        const aws = emulatedAws();
        await apply(aws, a);
        const { plan: first, live } = await plan(aws, b);
        let count = 0;
        const result = await applyPlan(first, {
          ...aws.apis,
          live,
          beforeOperation: () => {
            if (count++ >= k) throw new Error('killed');
          },
        });
        expect(result.status).toBe('failed');
        await apply(aws, b);
        expect((await plan(aws, b)).plan.changes.filter((c) => c.action !== 'unmanaged')).toEqual([]);
      }
    }),
    options,
  );
}
