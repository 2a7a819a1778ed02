import { posix } from 'node:path';
import { stringify } from 'yaml';
import { documentJsonSchema, settingsJsonSchema } from '../model/json-schema';
import type { JsonObject } from '../resources/json';
import { KIND_INFO } from '../resources/kinds';
import type { ResourceKey } from '../resources/resource-key';

/** One resource document to write, with comment lines to put above it (without `#`). */
export interface LaidOutDocument {
  key: ResourceKey;
  document: JsonObject;
  comments?: string[];
}

export interface RepoFile {
  path: string;
  content: string;
}

/**
 * The layout every import writes: `meshops.yaml`; below `path`, a folder per mesh with
 * `mesh.yaml`, `virtual-nodes.yaml`, `virtual-services.yaml`, a file per router (with its routes)
 * and per gateway (with its gateway routes); `cloud-map/` with a file per namespace (with its
 * services); and the JSON Schemas that each file's modeline points editors to. Documents appear in
 * the order given; files in path order.
 */
export function layOutRepo(documents: LaidOutDocument[], settings: JsonObject, options: { path: string; settingsComments?: string[] }): RepoFile[] {
  const groups = new Map<string, string[]>();
  for (const d of documents) {
    const file = fileFor(d.key, options.path);
    if (!groups.has(file)) groups.set(file, []);
    const comments = (d.comments ?? []).map((c) => `# ${c}\n`).join('');
    groups.get(file)!.push(`${comments}${stringify(d.document, { lineWidth: 0 }).trimEnd()}`);
  }
  const header = ['meshops settings (see the README of mesh-repo-template)', ...(options.settingsComments ?? [])].map((c) => `# ${c}\n`).join('');
  return [
    { path: 'meshops.yaml', content: `${header}${stringify(settings)}` },
    ...[...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([file, docs]) => ({ path: file, content: `${modeline(file)}${docs.join('\n---\n')}\n` })),
    // Editors pick the schema up through the modeline of each file.
    { path: 'schema/resources.json', content: `${JSON.stringify(documentJsonSchema(), null, 2)}\n` },
    { path: 'schema/settings.json', content: `${JSON.stringify(settingsJsonSchema(), null, 2)}\n` },
  ];
}

function modeline(file: string): string {
  return `# yaml-language-server: $schema=${posix.relative(posix.dirname(file), 'schema/resources.json')}\n`;
}

/** The file a resource's document goes to: its kind's `repoFile` below `path`. */
export function fileFor(r: ResourceKey, path: string): string {
  const file = KIND_INFO[r.kind].repoFile;
  // Lattice resources are derived from the App Mesh documents; they are never written to a repository.
  if (file === undefined) throw new Error(`${r.kind} resources are not written to a repository`);
  return `${path}/${file.replace(/\{(name|mesh|parent)\}/g, (_, field: 'name' | 'mesh' | 'parent') => String(r[field]))}`;
}
