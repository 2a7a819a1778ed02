import { detectDrift } from '../plan/drift';
import type { Plan } from '../plan/types';
import type { DriftReport } from '../resources/results';
import type { DesiredState } from '../resources/types';
import type { Engine } from './engine';
import { planDesired } from './plan-desired';

export interface DetectDriftOptions {
  repo: string;
  sha?: string;
  /** Cached tags are re-read after 50–100% of this (default 12 hours; see DEFAULT_DRIFT_TAG_MAX_AGE_MS). */
  tagMaxAgeMs?: number;
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
 * Tags have no version in the App Mesh API, so the version-keyed read cache cannot tell when they
 * change; each drift check re-reads the tags of every resource whose version moved, and of a
 * rolling slice of the others (each resource's tags at least every 12 hours, spread over 6–12).
 * That keeps a quota-size check at about a tenth of a cold plan's calls. Plans for review and
 * applies always read tags fresh, and an apply re-reads the tags of everything it writes.
 */
export const DEFAULT_DRIFT_TAG_MAX_AGE_MS = 12 * 60 * 60_000;

/** Plans Git against live and classifies each difference; keeps first-seen times across runs. */
export async function detectDriftDesired(desired: DesiredState, engine: Engine, options: DetectDriftOptions): Promise<DetectedDrift> {
  const { plan, lastApplied } = await planDesired(desired, engine, { repo: options.repo, tagMaxAgeMs: options.tagMaxAgeMs ?? DEFAULT_DRIFT_TAG_MAX_AGE_MS });
  const report = detectDrift(plan, lastApplied, engine.now().toISOString(), options.sha);
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
