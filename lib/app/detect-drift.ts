import { detectDrift } from '../plan/drift';
import { withRolloutDrift } from '../rollout/drift';
import type { Plan } from '../plan/types';
import type { DriftReport } from '../resources/results';
import type { DesiredState } from '../resources/types';
import type { Engine } from './engine';
import { planDesired } from './plan-desired';

export interface DetectDriftOptions {
  repo: string;
  sha?: string;
  /** Keep the report out of the state store (a dry look). */
  record?: boolean;
}

export interface DetectedDrift {
  plan: Plan;
  report: DriftReport;
  /** Items that were not in the previous report: what is new since the last check. */
  newItems: DriftReport['items'];
}

/**
 * Plans Git against live and classifies each difference; keeps first-seen times across runs. Every
 * check reads every tag (in bulk), so a tag edited outside Git shows at the next check.
 */
export async function detectDriftDesired(desired: DesiredState, engine: Engine, options: DetectDriftOptions): Promise<DetectedDrift> {
  const { plan, lastApplied, rollouts } = await planDesired(desired, engine, { repo: options.repo });
  const report = withRolloutDrift(detectDrift(plan, lastApplied, engine.now().toISOString(), options.sha), rollouts.decisions, engine.now());
  const previous = await engine.store.getDriftLatest(options.repo);
  const seen = new Map((previous?.items ?? []).map((i) => [`${i.class} ${i.id}`, i.firstSeen ?? previous!.checkedAt]));
  const newItems: DriftReport['items'] = [];
  for (const item of report.items) {
    const first = seen.get(`${item.class} ${item.id}`);
    item.firstSeen = first ?? report.checkedAt;
    if (!first) newItems.push(item);
  }
  if (options.record !== false) await engine.store.putDriftReport(options.repo, report);
  return { plan, report, newItems };
}
