import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Emulator } from '../emulator/emulator';
import {
  formatProblem,
  ImportRefusedError,
  importCloudFormationTemplate,
  importKubernetesManifests,
  validateImported,
  addUndeclaredMeshes,
  dropIgnoredFields,
  type ImportProblem,
  type SourceImport,
} from '../import';

import { loadDesiredState, renderDiagnostics } from '../model';
import type { Plan } from '../plan/types';
import { compareKeys, type JsonObject, type ResourceKey } from '../resources';
import { LocalStateStore } from '../state/local-state-store';
import { createEngine } from './engine';
import { planDesired } from './plan-desired';
import { layOutRepo, type RepoFile } from './repo-layout';

export type DefinitionSource = 'cloudformation' | 'kubernetes';

export interface DefinitionsImportOptions {
  from: DefinitionSource;
  /** Input files: `path` as the user named it (it appears in comments and messages). */
  files: { path: string; content: Uint8Array }[];
  region: string;
  owner?: string;
  /** Where resource files go inside the repo (the settings' `path`). */
  path?: string;
  parameters?: Record<string, string>;
  importValues?: Record<string, string>;
  resourceValues?: Record<string, string>;
  /** Kubernetes: the mesh of objects that name none; the namespace of objects that name none. */
  mesh?: string;
  namespace?: string;
}

export interface ImportedDefinitions {
  files: RepoFile[];
  notes: string[];
  resources: number;
  /** The first plan of the written repository against an empty account. */
  plan: Plan;
}

/** The placeholder owner of the plan check when the user names none (the repository's name is the default on GitHub). */
const CHECK_OWNER = 'local/import-check';

/**
 * CloudFormation templates or Kubernetes manifests → a repository in meshops' layout that
 * validates and plans without errors against an empty account (checked here, on an in-memory
 * emulator). Throws ImportRefusedError, with every problem at its input file and line, when the
 * input cannot be converted; nothing is returned to write then.
 */
export async function importDefinitions(options: DefinitionsImportOptions): Promise<ImportedDefinitions> {
  const converted = convert(options);
  const problems: ImportProblem[] = [...converted.problems];
  if (problems.length) throw new ImportRefusedError(problems);
  if (!converted.documents.length) throw new ImportRefusedError([{ file: options.files.map((f) => f.path).join(', '), message: `no App Mesh or Cloud Map resources found in the input (${options.from})` }]);

  dropIgnoredFields(converted.documents, converted.notes);
  const validated = validateImported(addUndeclaredMeshes(converted.documents, converted.notes));
  const errors = validated.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new ImportRefusedError(errors.map((d) => ({ file: d.file ?? '', ...(d.line !== undefined ? { line: d.line, column: d.column } : {}), message: d.path ? `${d.path}: ${d.message}` : d.message })));
  const notes = [...converted.notes, ...validated.diagnostics.map((d) => formatProblem({ file: d.file ?? '', ...(d.line !== undefined ? { line: d.line } : {}), message: d.message }))];

  const path = options.path ?? 'mesh';
  const ordered = [...validated.resources].sort((a, b) => compareKeys(a.resource, b.resource));
  const settings: JsonObject = { version: 1, region: options.region, ...(options.owner ? { owner: options.owner } : {}), path };
  const source = options.from === 'cloudformation' ? 'CloudFormation' : 'Kubernetes';
  const files = layOutRepo(
    ordered.map(({ resource, imported }) => ({
      key: { kind: resource.kind, name: resource.name, mesh: resource.mesh, parent: resource.parent } as ResourceKey,
      document: imported.value,
      comments: [`from ${imported.file}:${imported.start.line} (${imported.origin})`],
    })),
    settings,
    {
      path,
      settingsComments: [
        `imported from ${source}: ${[...new Set(options.files.map((f) => f.path))].join(', ')}`,
        ...(options.owner ? [] : ['no owner: on GitHub it defaults to the repository\'s full name; elsewhere set owner: <org>/<repo>']),
      ],
    },
  );
  if (!options.owner) notes.push('meshops.yaml names no owner: on GitHub the repository\'s full name is used; set owner: to plan it from the CLI');

  // The written repository must load, and plan against an empty account without errors.
  const enc = new TextEncoder();
  const loaded = loadDesiredState({ repo: 'imported', files: files.map((f) => ({ path: f.path, content: enc.encode(f.content) })) }, { defaultOwner: options.owner ?? CHECK_OWNER });
  if (!loaded.state) throw new Error(`the imported repository does not validate (please report this): ${renderDiagnostics(loaded.diagnostics.filter((d) => d.severity === 'error'), { color: false })}`);
  const plan = await planOnEmptyAccount(loaded.state, options.region);
  if (plan.errors.length) throw new Error(`the imported repository's plan has errors (please report this): ${plan.errors.map((e) => e.message).join('; ')}`);
  return { files, notes, resources: ordered.length, plan };
}

function convert(options: DefinitionsImportOptions): SourceImport {
  if (options.from === 'kubernetes') {
    return importKubernetesManifests(options.files.map((f) => ({ file: f.path, content: f.content })), { ...(options.mesh ? { mesh: options.mesh } : {}), ...(options.namespace ? { namespace: options.namespace } : {}) });
  }
  const inputs = { parameters: options.parameters ?? {}, importValues: options.importValues ?? {}, resourceValues: options.resourceValues ?? {}, region: options.region };
  const merged: SourceImport = { documents: [], notes: [], problems: [] };
  const parameters = new Set<string>();
  const logicalIds = new Set<string>();
  for (const f of options.files) {
    const one = importCloudFormationTemplate(f.path, f.content, inputs);
    merged.documents.push(...one.documents);
    merged.notes.push(...one.notes);
    merged.problems.push(...one.problems);
    one.declared?.parameters.forEach((p) => parameters.add(p));
    one.declared?.logicalIds.forEach((id) => logicalIds.add(id));
  }
  // A flag that names nothing is a typo the user wants to hear about, not a silent no-op.
  const files = options.files.map((f) => f.path).join(', ');
  for (const name of Object.keys(inputs.parameters)) {
    if (!name.startsWith('AWS::') && !parameters.has(name)) merged.problems.push({ file: files, message: `--parameter ${name}: no input template declares a parameter ${name}${parameters.size ? ` (they declare: ${[...parameters].sort().join(', ')})` : ''}` });
  }
  for (const key of Object.keys(inputs.resourceValues)) {
    const id = key.split('.')[0];
    if (!logicalIds.has(id)) merged.problems.push({ file: files, message: `--resource ${key}: no input template has a resource ${id}` });
  }
  return merged;
}

async function planOnEmptyAccount(state: Parameters<typeof planDesired>[0], region: string): Promise<Plan> {
  const dir = mkdtempSync(join(tmpdir(), 'meshops-import-check-'));
  try {
    const engine = createEngine({ kind: 'embedded' }, { region, store: new LocalStateStore({ dir }), emulator: new Emulator({ region }) });
    return (await planDesired(state, engine, { repo: 'local/import-check' })).plan;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
