import type { JsonObject } from '../../../resources';
import type { AppMeshContext, Target } from '../context';
import type { AppMeshKind, ResourceRecord } from '../state';

/**
 * What one App Mesh kind adds to the shared create/describe/update/delete/list logic
 * (resource-operations.ts): its names on the wire, its server-filled values and its own rules.
 */
export interface KindDefinition {
  kind: AppMeshKind;
  /** The input/output member naming the resource: `virtualNodeName`. */
  nameMember: string;
  /** Route and GatewayRoute: the parent's kind and name member. */
  parent?: { kind: 'VirtualRouter' | 'VirtualGateway'; member: 'virtualRouterName' | 'virtualGatewayName' };
  /** ARN path segment: `virtualNode` → `mesh/{mesh}/virtualNode/{name}`. */
  arnSegment: string;
  operations: { create: string; describe: string; update: string; delete: string; list: string };
  /** Output members: the resource (`virtualNode`) and the list (`virtualNodes`). */
  dataMember: string;
  listMember: string;
  /** Server-filled values kept with the spec, so every response shows them. */
  storedSpec(spec: JsonObject): JsonObject;
  /** Values Describe (and Delete) show that the Create/Update response does not echo. */
  describedSpec(spec: JsonObject): JsonObject;
  /** Rules on the spec alone (BadRequestException), checked before any lookup. */
  checkSpec?(spec: JsonObject, target: Target): void;
  /** Rules against other resources (after the references are known to exist). */
  checkRelations?(ctx: AppMeshContext, target: Target, spec: JsonObject, existing?: ResourceRecord): void;
}

export const identity = (spec: JsonObject): JsonObject => spec;
