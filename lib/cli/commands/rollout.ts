import { parseArgs } from 'node:util';
import { rolloutPorts } from '../../app/rollout-ports';
import { matchesRoute, runRollouts, type RolloutCommand, type RolloutRun } from '../../app/tick-rollouts';
import { settled } from '../../rollout/decide';
import { describeRecord } from '../../rollout/notes';
import { formatWeights } from '../../rollout/route-weights';
import type { RolloutRecord } from '../../rollout/types';
import type { CommandModule } from '../command';
import { UsageError } from '../command';
import { buildEngine, cliHolder, duration, loadRepoOrReport, repoKey, TARGET_OPTIONS, TARGET_USAGE } from '../repo-engine';

const USAGE = `Usage: meshops rollout <status|tick|promote|abort> [repo-dir] [options]

Routes with a \`rollout\` move a change of weights in steps (docs/progressive-delivery.md).
  status    where each rollout stands
  tick      check the alarms, then step forward, complete or roll back (what the schedule does)
  promote   jump to the declared weights now
  abort     go back to the weights from before the rollout now

Options:
  --route NAME     only this route's rollout (promote, abort): mesh/router/route, or the route's name
  --at ISO-8601    the time of the tick (default: now)
  --json           print { "rollouts": [...] }
  --lock-timeout D as for apply (default 10m)
${TARGET_USAGE}
`;

const ACTIONS = ['status', 'tick', 'promote', 'abort'] as const;
type Action = (typeof ACTIONS)[number];

export const rolloutCommand: CommandModule = {
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.argv,
      options: { ...TARGET_OPTIONS, json: { type: 'boolean' }, at: { type: 'string' }, route: { type: 'string' }, 'lock-timeout': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const [action, dir, ...extra] = positionals;
    if (!action || !(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`takes one of ${ACTIONS.join(', ')} (got ${action === undefined ? 'nothing' : JSON.stringify(action)})`);
    if (extra.length) throw new UsageError(`takes one repository directory (got ${[dir, ...extra].join(' ')})`);
    let at: Date | undefined;
    if (values.at !== undefined) {
      at = new Date(values.at);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(values.at) || Number.isNaN(at.getTime())) throw new UsageError(`--at takes an ISO 8601 time such as 2026-12-01T10:05:00Z (got ${JSON.stringify(values.at)})`);
    }
    if (values.route !== undefined && action !== 'promote' && action !== 'abort') throw new UsageError('--route is for promote and abort');
    const lockTimeoutMs = duration(values['lock-timeout'], '--lock-timeout', 10 * 60_000);
    const repo = await loadRepoOrReport(ctx, dir, values.json === true);
    if (typeof repo === 'number') return repo;
    const engine = await buildEngine(ctx, values, values.region ?? repo.desired.settings.region);
    const key = repoKey(repo.desired.settings);
    const now = at ?? engine.now();

    if ((action as Action) === 'status') {
      const records = ((await engine.store.getRollouts(key))?.rollouts ?? []).map(settled);
      if (values.json) ctx.stdout.write(`${JSON.stringify({ rollouts: records.map((r) => recordJson(r, now)) }, null, 2)}\n`);
      else ctx.stdout.write(records.length ? `${records.map((r) => `${r.id}\n  ${describeRecord(r, now)}`).join('\n')}\n` : 'No rollouts: no route with a `rollout` has had its weights changed.\n');
      return 0;
    }

    if (values.route !== undefined) {
      const book = await engine.store.getRollouts(key);
      const found = (book?.rollouts ?? []).filter((r) => matchesRoute(r, values.route!));
      if (found.length !== 1) {
        ctx.stderr.write(`meshops rollout ${action}: ${found.length ? `${values.route} names ${found.length} rollouts (${found.map((r) => r.id).join(', ')}); give mesh/router/route` : `no rollout of a route ${values.route}`}\n`);
        return 1;
      }
    }
    const by = ctx.env.USER ? `${ctx.env.USER} (meshops rollout ${action})` : `meshops rollout ${action}`;
    const command: RolloutCommand = action === 'tick' ? { kind: 'tick' } : { kind: action as 'promote' | 'abort', by, ...(values.route ? { route: values.route } : {}) };
    const run = await runRollouts(engine, rolloutPorts(engine, {}, repo.desired.settings.targets), command, { repo: key, holder: cliHolder(), lockTimeoutMs, ...(at ? { at } : {}) });
    if (run.status === 'locked') {
      ctx.stderr.write(`meshops rollout ${action}: ${run.message}\n`);
      return 1;
    }
    if (values.json) ctx.stdout.write(`${JSON.stringify(runJson(run, now), null, 2)}\n`);
    else ctx.stdout.write(`${renderRun(run, action as Action, now)}\n`);
    if (action !== 'tick' && !run.outcomes.some((o) => o.transition)) return 1;
    return 0;
  },
};

function recordJson(record: RolloutRecord, now: Date) {
  return {
    route: record.id,
    status: record.status,
    step: record.step,
    steps: record.spec.steps,
    from: record.from,
    to: record.to,
    startedAt: record.startedAt,
    stepStartedAt: record.stepStartedAt,
    ...(record.endedAt ? { endedAt: record.endedAt, endedBy: record.endedBy } : {}),
    ...(record.alarm ? { alarm: record.alarm } : {}),
    ...(record.sha ? { sha: record.sha } : {}),
    summary: describeRecord(record, now),
  };
}

function runJson(run: RolloutRun, now: Date) {
  return {
    rollouts: run.outcomes.map((o) => ({
      ...recordJson(o.record, now),
      changed: o.transition !== undefined,
      ...(o.transition ? { event: o.transition.event.event, weights: o.transition.weights } : {}),
      ...(o.hold ? { held: o.hold.reason, message: o.hold.message } : {}),
      ...(o.resumed ? { resumed: true } : {}),
    })),
  };
}

function renderRun(run: RolloutRun, action: Action, now: Date): string {
  if (!run.outcomes.length) return action === 'tick' ? 'No rollout in progress: nothing to do.' : `No rollout to ${action}.`;
  return run.outcomes
    .map((o) => {
      if (o.hold) return `${o.id}: unchanged — ${o.hold.message}`;
      const t = o.transition!;
      const what = t.event.event === 'step' ? `step ${(t.event.step ?? 0) + 1} of ${o.record.spec.steps.length} (${o.record.spec.steps[t.event.step ?? 0]}%)` : t.event.event;
      return `${o.id}: ${o.resumed ? 'finished an interrupted move: ' : ''}${what} → ${formatWeights(t.weights)}${t.event.note ? ` (${t.event.note})` : ''}\n  ${describeRecord(o.record, now)}`;
    })
    .join('\n');
}
