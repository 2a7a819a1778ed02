import { readFileSync } from 'node:fs';
import type { EmulatorState } from '../../../lib/emulator/core/state-store';
import type { AppMeshState } from '../../../lib/emulator/appmesh/state';
import type { CloudMapState } from '../../../lib/emulator/cloudmap/state';
import { resourceId, type ResourceKey } from '../../../lib/resources/resource-key';
import { OWNER_TAG, type DesiredState } from '../../../lib/resources/types';

/**
 * What the emulated account holds, read from the emulator's own state (not through the API the
 * engine uses, so a bug in the engine's reads cannot hide a duplicate): every resource with its
 * identity, its server-side unique id (App Mesh `uid`, Cloud Map id) and its owner tag.
 */
export interface InventoryItem {
  id: string;
  uid: string;
  owner?: string;
  /** App Mesh metadata.version (Cloud Map has none). */
  version?: number;
  spec?: unknown;
  tags: Record<string, string>;
}

export interface Inventory {
  items: InventoryItem[];
  /** Identities held more than once (a Cloud Map service or namespace created twice). */
  duplicates: string[];
  /** Cloud Map operations still SUBMITTED or PENDING. */
  pendingOperations: number;
}

export function inventoryOf(state: EmulatorState): Inventory {
  const items: InventoryItem[] = [];
  const appmesh = (state.appmesh ?? { resources: {} }) as AppMeshState;
  for (const r of Object.values(appmesh.resources)) {
    const key: ResourceKey = r.kind === 'Mesh' ? { kind: 'Mesh', name: r.name } : { kind: r.kind, name: r.name, mesh: r.mesh, ...(r.parent !== undefined ? { parent: r.parent } : {}) };
    const tags = Object.fromEntries(r.tags.map((t) => [t.key, t.value]));
    items.push({ id: resourceId(key), uid: r.uid, version: r.version, spec: r.spec, tags, ...(tags[OWNER_TAG] !== undefined ? { owner: tags[OWNER_TAG] } : {}) });
  }
  const cloudmap = state.cloudmap as CloudMapState | undefined;
  if (cloudmap) {
    const namespaceNames = new Map<string, string>();
    for (const ns of Object.values(cloudmap.namespaces)) {
      namespaceNames.set(ns.id, ns.name);
      const tags = Object.fromEntries(ns.tags.map((t) => [t.Key, t.Value]));
      items.push({ id: resourceId({ kind: 'CloudMapNamespace', name: ns.name }), uid: ns.id, spec: { type: ns.type, description: ns.description }, tags, ...(tags[OWNER_TAG] !== undefined ? { owner: tags[OWNER_TAG] } : {}) });
    }
    for (const s of Object.values(cloudmap.services)) {
      const tags = Object.fromEntries(s.tags.map((t) => [t.Key, t.Value]));
      const namespace = namespaceNames.get(s.namespaceId) ?? `?${s.namespaceId}`;
      items.push({ id: resourceId({ kind: 'CloudMapService', name: s.name, parent: namespace }), uid: s.id, spec: { description: s.description, type: s.type }, tags, ...(tags[OWNER_TAG] !== undefined ? { owner: tags[OWNER_TAG] } : {}) });
    }
  }
  const seen = new Map<string, number>();
  for (const item of items) seen.set(item.id, (seen.get(item.id) ?? 0) + 1);
  const pendingOperations = cloudmap ? Object.values(cloudmap.operations).filter((o) => o.status === 'SUBMITTED' || o.status === 'PENDING').length : 0;
  return { items, duplicates: [...seen].filter(([, n]) => n > 1).map(([id]) => id).sort(), pendingOperations };
}

/** The inventory of an emulator state file (`meshops emulator --state FILE`); empty when there is no file yet. */
export function inventoryOfFile(path: string): Inventory {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return inventoryOf({});
  }
  return inventoryOf(text.trim() ? (JSON.parse(text) as EmulatorState) : {});
}

export interface Comparison {
  /** Declared in Git, absent from the account. */
  missing: string[];
  /** Owned by this repo's owner in the account, not declared. */
  extra: string[];
  duplicates: string[];
  /** Same identity, another unique id than before: deleted and created again. */
  replaced: string[];
  /** Declared resources that do not carry the owner tag. */
  untagged: string[];
}

/**
 * Compares the account with Git. `before` (identity → uid, from an earlier inventory) finds
 * resources that were replaced behind the plan's back; pass the identities that the plan was
 * allowed to replace in `mayReplace`.
 */
export function compareWithDesired(inventory: Inventory, desired: DesiredState, before?: Map<string, string>, mayReplace: Set<string> = new Set()): Comparison {
  const declared = new Set(desired.resources.map((r) => resourceId(r)));
  const held = new Map<string, InventoryItem>();
  for (const item of inventory.items) held.set(item.id, item);
  const owner = desired.settings.owner;
  const replaced: string[] = [];
  if (before) {
    for (const item of inventory.items) {
      const uid = before.get(item.id);
      if (uid !== undefined && uid !== item.uid && !mayReplace.has(item.id)) replaced.push(item.id);
    }
  }
  return {
    missing: [...declared].filter((id) => !held.has(id)).sort(),
    extra: inventory.items.filter((i) => i.owner === owner && !declared.has(i.id)).map((i) => i.id).sort(),
    duplicates: inventory.duplicates,
    replaced: replaced.sort(),
    untagged: [...declared].filter((id) => held.has(id) && held.get(id)!.owner !== owner).sort(),
  };
}

export function uidsOf(inventory: Inventory): Map<string, string> {
  return new Map(inventory.items.map((i) => [i.id, i.uid]));
}

export function isClean(c: Comparison): boolean {
  return c.missing.length + c.extra.length + c.duplicates.length + c.replaced.length + c.untagged.length === 0;
}

/** Identity → `uid@version` of everything in an in-process emulator: equal baselines mean nothing was touched. */
export function emulatorBaseline(emulator: { store: { read<T>(fn: (state: EmulatorState) => T): T } }): Record<string, string> {
  const inventory = inventoryOf(emulator.store.read((s) => structuredClone(s)));
  return Object.fromEntries(inventory.items.map((i) => [i.id, `${i.uid}@${i.version ?? '-'}:${JSON.stringify(i.spec)}:${JSON.stringify(i.tags)}`]));
}
