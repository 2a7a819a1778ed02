import { mapToLattice } from '../mapping';
import { compareKeys, KIND_INFO, resourceId, type DesiredResource, type DesiredState } from '../resources';
import { checkCrossReferences, type DeclaredIdentity, type LocatedResource } from './cross-references';
import { hasErrors, showInvisible, sortDiagnostics, type Diagnostic } from './diagnostics';
import { formatBytes, isResourceFile, MAX_FILE_BYTES, MAX_RESOURCE_FILES, normalizeRepoPath, SETTINGS_FILE, unsafePathMessage } from './limits';
import { diagnosticAt } from './issues';
import { settingsPath } from './settings-path';
import { validateSettings } from './settings';
import type { RepoSnapshot } from './snapshot';
import { validateDocument } from './validate-document';
import { parseYamlFile } from './yaml/parse-file';

export interface LoadOptions {
  /** The owner when `meshops.yaml` names none (the GitHub source passes the repo's full name). */
  defaultOwner?: string;
  /** The owner the deployment pins the repository to; `meshops.yaml` may not name another. */
  pinnedOwner?: string;
}

export interface LoadResult {
  /** Present only when there are no errors. */
  state?: DesiredState;
  /** Every error and warning of the repository, sorted by file and position. */
  diagnostics: Diagnostic[];
  /** Non-empty YAML documents read from resource files. */
  documents: number;
  /** Resource files read. */
  files: number;
}

/**
 * RepoSnapshot → DesiredState: parse every file with positions, validate the settings and each
 * document strictly, then check references across the whole repository. All problems of the
 * repository are collected in one run; `state` is present only when none is an error. Pure.
 */
