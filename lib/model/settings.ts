import { validateShape } from '../api-model';
import type { IgnoreRule, Kind, LatticeSettings, MeshTarget, Settings } from '../resources';
import type { Diagnostic } from './diagnostics';
import { checkIgnoreRules } from './ignore-rules';
import { diagnosticAt, issueToDiagnostic } from './issues';
import { normalizeRepoPath, SETTINGS_FILE } from './limits';
import { SETTINGS_DEFAULTS, SETTINGS_SHAPE, settingsShapes } from './settings-shapes';
import type { ParsedFile } from './yaml/parse-file';

export interface SettingsResult {
  /** Present when the file has no errors. `owner` is '' when neither the file nor the caller names one. */
  settings?: Settings;
  diagnostics: Diagnostic[];
}

/** Validates a parsed `meshops.yaml` against its shape table and fills the defaults (docs/design.md §1). */
export interface SettingsOptions {
  /** The owner when the file names none (the repository's full name on GitHub). */
  defaultOwner?: string;
  /**
   * The owner the deployment pins this repository to (its allowlist entry). The file may repeat it
   * but never name another: a repository cannot claim resources that are not its own.
   */
  pinnedOwner?: string;
}

/** Same owner value; a repository's full name is compared as GitHub compares names (any case). */
export function sameOwner(written: string, pinned: string, repoFullName?: string): boolean {
  if (written === pinned) return true;
  return repoFullName !== undefined && pinned.toLowerCase() === repoFullName.toLowerCase() && written.toLowerCase() === pinned.toLowerCase();
}

export function validateSettings(parsed: ParsedFile, options: SettingsOptions = {}): SettingsResult {
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  if (parsed.documents.length === 0) {
    diagnostics.push({ severity: 'error', code: 'settings-empty', message: `${SETTINGS_FILE} is empty; it needs at least "version: 1" and "region"`, file: parsed.file, line: 1, column: 1 });
    return { diagnostics };
  }
  const [doc, ...extra] = parsed.documents;
  for (const d of extra) {
    diagnostics.push({ severity: 'error', code: 'settings-multiple-documents', message: `${SETTINGS_FILE} holds one YAML document; this is document ${d.index + 1}`, file: d.file, ...d.start });
  }
  const value = doc.value;
  const errorsBefore = diagnostics.length;
  for (const issue of validateShape(settingsShapes, SETTINGS_SHAPE, value)) {
    if (issue.path[0] === 'version' && issue.code === 'range') {
      diagnostics.push(diagnosticAt(doc, issue.path, `unsupported settings version ${JSON.stringify((value as { version: unknown }).version)}; this meshops reads version 1`, 'settings-version'));
    } else if (issue.path[0] === 'region' && issue.code === 'pattern') {
      diagnostics.push(diagnosticAt(doc, issue.path, `${JSON.stringify((value as { region: unknown }).region)} is not an AWS region name (like us-east-1)`, 'pattern'));
    } else if (issue.path[0] === 'path' && issue.code === 'pattern') {
      // reported below with the normalized-path check
    } else {
      diagnostics.push(issueToDiagnostic(doc, issue));
    }
  }
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  let path: string = SETTINGS_DEFAULTS.path;
  if (typeof raw.path === 'string') {
    const normalized = normalizeRepoPath(raw.path);
    if (normalized === undefined) {
      diagnostics.push(diagnosticAt(doc, ['path'], `${JSON.stringify(raw.path)} is not a folder inside the repository: use a relative path without ".." (e.g. mesh)`, 'settings-path'));
    } else {
      path = normalized;
    }
  }
  if (Array.isArray(raw.targets)) {
    raw.targets.forEach((t, i) => {
      if (raw.targets && (raw.targets as unknown[]).indexOf(t) !== i) diagnostics.push(diagnosticAt(doc, ['targets', i], `${JSON.stringify(t)} is listed twice in targets`, 'settings-duplicate-target'));
    });
  }
  const latticeRaw = (raw.lattice ?? {}) as Record<string, unknown>;
  if (Array.isArray(latticeRaw.vpcs)) {
    const seen = new Map<unknown, number>();
    (latticeRaw.vpcs as Record<string, unknown>[]).forEach((v, i) => {
      const vpc = v?.vpc;
      if (vpc === undefined) return;
      // A VPC can be associated with one service network only, and once.
      if (seen.has(vpc)) diagnostics.push(diagnosticAt(doc, ['lattice', 'vpcs', i, 'vpc'], `${JSON.stringify(vpc)} is already listed at lattice.vpcs[${seen.get(vpc)}]`, 'settings-duplicate-vpc'));
      else seen.set(vpc, i);
    });
  }
  diagnostics.push(...checkIgnoreRules(doc, raw.ignore));
  if (typeof raw.owner === 'string') {
    const problem = ownerProblem(raw.owner);
    if (problem) diagnostics.push(diagnosticAt(doc, ['owner'], `owner ${JSON.stringify(raw.owner)} ${problem}`, 'owner-invalid'));
  }
  if (diagnostics.length > errorsBefore && diagnostics.slice(errorsBefore).some((d) => d.severity === 'error')) return { diagnostics };

  const drift = (raw.drift ?? {}) as { report?: 'issue' | 'none'; remediate?: boolean };
  const written = raw.owner as string | undefined;
  const { pinnedOwner } = options;
  if (pinnedOwner !== undefined && written !== undefined && !sameOwner(written, pinnedOwner, options.defaultOwner)) {
    diagnostics.push(
      diagnosticAt(
        doc,
        ['owner'],
        `owner ${JSON.stringify(written)} is not this repository's: the meshops deployment pins it to the owner ${JSON.stringify(pinnedOwner)}, and a repository may only manage its own resources (remove the line, or ask the deployment's operators to map this repository to that owner)`,
        'owner-not-allowed',
      ),
    );
    return { diagnostics };
  }
  const owner = written ?? pinnedOwner ?? options.defaultOwner ?? '';
  if (!owner) {
    diagnostics.push({
      severity: 'warning',
      code: 'owner-missing',
      message: `no "owner" in ${SETTINGS_FILE}: resources are tagged meshops:owner=<owner> to mark them as this repository's; plan and apply refuse to run without one (set owner: <org>/<repo>)`,
      file: doc.file,
      ...doc.start,
    });
  }
  const settings: Settings = {
    version: 1,
    region: raw.region as string,
    owner,
    path,
    prune: (raw.prune as boolean | undefined) ?? SETTINGS_DEFAULTS.prune,
    maxDeletes: (raw.maxDeletes as number | undefined) ?? SETTINGS_DEFAULTS.maxDeletes,
    drift: { report: drift.report ?? SETTINGS_DEFAULTS.drift.report, remediate: drift.remediate ?? SETTINGS_DEFAULTS.drift.remediate },
    ignore: ((raw.ignore ?? []) as Record<string, string>[]).map(
      (r): IgnoreRule => ({ kind: r.kind as Kind | '*', name: r.name, path: r.path, ...(r.mesh !== undefined ? { mesh: r.mesh } : {}) }),
    ),
    targets: [...((raw.targets as MeshTarget[] | undefined) ?? SETTINGS_DEFAULTS.targets)],
    lattice: latticeSettings(latticeRaw),
    ...(raw.allowEmpty === true ? { allowEmpty: true } : {}),
  };
  return { settings, diagnostics };
}

