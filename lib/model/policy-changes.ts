import type { IgnoreRule, Settings } from '../resources/types';

/** A `meshops.yaml` setting a pull request changes so that merging it can do more than before. */
export interface PolicyChange {
  /** The setting, as written in `meshops.yaml` (`prune`, `drift.remediate`, `ignore`). */
  setting: string;
  before: string;
  after: string;
  /** What merging may now do, in a sentence. */
  effect: string;
}

const ruleText = (r: IgnoreRule): string => `${r.kind} ${r.mesh ? `${r.mesh}/` : ''}${r.name} ${r.path}`;

/**
 * The policy settings a change from `base` (the default branch) to `head` (the pull request)
 * widens: what a reviewer must see before approving, because a merge then applies under them.
 * Narrowing changes (prune turned off, a lower maxDeletes) are not listed. Pure.
 */
export function widenedPolicies(base: Settings, head: Settings): PolicyChange[] {
  const out: PolicyChange[] = [];
  if (!base.prune && head.prune) out.push({ setting: 'prune', before: 'false', after: 'true', effect: 'meshops deletes owned resources that are no longer declared in Git' });
  if (head.maxDeletes > base.maxDeletes) out.push({ setting: 'maxDeletes', before: String(base.maxDeletes), after: String(head.maxDeletes), effect: `one apply may delete up to ${head.maxDeletes} resources without an override` });
  if (!base.drift.remediate && head.drift.remediate) out.push({ setting: 'drift.remediate', before: 'false', after: 'true', effect: 'the drift schedule re-applies Git over changes made outside it, without a pull request' });
  if (base.drift.report !== 'none' && head.drift.report === 'none') out.push({ setting: 'drift.report', before: base.drift.report, after: 'none', effect: 'changes made outside Git are no longer reported' });
  if (!base.allowEmpty && head.allowEmpty) out.push({ setting: 'allowEmpty', before: 'false', after: 'true', effect: 'a repository that declares nothing may delete every resource it owns' });
  const headRules = new Set(head.ignore.map(ruleText));
  for (const rule of base.ignore) {
    if (!headRules.has(ruleText(rule))) out.push({ setting: 'ignore', before: ruleText(rule), after: '(removed)', effect: 'meshops now sets this field, overwriting what was changed outside Git' });
  }
  if (base.path !== head.path) out.push({ setting: 'path', before: base.path || '.', after: head.path || '.', effect: 'resources are read from another folder; owned resources not declared there are deleted' });
  if (base.region !== head.region) out.push({ setting: 'region', before: base.region, after: head.region, effect: 'meshops manages resources in another region' });
  if (base.owner !== head.owner) out.push({ setting: 'owner', before: base.owner, after: head.owner, effect: 'meshops manages the resources tagged with another owner value' });
  return out;
}
