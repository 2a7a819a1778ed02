import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import type { Plan } from '../../plan/types';
import { renderApplyText, renderPlanText } from '../../report/render';
import type { CliContext, CommandModule } from '../command';
import { UsageError } from '../command';
import { loadApplyDesired } from '../lazy';
import { applyJson } from '../json-output';
import { ApplyRunProgress, readEstimatesFor } from '../live-progress';
import { buildEngine, cliHolder, duration, loadRepoOrReport, nonNegativeInteger, repoKey, stateDir, PROGRESS_USAGE, TARGET_OPTIONS, TARGET_USAGE, applyRegionOption } from '../repo-engine';
import { useColor } from './validate';

const USAGE = `Usage: meshops apply [repo-dir] [options]

Makes live state match the repo: takes the repo's lock, plans against live, shows the plan, asks
for confirmation on a terminal, applies it in order, and records the result (.meshops/ audit log
and last-applied record). Safe to re-run: an interrupted apply converges on the next run.

Options:
  --auto-approve        apply without asking (required when not on a terminal)
  --max-deletes N       allow up to N deletions for this run (overrides maxDeletes)
  --lock-timeout D      take over another apply's lock after D (default 10m; a lock whose process
                        is gone on this host is taken over at once)
  --lock-wait D         wait up to D for a lock another apply holds (default 0: fail at once)
  --json                print { "summary", "changes", "fingerprint", "result" } as JSON
${TARGET_USAGE}

${PROGRESS_USAGE}

Exit status: 0 when applied or nothing to do; 1 on errors, refusals or a failed operation.
`;

async function askYes(ctx: CliContext, plan: Plan): Promise<boolean> {
  const rl = createInterface({ input: ctx.stdin, output: ctx.stdout });
  try {
    const answer = await rl.question(`\nApply these ${plan.steps.reduce((n, s) => n + s.length, 0)} operations? Only 'yes' will be accepted: `);
    return answer.trim() === 'yes';
  } finally {
    rl.close();
  }
}

export const applyCommand: CommandModule = {
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.argv,
      options: {
        ...TARGET_OPTIONS,
        json: { type: 'boolean' },
        'auto-approve': { type: 'boolean' },
        'max-deletes': { type: 'string' },
        'lock-timeout': { type: 'string' },
        'lock-wait': { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 1) throw new UsageError(`takes one repository directory (got ${positionals.join(' ')})`);
    const maxDeletes = nonNegativeInteger(values['max-deletes'], '--max-deletes');
    const lockTimeoutMs = duration(values['lock-timeout'], '--lock-timeout', 10 * 60_000);
    const lockWaitMs = duration(values['lock-wait'], '--lock-wait', 0);
    const interactive = ctx.stdin.isTTY === true && ctx.stdout.isTTY === true && values.json !== true;
    if (!values['auto-approve'] && !interactive) {
      throw new UsageError('not on a terminal: nothing was applied. Review `meshops plan`, then run `meshops apply --auto-approve`');
    }
    const repo = await loadRepoOrReport(ctx, positionals[0], values.json === true);
    if (typeof repo === 'number') return repo;
    const color = useColor(ctx);
    const engine = await buildEngine(ctx, values, applyRegionOption(repo, values.region));
    const key = repoKey(repo.desired.settings);
    const json = values.json === true;
    // The re-plan's read, then (once confirmed) the operations: one live line at a time.
    const progress = new ApplyRunProgress(ctx, engine, readEstimatesFor(stateDir(ctx, values), engine, key), { json });
    const { plan, result } = await loadApplyDesired()
      .applyDesired(repo.desired, engine, {
        repo: key,
        holder: cliHolder(),
        lockTimeoutMs,
        lockWaitMs,
        ...(maxDeletes !== undefined ? { maxDeletes } : {}),
        onPlan: (p) => {
          progress.planned(p);
          if (!values.json) ctx.stdout.write(`${renderPlanText(p, { color, diagnostics: repo.warnings })}\n`);
        },
        ...(values['auto-approve'] ? {} : { confirm: (p: Plan) => askYes(ctx, p) }),
        ...progress.hooks,
      })
      .finally(() => progress.stop());
    if (values.json) ctx.stdout.write(`${JSON.stringify(applyJson(plan, result), null, 2)}\n`);
    // The plan, printed before the apply, already said where each rollout stands.
    else ctx.stdout.write(`${renderApplyText(result, plan, { color, planShown: true })}\n`);
    return result.status === 'applied' || result.status === 'nothing-to-do' ? 0 : 1;
  },
};
