import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import type { DefinitionSource } from '../../app/import-definitions';
import { ImportRefusedError, formatProblem } from '../../import';
import { loadDesiredState } from '../../model';
import { hasChanges } from '../../plan/types';
import { readLocalSnapshot } from '../../source';
import type { CliContext, CommandModule } from '../command';
import { UsageError } from '../command';
import { loadImportDefinitions, loadImportMesh, loadPlanDesired } from '../lazy';
import { buildEngine, regionOption, repoKey, TARGET_OPTIONS, TARGET_USAGE } from '../repo-engine';

const USAGE = `Usage: meshops import --mesh NAME --out DIR [options]
       meshops import --from cloudformation|kubernetes FILE… --out DIR [options]

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

From files (--from): App Mesh definitions where they live today, checked to validate and to plan
without errors against an empty account (an in-memory emulator; no target is contacted):
  --from cloudformation   templates (YAML with short or long intrinsic forms, or JSON): their
                          AWS::AppMesh::* and AWS::ServiceDiscovery::* resources
  --from kubernetes       manifests of the App Mesh controller (appmesh.k8s.aws/v1beta2), any number
                          of documents per file; Namespace objects give namespaceSelector their labels
  --out DIR               an empty or new directory to write to (required)
  --owner OWNER           the owner to write in meshops.yaml (default: none, which on GitHub means
                          the repository's full name)
  --region R              the region to write in meshops.yaml (default us-east-1; AWS::Region)
  --parameter KEY=VALUE   a template parameter (or AWS::StackName, AWS::AccountId…); repeatable
  --import-value N=VALUE  what Fn::ImportValue N reads; repeatable
  --resource ID[.ATTR]=VALUE
                          what Ref ID (or Fn::GetAtt ID.ATTR) gives, for a resource the import does
                          not bring (a VPC) or an attribute known only once created; repeatable
  --mesh NAME             Kubernetes: the mesh of objects with no meshRef that no Mesh selects (its
                          Mesh document is written when the input has none)
  --namespace NS          Kubernetes: the namespace of objects whose metadata names none
  --force                 write into a directory that is not empty
`;

export const importCommand: CommandModule = {
  usage: USAGE,
  async run(ctx) {
    if (ctx.argv.some((a) => a === '--from' || a.startsWith('--from='))) return importFromFiles(ctx);
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
    const region = regionOption(values.region) ?? ctx.env.AWS_REGION ?? 'us-east-1';
    const engine = await buildEngine(ctx, values, region);
    let imported;
    try {
      imported = await loadImportMesh().importMesh(engine, { mesh: values.mesh, region, ...(values.owner ? { owner: values.owner } : {}), ...(values.vpc ? { vpc: values.vpc } : {}) });
    } catch (err) {
      if (err instanceof loadImportMesh().ImportError) throw new UsageError(err.message);
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
    const { plan } = await loadPlanDesired().planDesired(loaded.state, engine, { repo: repoKey(loaded.state.settings) });
    if (!hasChanges(plan)) ctx.stdout.write('checked: `meshops plan` of the imported repo has nothing to change\n');
    else ctx.stdout.write(`checked: the first plan would ${Object.entries(plan.summary).filter(([, n]) => n > 0).map(([a, n]) => `${a} ${n}`).join(', ')}\n`);
    return 0;
  },
};

const FROM: readonly DefinitionSource[] = ['cloudformation', 'kubernetes'];

/** `--parameter K=V` … → { K: V }; a repeated key is a usage error. */
function pairs(list: string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} takes KEY=VALUE (got ${JSON.stringify(item)})`);
    const key = item.slice(0, eq);
    if (Object.hasOwn(out, key)) throw new UsageError(`${flag} ${key} is given twice`);
    out[key] = item.slice(eq + 1);
  }
  return out;
}

async function importFromFiles(ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: ctx.argv,
    options: {
      from: { type: 'string' },
      out: { type: 'string' },
      owner: { type: 'string' },
      region: { type: 'string' },
      parameter: { type: 'string', multiple: true },
      'import-value': { type: 'string', multiple: true },
      resource: { type: 'string', multiple: true },
      mesh: { type: 'string' },
      namespace: { type: 'string' },
      force: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  const from = values.from as DefinitionSource;
  if (!FROM.includes(from)) throw new UsageError(`--from takes ${FROM.join(' or ')} (got ${JSON.stringify(values.from)})`);
  if (!positionals.length) throw new UsageError(`--from ${from} takes the files to import: meshops import --from ${from} FILE… --out DIR`);
  if (!values.out) throw new UsageError('--out DIR is required');
  if (from === 'kubernetes') {
    for (const flag of ['parameter', 'import-value', 'resource'] as const) if (values[flag]?.length) throw new UsageError(`--${flag} is for --from cloudformation`);
  } else {
    for (const flag of ['mesh', 'namespace'] as const) if (values[flag] !== undefined) throw new UsageError(`--${flag} is for --from kubernetes`);
  }
  const region = regionOption(values.region) ?? 'us-east-1';
  const parameters = pairs(values.parameter, '--parameter');
  const importValues = pairs(values['import-value'], '--import-value');
  const resourceValues = pairs(values.resource, '--resource');
  const out = resolve(ctx.cwd, values.out);
  if (existsSync(out) && readdirSync(out).length > 0 && !values.force) throw new UsageError(`${values.out} is not empty; choose a new directory or pass --force`);
  const files = positionals.map((p) => {
    const abs = resolve(ctx.cwd, p);
    try {
      // Shown as given, relative to the working directory: comments and messages name it so.
      return { path: (relative(ctx.cwd, abs) || p).split(sep).join('/'), content: readFileSync(abs) };
    } catch (err) {
      throw new UsageError(`cannot read ${p}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  });
  let imported;
  try {
    imported = await loadImportDefinitions().importDefinitions({
      from,
      files,
      region,
      ...(values.owner ? { owner: values.owner } : {}),
      parameters,
      importValues,
      resourceValues,
      ...(values.mesh ? { mesh: values.mesh } : {}),
      ...(values.namespace ? { namespace: values.namespace } : {}),
    });
  } catch (err) {
    if (!(err instanceof ImportRefusedError)) throw err;
    for (const p of err.problems) ctx.stderr.write(`${formatProblem(p)}\n`);
    const flags = [...new Set(err.problems.flatMap((p) => (p.flag ? [p.flag] : [])))];
    if (flags.length) ctx.stderr.write(`to supply the missing values, pass: ${flags.join(' ')}\n`);
    ctx.stderr.write(`meshops import: ${err.problems.length} problem(s) in the input; nothing was written\n`);
    return 1;
  }
  for (const file of imported.files) {
    const path = join(out, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  ctx.stdout.write(`wrote ${imported.resources} resources in ${imported.files.length} files to ${relative(ctx.cwd, out) || '.'}\n`);
  for (const note of imported.notes) ctx.stdout.write(`  - ${note}\n`);
  const summary = Object.entries(imported.plan.summary).filter(([, n]) => n > 0).map(([a, n]) => `${a} ${n}`).join(', ');
  ctx.stdout.write(`checked: it validates, and its first plan against an empty account would ${summary || 'change nothing'} (no errors)\n`);
  return 0;
}