export function loadDesiredState(snapshot: RepoSnapshot, options: LoadOptions = {}): LoadResult {
  const diagnostics: Diagnostic[] = [];
  for (const refused of snapshot.refused ?? []) {
    diagnostics.push({ severity: 'error', code: refused.reason, message: refused.message, file: refused.path });
  }

  for (const path of snapshot.hidden ?? []) {
    diagnostics.push({
      severity: 'warning',
      code: 'hidden-file',
      message: `${path} is not read: its name starts with "." (hidden files are tooling, not mesh); anything it declares is not in the plan (and would be deleted if live). Rename it without the leading "." to declare resources`,
      file: path,
    });
  }

  const settingsFile = snapshot.files.find((f) => f.path === SETTINGS_FILE);
  let resourcePath = 'mesh';
  let settings: DesiredState['settings'] | undefined;
  let settingsDoc: ReturnType<typeof parseYamlFile>['documents'][number] | undefined;
  if (!settingsFile) {
    if (!(snapshot.refused ?? []).some((r) => r.path === SETTINGS_FILE)) {
      diagnostics.push({ severity: 'error', code: 'settings-missing', message: `no ${SETTINGS_FILE} at the repository root: it holds the settings (version, region, owner, ...)`, file: SETTINGS_FILE });
    }
  } else {
    const parsed = parseYamlFile(SETTINGS_FILE, settingsFile.content);
    const result = validateSettings(parsed, options);
    settingsDoc = parsed.documents[0];
    diagnostics.push(...result.diagnostics);
    settings = result.settings;
    resourcePath = settings?.path ?? settingsPath(settingsFile.content);
  }

  const resourceFiles = [];
  for (const file of snapshot.files) {
    if (normalizeRepoPath(file.path) !== file.path) {
      diagnostics.push({ severity: 'error', code: 'unsafe-path', message: unsafePathMessage(file.path), file: file.path });
      continue;
    }
    if (isResourceFile(file.path, resourcePath)) resourceFiles.push(file);
  }
  resourceFiles.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const where = resourcePath === '' ? 'the repository' : `${resourcePath}/`;
  if (resourceFiles.length > MAX_RESOURCE_FILES) {
    diagnostics.push({
      severity: 'error',
      code: 'too-many-files',
      message: `${where} holds ${resourceFiles.length} resource files; at most ${MAX_RESOURCE_FILES} are read (split the mesh over several repositories)`,
      file: resourcePath || '.',
    });
    return { diagnostics: finish(diagnostics), documents: 0, files: resourceFiles.length };
  }
  if (resourceFiles.length === 0 && settings && !(snapshot.refused ?? []).length) {
    if (settings.allowEmpty) {
      diagnostics.push({ severity: 'warning', code: 'no-resources', message: `${where} holds no .yaml or .yml files: nothing is declared (allowEmpty: true)`, file: resourcePath || '.' });
    } else {
      // Git keeps no empty folders: a path that holds no resource file is a path that does not
      // exist, most often a typo, and planning it would delete every resource the repository owns.
      const message = `${where} does not exist or holds no .yaml or .yml files, so nothing would be declared and every resource this repository owns would be deleted; fix "path" (it is ${JSON.stringify(resourcePath || '.')}), or set allowEmpty: true to declare nothing on purpose`;
      const written = settingsDoc && typeof (settingsDoc.value as { path?: unknown } | null)?.path === 'string';
      diagnostics.push(settingsDoc && written ? diagnosticAt(settingsDoc, ['path'], message, 'path-empty') : { severity: 'error', code: 'path-empty', message, file: SETTINGS_FILE, ...(settingsDoc ? settingsDoc.start : {}) });
    }
  }

  const located: LocatedResource[] = [];
  const invalid: DeclaredIdentity[] = [];
  let documents = 0;
  for (const file of resourceFiles) {
    if (file.content.byteLength > MAX_FILE_BYTES) {
      diagnostics.push({ severity: 'error', code: 'file-too-large', message: `${file.path} is ${formatBytes(file.content.byteLength)}; files may be at most ${formatBytes(MAX_FILE_BYTES)}`, file: file.path });
      continue;
    }
    const parsed = parseYamlFile(file.path, file.content);
    diagnostics.push(...parsed.diagnostics);
    for (const doc of parsed.documents) {
      documents++;
      const result = validateDocument(doc);
      if (doc.hasErrors) {
        // Its YAML errors are reported; it only declares its identity (no cascade of "not declared").
        if (result.key) invalid.push({ key: result.key, doc });
        continue;
      }
      diagnostics.push(...result.diagnostics);
      if (result.resource) located.push({ resource: result.resource, doc });
      else if (result.key) invalid.push({ key: result.key, doc, ...(result.spec ? { spec: result.spec } : {}) });
    }
  }
  diagnostics.push(...checkCrossReferences(located, invalid));

  if (hasErrors(diagnostics) || !settings) return { diagnostics: finish(diagnostics), documents, files: resourceFiles.length };
  const declared = located.map((l) => l.resource).sort(compareKeys);
  const state = withTargets(settings, declared, located, diagnostics);
  const sorted = finish(diagnostics);
  if (hasErrors(sorted)) return { diagnostics: sorted, documents, files: resourceFiles.length };
  return { state, diagnostics: sorted, documents, files: resourceFiles.length };
}

/**
 * The resources each target gets: the App Mesh documents themselves when `targets` lists appmesh,
 * the Lattice resources mapped from them when it lists lattice; Cloud Map always. What the mapping
 * cannot carry over is kept for the plan, which reports it (an error or a warning by `unsupported`).
 */
function withTargets(settings: DesiredState['settings'], declared: DesiredResource[], located: LocatedResource[], diagnostics: Diagnostic[]): DesiredState {
  const kept = settings.targets.includes('appmesh') ? declared : declared.filter((r) => KIND_INFO[r.kind].service !== 'appmesh');
  if (!settings.targets.includes('lattice')) return { settings, resources: kept };
  const docs = new Map(located.map((l) => [resourceId(l.resource), l.doc]));
  const mapping = mapToLattice(declared, settings, (r, path) => docs.get(resourceId(r))?.positions.locate(path));
  for (const p of mapping.problems) {
    diagnostics.push({ severity: 'error', code: 'lattice-mapping', message: p.message, file: p.source?.file ?? SETTINGS_FILE, ...(p.source ? { line: p.source.line, column: p.source.column } : {}) });
  }
  return { settings, resources: [...kept, ...mapping.resources].sort(compareKeys), lattice: { notCarried: mapping.notCarried, registrations: mapping.registrations, ...(settings.targets.includes('appmesh') ? {} : { declared }) } };
}

/** Sorted, with invisible characters in messages made visible (a name that looks right but is not). */
function finish(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return sortDiagnostics(diagnostics.map((d) => ({ ...d, message: showInvisible(d.message) })));
}
