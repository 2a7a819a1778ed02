import { parseArgs } from 'node:util';
import { hasChanges } from '../../plan/types';
import { renderPlanText } from '../../report/render';
import type { CommandModule } from '../command';
import { UsageError } from '../command';
import { loadPlanDesired } from '../lazy';
import { planJson } from '../json-output';
import { ReadProgress, readEstimatesFor } from '../live-progress';
import { buildEngine, loadRepoOrReport, nonNegativeInteger, repoKey, stateDir, PROGRESS_USAGE, TARGET_OPTIONS, TARGET_USAGE, applyRegionOption } from '../repo-engine';
import { useColor } from './validate';

const USAGE = `Usage: meshops plan [repo-dir] [options]

Shows what \`meshops apply\` would change: reads the repo, reads live state, and prints the plan —
grouped by mesh and ordered as it will run, with field diffs and the traffic each virtual node gets.
Changes nothing.

Options:
  --json                print the plan as JSON: { "summary", "changes", "fingerprint", ... }
  --detailed-exitcode   exit 0 when there is nothing to change, 2 when there are changes, 1 on errors
  --max-deletes N       allow up to N deletions for this plan (overrides maxDeletes)
${TARGET_USAGE}

${PROGRESS_USAGE}

Exit status: 0, or 1 when the repo is invalid or the plan has errors (conflicts, too many deletions,
blocked deletes); the plan is printed whole before that.
`;

export const planCommand: CommandModule = {
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.argv,
      options: { ...TARGET_OPTIONS, json: { type: 'boolean' }, 'detailed-exitcode': { type: 'boolean' }, 'max-deletes': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 1) throw new UsageError(`takes one repository directory (got ${positionals.join(' ')})`);
    const maxDeletes = nonNegativeInteger(values['max-deletes'], '--max-deletes');
    const repo = await loadRepoOrReport(ctx, positionals[0], values.json === true);
    if (typeof repo === 'number') return repo;
    const engine = await buildEngine(ctx, values, applyRegionOption(repo, values.region));
    const key = repoKey(repo.desired.settings);
    const reading = new ReadProgress(ctx, engine, readEstimatesFor(stateDir(ctx, values), engine, key), { json: values.json === true });
    reading.line.log('reading live state');
    const { plan, live } = await loadPlanDesired()
      .planDesired(repo.desired, engine, {
        repo: key,
        ...(maxDeletes !== undefined ? { maxDeletes } : {}),
        onProgress: (message) => reading.line.log(message),
      })
      .finally(() => reading.finish());
    if (values.json) ctx.stdout.write(`${JSON.stringify({ ...planJson(plan), liveWarnings: live.warnings }, null, 2)}\n`);
    else {
      for (const w of live.warnings) ctx.stderr.write(`warning: ${w}\n`);
      ctx.stdout.write(`${renderPlanText(plan, { color: useColor(ctx), diagnostics: repo.warnings })}\n`);
    }
    if (plan.errors.length) return 1;
    if (values['detailed-exitcode']) return hasChanges(plan) ? 2 : 0;
    return 0;
  },
};
