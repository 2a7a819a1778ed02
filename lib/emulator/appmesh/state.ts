import type { JsonObject } from '../../resources';
import type { EmulatorState } from '../core/state-store';

/** The seven App Mesh kinds (names as in lib/resources' kind registry). */
export type AppMeshKind = 'Mesh' | 'VirtualNode' | 'VirtualService' | 'VirtualRouter' | 'Route' | 'VirtualGateway' | 'GatewayRoute';

export interface TagEntry {
  key: string;
  value: string;
}

/** A remembered clientToken: the input it came with and the response it got (docs/aws-behaviour.md §11). */
export interface TokenEntry {
  operation: string;
  token: string;
  /** Canonical JSON of the input without the token. */
  fingerprint: string;
  /** The response body as sent, replayed verbatim. */
  response: unknown;
}

/** One live App Mesh resource, JSON-serialisable (it lives in the state file). */
export interface ResourceRecord {
  kind: AppMeshKind;
  /** The mesh the resource lives in; a Mesh's own name for a Mesh. */
  mesh: string;
  /** The virtual router (Route) or virtual gateway (GatewayRoute). */
  parent?: string;
  name: string;
  /** The spec as stored: the request's spec with the server-filled values of its kind. */
  spec: JsonObject;
  arn: string;
  uid: string;
  /** Epoch milliseconds. */
  createdAt: number;
  lastUpdatedAt: number;
  version: number;
  meshOwner: string;
  resourceOwner: string;
  tags: TagEntry[];
  tokens: TokenEntry[];
}

/** App Mesh's part of the emulator state (`state.appmesh`). */
export interface AppMeshState {
  resources: Record<string, ResourceRecord>;
}

function isAppMeshState(value: unknown): value is AppMeshState {
  return typeof value === 'object' && value !== null && typeof (value as AppMeshState).resources === 'object';
}

/** The App Mesh state to change, created on first use. */
export function writableState(state: EmulatorState): AppMeshState {
  if (!isAppMeshState(state.appmesh)) state.appmesh = { resources: {} } satisfies AppMeshState;
  return state.appmesh as AppMeshState;
}

/** The App Mesh state to read; an empty one (not stored) when nothing was created yet. */
export function readableState(state: EmulatorState): AppMeshState {
  return isAppMeshState(state.appmesh) ? state.appmesh : { resources: {} };
}

/** Records are keyed by JSON so that any name (App Mesh names have no declared charset) stays unambiguous. */
export function recordKey(kind: AppMeshKind, mesh: string, parent: string | undefined, name: string): string {
  return JSON.stringify([kind, mesh, parent ?? null, name]);
}
