// `npm run soak`: the fault suite at full size. Several seeds, each applying the generated
// repository (L size by default: 4 meshes × 40 services, about a thousand resources) to an empty
// emulated account under 20% throttling, 2% server errors (half of them after the change was
// committed) and latency jitter, then its second version; checks after every phase that the next
// plan is empty and the account holds exactly what Git declares. Prints one line per phase and
// writes every figure to .tmp/reliability/soak.json. Exits 1 if any run did not converge or lost,
// duplicated or replaced a resource.
//
//   npm run soak -- [--seeds 1,2,3] [--meshes 4] [--services 40] [--jitter-ms 10] [--json]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeRun, runFaultScenario, type FaultRunFigures } from '../test/reliability/support/fault-run';
import { isClean } from '../test/reliability/support/inventory';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '11,22,33' },
    meshes: { type: 'string', default: '4' },
    services: { type: 'string', default: '40' },
    'jitter-ms': { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
  },
});

const seeds = values.seeds!.split(',').map((s) => Number(s.trim()));
const meshes = Number(values.meshes);
const servicesPerMesh = Number(values.services);
const faults = { throttleRate: 0.2, errorRate: 0.02, latencyMs: 1, latencyJitterMs: Number(values['jitter-ms']) };
if (seeds.some((s) => !Number.isInteger(s)) || !(meshes >= 1) || !(servicesPerMesh >= 2)) {
  process.stderr.write('soak: --seeds takes integers, --meshes at least 1, --services at least 2\n');
  process.exit(1);
}

function ok(run: FaultRunFigures): boolean {
  return run.phases.length === 2 && run.replaced.length === 0 && run.phases.every((p) => p.converged && p.finalPlanChanges === 0 && isClean(p.comparison));
}

async function main(): Promise<number> {
  const runs: (FaultRunFigures & { variant: string })[] = [];
  const started = Date.now();
  // Each seed runs twice: once as is, once with applies also stopped part-way (2% of operations
  // fail on purpose in the first two rounds of a phase), so that the re-run path is soaked too.
  const variants = [
    { name: 'faults', interruptRate: 0 },
    { name: 'faults + interruptions', interruptRate: 0.02 },
  ];
  for (const seed of seeds) {
    for (const variant of variants) {
      const stateDir = mkdtempSync(join(tmpdir(), 'meshops-soak-'));
      try {
        let run: FaultRunFigures;
        try {
          run = await runFaultScenario({ seed, meshes, servicesPerMesh, faults, maxRounds: 10, stateDir, interruptRate: variant.interruptRate });
        } catch (err) {
          // A run that could not even plan counts as failed, with the reason; the other runs go on.
          process.stdout.write(`FAIL [${variant.name}] seed ${seed}: ${(err as Error).message}\n`);
          run = { seed, phases: [], replaced: [] };
        }
        runs.push({ ...run, variant: variant.name });
        for (const line of describeRun(run)) process.stdout.write(`${ok(run) ? 'ok  ' : 'FAIL'} [${variant.name}] ${line}\n`);
      } finally {
        rmSync(stateDir, { recursive: true, force: true });
      }
    }
  }
  const failed = runs.filter((r) => !ok(r));
  const totals = runs.flatMap((r) => r.phases).reduce(
    (t, p) => ({
      phases: t.phases + 1,
      resourcesApplied: t.resourcesApplied + p.resources,
      calls: t.calls + p.faults.calls,
      throttled: t.throttled + p.faults.throttled,
      errorsBefore: t.errorsBefore + p.faults.errorsBefore,
      errorsAfter: t.errorsAfter + p.faults.errorsAfter,
      interrupted: t.interrupted + p.interrupted,
      applyRounds: t.applyRounds + p.rounds.length,
      lost: t.lost + p.comparison.missing.length,
      duplicated: t.duplicated + p.comparison.duplicates.length,
      extra: t.extra + p.comparison.extra.length,
    }),
    { phases: 0, resourcesApplied: 0, calls: 0, throttled: 0, errorsBefore: 0, errorsAfter: 0, interrupted: 0, applyRounds: 0, lost: 0, duplicated: 0, extra: 0 },
  );
  const summary = {
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
    size: { meshes, servicesPerMesh },
    faults,
    runs: runs.length,
    failed: failed.length,
    replaced: runs.reduce((n, r) => n + r.replaced.length, 0),
    totals,
    wallMs: Date.now() - started,
    details: runs,
  };
  const out = join(process.cwd(), '.tmp', 'reliability');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'soak.json'), JSON.stringify(summary, null, 2));
  if (values.json) process.stdout.write(`${JSON.stringify({ ...summary, details: undefined })}\n`);
  process.stdout.write(
    `soak: ${runs.length} runs (${totals.phases} phases, ${totals.resourcesApplied} resources applied), ${totals.calls} calls, ${totals.throttled} throttled, ` +
      `${totals.errorsBefore}+${totals.errorsAfter} server errors, ${totals.interrupted} operations interrupted, ${totals.applyRounds} apply rounds; ` +
      `lost ${totals.lost}, duplicated ${totals.duplicated}, extra ${totals.extra}, replaced ${summary.replaced}; ${failed.length} failed; ${Math.round(summary.wallMs / 1000)} s\n`,
  );
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`soak: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
