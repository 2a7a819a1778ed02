import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { importMesh, ImportError } from '../../app/import-mesh';
import { planDesired } from '../../app/plan-desired';
import { loadDesiredState } from '../../model';
import { hasChanges } from '../../plan/types';
import { readLocalSnapshot } from '../../source';
import type { Command } from '../command';
import { UsageError } from '../command';
import { buildEngine, repoKey, TARGET_OPTIONS, TARGET_USAGE } from '../repo-engine';

const USAGE = `Usage: meshops import --mesh NAME --out DIR [options]

Writes a live mesh (and the Cloud Map namespaces its virtual nodes use) as a repository in meshops'
format, then plans it against live to check: with resources already tagged for an owner the plan is
empty; untagged ones show as adoptions, which the first apply tags.

Options:
  --mesh NAME       the mesh to import (required)
  --out DIR         an empty or new directory to write to (required)
  --owner OWNER     the owner to write in meshops.yaml (default: the meshops:owner tag the mesh's
                    resources share)
  --vpc VPC         the VPC of private DNS namespaces (the API does not return it)
  --force           write into a directory that is not empty
${TARGET_USAGE}
`;

export const importCommand: Command = {
  name: 'import',
  summary: 'write a live mesh as a repo that plans to zero changes',
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.argv,
      options: { ...TARGET_OPTIONS, mesh: { type: 'string' }, out: { type: 'string' }, owner: { type: 'string' }, vpc: { type: 'string' }, force: { type: 'boolean' } },
      allowPositionals: false,
      strict: true,
    });
    if (positionals.length) throw new UsageError('takes no positional arguments');
    if (!values.mesh) throw new UsageError('--mesh NAME is required');
    if (!values.out) throw new UsageError('--out DIR is required');
    const out = resolve(ctx.cwd, values.out);
    if (existsSync(out) && readdirSync(out).length > 0 && !values.force) {
      throw new UsageError(`${values.out} is not empty; choose a new directory or pass --force`);
    }
    const region = values.region ?? ctx.env.AWS_REGION ?? 'us-east-1';
    const engine = buildEngine(ctx, values, region);
    let imported;
    try {
      imported = await importMesh(engine, { mesh: values.mesh, region, ...(values.owner ? { owner: values.owner } : {}), ...(values.vpc ? { vpc: values.vpc } : {}) });
    } catch (err) {
      if (err instanceof ImportError) throw new UsageError(err.message);
      throw err;
    }
    for (const file of imported.files) {
      const path = join(out, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.content);
    }
    ctx.stdout.write(`wrote ${imported.resources} resources in ${imported.files.length} files to ${relative(ctx.cwd, out) || '.'}\n`);
    for (const note of imported.notes) ctx.stdout.write(`  - ${note}\n`);

    // Check the result the way a user would: validate, then plan against the same live state.
    const loaded = loadDesiredState(await readLocalSnapshot(out));
    if (!loaded.state) {
      ctx.stderr.write(`the imported repo does not validate (please report this): ${loaded.diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`).join('; ')}\n`);
      return 1;
    }
    const { plan } = await planDesired(loaded.state, engine, { repo: repoKey(loaded.state.settings) });
    if (!hasChanges(plan)) ctx.stdout.write('checked: `meshops plan` of the imported repo has nothing to change\n');
    else ctx.stdout.write(`checked: the first plan would ${Object.entries(plan.summary).filter(([, n]) => n > 0).map(([a, n]) => `${a} ${n}`).join(', ')}\n`);
    return 0;
  },
};
