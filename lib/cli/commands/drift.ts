import { parseArgs } from 'node:util';
import { renderApplyText, renderDriftText } from '../../report/render';
import type { CommandModule } from '../command';
import { UsageError } from '../command';
import { loadApplyDesired, loadDetectDrift } from '../lazy';
import { driftJson } from '../json-output';
import { ApplyRunProgress, ReadProgress, readEstimatesFor } from '../live-progress';
import { buildEngine, cliHolder, duration, loadRepoOrReport, repoKey, stateDir, PROGRESS_USAGE, TARGET_OPTIONS, TARGET_USAGE, applyRegionOption } from '../repo-engine';
import { useColor } from './validate';

const USAGE = `Usage: meshops drift [repo-dir] [options]

Compares live state with the repo and classifies each difference: changed (edited outside Git),
missing (deleted outside Git), unmanaged (created outside Git in a managed mesh), pending (Git is
ahead of the last apply). Records the report in .meshops/ and keeps first-seen times across runs.

Options:
  --json                print { "drift": [{ "class", "kind", "mesh", "name", "diff" }], ... }
  --detailed-exitcode   exit 0 when there is no drift, 2 when there is, 1 on errors
  --remediate           re-apply Git when drift is found (same as apply --auto-approve)
  --lock-timeout D      with --remediate: as for apply (default 10m)
${TARGET_USAGE}

${PROGRESS_USAGE}
`;

export const driftCommand: CommandModule = {
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.argv,
      options: { ...TARGET_OPTIONS, json: { type: 'boolean' }, 'detailed-exitcode': { type: 'boolean' }, remediate: { type: 'boolean' }, 'lock-timeout': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 1) throw new UsageError(`takes one repository directory (got ${positionals.join(' ')})`);
    const lockTimeoutMs = duration(values['lock-timeout'], '--lock-timeout', 10 * 60_000);
    const repo = await loadRepoOrReport(ctx, positionals[0], values.json === true);
    if (typeof repo === 'number') return repo;
    const engine = await buildEngine(ctx, values, applyRegionOption(repo, values.region));
    const key = repoKey(repo.desired.settings);
    const color = useColor(ctx);
    const json = values.json === true;
    const estimates = readEstimatesFor(stateDir(ctx, values), engine, key);
    const reading = new ReadProgress(ctx, engine, estimates, { json });
    const { report } = await loadDetectDrift()
      .detectDriftDesired(repo.desired, engine, { repo: key })
      .finally(() => reading.finish());
    if (values.json) ctx.stdout.write(`${JSON.stringify(driftJson(report), null, 2)}\n`);
    else ctx.stdout.write(`${renderDriftText(report, { color })}\n`);
    const drifted = report.items.length > 0;
    if (values.remediate && drifted) {
      const progress = new ApplyRunProgress(ctx, engine, estimates, { json });
      const { plan, result } = await loadApplyDesired()
        .applyDesired(repo.desired, engine, {
          repo: key,
          holder: cliHolder(),
          lockTimeoutMs,
          onPlan: (p) => progress.planned(p),
          ...progress.hooks,
        })
        .finally(() => progress.stop());
      if (!values.json) ctx.stdout.write(`\n${renderApplyText(result, plan, { color })}\n`);
      if (result.status !== 'applied' && result.status !== 'nothing-to-do') return 1;
    }
    return values['detailed-exitcode'] && drifted ? 2 : 0;
  },
};