function latticeSettings(raw: Record<string, unknown>): LatticeSettings {
  const defaults = SETTINGS_DEFAULTS.lattice;
  return {
    ...(typeof raw.serviceNetwork === 'string' ? { serviceNetwork: raw.serviceNetwork } : {}),
    authType: (raw.authType as LatticeSettings['authType'] | undefined) ?? defaults.authType,
    vpcs: ((raw.vpcs ?? []) as { vpc: string; securityGroups?: string[] }[]).map((v) => ({ vpc: v.vpc, securityGroups: [...(v.securityGroups ?? [])] })),
    registration: (raw.registration as LatticeSettings['registration'] | undefined) ?? defaults.registration,
    unsupported: (raw.unsupported as LatticeSettings['unsupported'] | undefined) ?? defaults.unsupported,
  };
}

/** The characters AWS allows in a tag value: letters, digits, spaces and `_ . : / = + - @`. */
const TAG_VALUE_CHARACTERS = /^[\p{L}\p{N} _.:/=+\-@]*$/u;

/**
 * Why an owner cannot be used, or undefined. The owner is the value of the `meshops:owner` tag on
 * every resource and names the repository's records in the state store (`org/repo`, or a single
 * name), so it must be a valid tag value and a repository name at once (docs/repository-format.md).
 */
export function ownerProblem(owner: string): string | undefined {
  if (owner.trim() === '') return 'is blank: the owner names this repository (e.g. acme/mesh-config)';
  if (owner !== owner.trim()) return 'starts or ends with a space: invisible in most places, and the same owner without it would be another owner';
  if (!TAG_VALUE_CHARACTERS.test(owner)) {
    const bad = [...owner].find((c) => !TAG_VALUE_CHARACTERS.test(c))!;
    return `holds ${JSON.stringify(bad)}: it becomes the value of the meshops:owner tag, which takes letters, digits, spaces and _ . : / = + - @ only`;
  }
  const parts = owner.split('/');
  if (parts.length > 2 || parts.some((p) => p.trim() === '')) return 'is not a repository name: use "org/repo" (one "/", a name on each side) or a single name';
  return undefined;
}
