/**
 * The Terraform-model baseline: what `terraform plan` and `terraform apply` do with the AWS
 * provider over the same resources. A refresh reads every resource in the state, a Describe (Get,
 * for Cloud Map) and a ListTagsForResource each, one after the other, with at most 10 resources at
 * a time (`-parallelism=10`, Terraform's default) and no list calls (the state names every
 * resource); then the plan (the same pure planner); an apply then runs the writes, 10 at a time,
 * each once the writes it depends on are done (here: the plan's steps in order), without re-reads.
 * Same SDK clients, adapters, emulator and latency as meshops.
 */
import { Limiter } from '../lib/aws/call-policy';
import type { Emulator } from '../lib/emulator/emulator';
import { buildPlan } from '../lib/plan/build-plan';
import type { Plan } from '../lib/plan/types';
import type { DesiredState, LiveResource, LiveState } from '../lib/resources/types';
import { naiveApis, planWriter, type NaiveApis } from './baseline';

export const TERRAFORM_PARALLELISM = 10;

/** The provider's refresh of one resource: its Describe, then its tags. Undefined when it is gone. */
async function refreshOne(apis: NaiveApis, r: LiveResource): Promise<LiveResource | undefined> {
  if (r.kind === 'CloudMapNamespace' || r.kind === 'CloudMapService') {
    const got = r.kind === 'CloudMapNamespace' ? await apis.cloudMap.getNamespace(r.id!) : await apis.cloudMap.getService(r.id!);
    if (!got) return undefined;
    return { ...r, spec: got.spec, tags: await apis.cloudMap.listTags(r.arn) };
  }
  const described = await apis.appMesh.describe(r);
  if (!described) return undefined;
  return { ...r, spec: described.spec, version: described.version, lastUpdatedAt: described.lastUpdatedAt, tags: await apis.appMesh.listTags(r.arn) };
}

/** Refreshes `state` (what the last apply recorded: Terraform's state file) at parallelism 10. */
export async function terraformRefresh(apis: NaiveApis, state: LiveState): Promise<LiveState> {
  const limiter = new Limiter(TERRAFORM_PARALLELISM);
  const refreshed = await Promise.all(state.resources.map((r) => limiter.run(() => refreshOne(apis, r))));
  return { ...state, resources: refreshed.filter((r): r is LiveResource => r !== undefined), warnings: [] };
}

/** Refresh, plan, and (with `write`) the writes. Calls are counted by the emulator. */
export async function terraformReconcile(emulator: Emulator, region: string, desired: DesiredState, state: LiveState, options: { write: boolean }): Promise<Plan> {
  // The limiter above bounds resources in flight; the calls themselves need no second bound.
  const apis = naiveApis(emulator, region, 10_000);
  const live = await terraformRefresh(apis, state);
  const plan = buildPlan({ desired, live });
  if (options.write && plan.errors.length === 0) {
    const write = planWriter(apis, plan, live);
    const limiter = new Limiter(TERRAFORM_PARALLELISM);
    for (const step of plan.steps) await Promise.all(step.map((op) => limiter.run(() => write(op))));
  }
  return plan;
}
