import type { OperationModel } from '../../api-model';
import { checkSpecRules } from '../../api-model/spec-rules';
import type { JsonObject } from '../../resources';
import type { AppMeshContext, Target } from './context';
import { badRequest, conflict } from './errors';
import { inputFingerprint, rememberToken, replayOf } from './idempotency';
import type { KindDefinition } from './kinds';
import { isDotSegment } from './operation-router';
import { paginate } from './pagination';
import { formatPath, outputBody, type OperationInput } from './protocol';
import { checkKindQuota } from './quotas';
import { dataOf, newRecord, refOf } from './records';
import { tagsFromInput } from './tags';

/**
 * Create, describe, update, delete and list, shared by the seven kinds. Every handler checks all
 * it needs before it changes anything, so an error never leaves a half-made change behind.
 * Check order follows the service: input shape (already done by protocol.ts), then the spec's own
 * rules, then what must exist (mesh, parent, references), then rules against other resources,
 * then quotas.
 */

function targetOf(def: KindDefinition, input: OperationInput): Target {
  const target: Target = { mesh: input.meshName as string, name: input[def.nameMember] as string };
  if (def.parent) target.parent = input[def.parent.member] as string;
  return target;
}

/** The mesh, and the parent router or gateway, must exist for any operation below them. */
function requireContainers(def: KindDefinition, ctx: AppMeshContext, target: Target, input: OperationInput): void {
  if (def.kind === 'Mesh') return;
  ctx.requireMesh(target.mesh, input.meshOwner as string | undefined);
  if (def.parent) ctx.requireParent(def.parent.kind, target.mesh, target.parent!);
}

/**
 * Update* replaces the whole spec (there is no patch form). The spec is required everywhere but
 * in CreateMesh/UpdateMesh; a mesh created or updated without one has `spec: {}` (CLI examples).
 */
function specOf(input: OperationInput): JsonObject {
  return (input.spec as JsonObject | undefined) ?? {};
}

/**
 * The semantic rules the real API enforces (lib/api-model/spec-rules.ts, `apiEnforced` only, so
 * the emulator never refuses what AWS accepts), then the kind's own.
 */
function checkSpec(def: KindDefinition, spec: JsonObject, target: Target): void {
  // meshops' own spec rules, only those the real API enforces (shared rules: docs/design.md §11).
  const issues = checkSpecRules(def.kind, spec, { apiEnforcedOnly: true, basePath: ['spec'] }).filter((i) => i.severity === 'error');
  if (issues.length > 0) {
    const n = issues.length;
    const shown = issues.map((i) => `Value at '${formatPath(i.path)}' failed to satisfy constraint: ${i.message}`).join('; ');
    throw badRequest(`${n} validation error${n === 1 ? '' : 's'} detected: ${shown}`);
  }
  def.checkSpec?.(spec, target);
}

export function createResource(def: KindDefinition, ctx: AppMeshContext, operation: OperationModel, input: OperationInput): unknown {
  const target = targetOf(def, input);
  const spec = specOf(input);
  const token = input.clientToken as string | undefined;
  const fingerprint = inputFingerprint(input);
  // A name in the body becomes a URL path segment of every later call: `.` and `..` would resolve.
  if (isDotSegment(target.name)) throw badRequest(`${def.nameMember} cannot be ${JSON.stringify(target.name)}: a URL path resolves "." and ".."`);
  checkSpec(def, spec, target);
  const tags = tagsFromInput(input);
  requireContainers(def, ctx, target, input);
  const existing = ctx.find(def.kind, target.mesh, target.parent, target.name);
  if (existing) {
    const replay = replayOf(existing, operation.name, token, fingerprint);
    if (replay !== undefined) return replay;
    const where = def.parent ? `${def.parent.kind} ${target.parent} in mesh ${target.mesh}` : def.kind === 'Mesh' ? `account ${ctx.account}` : `mesh ${target.mesh}`;
    // docs/aws-behaviour.md §14: the service's exact text is not known; 409 ConflictException is the documented class.
    throw conflict(`${def.kind} with name ${target.name} already exists in ${where}`);
  }
  ctx.requireReferences(def.kind, target, spec);
  def.checkRelations?.(ctx, target, spec);
  checkKindQuota(ctx, def.kind, target);
  const record = newRecord(def, ctx, target, spec, tags);
  // Create and Update answer with the spec as stored; Describe may show more (kinds/virtual-node.ts).
  const body = outputBody(operation, { [def.dataMember]: dataOf(def, record, 'echo') });
  rememberToken(record, operation.name, token, fingerprint, body);
  ctx.put(record);
  return body;
}

export function describeResource(def: KindDefinition, ctx: AppMeshContext, operation: OperationModel, input: OperationInput): unknown {
  const target = targetOf(def, input);
  requireContainers(def, ctx, target, input);
  const record = def.kind === 'Mesh' ? ctx.requireMesh(target.name, input.meshOwner as string | undefined) : ctx.require(def.kind, target);
  return outputBody(operation, { [def.dataMember]: dataOf(def, record, 'described') });
}

export function updateResource(def: KindDefinition, ctx: AppMeshContext, operation: OperationModel, input: OperationInput): unknown {
  const target = targetOf(def, input);
  const spec = specOf(input);
  const token = input.clientToken as string | undefined;
  const fingerprint = inputFingerprint(input);
  checkSpec(def, spec, target);
  requireContainers(def, ctx, target, input);
  const record = ctx.require(def.kind, target);
  const replay = replayOf(record, operation.name, token, fingerprint);
  if (replay !== undefined) return replay;
  ctx.requireReferences(def.kind, target, spec);
  def.checkRelations?.(ctx, target, spec, record);
  // Every successful update is a new version, a no-op one included: the model defines `version` as
  // "incremented each time it is updated" and the service does not diff specs (Update* takes no
  // version, last writer wins, docs/aws-behaviour.md §2); docs/aws-behaviour.md §11 expects a bump on every call.
  record.spec = def.storedSpec(spec);
  record.version += 1;
  record.lastUpdatedAt = ctx.now;
  const body = outputBody(operation, { [def.dataMember]: dataOf(def, record, 'echo') });
  rememberToken(record, operation.name, token, fingerprint, body);
  return body;
}

export function deleteResource(def: KindDefinition, ctx: AppMeshContext, operation: OperationModel, input: OperationInput): unknown {
  const target = targetOf(def, input);
  requireContainers(def, ctx, target, input);
  const record = ctx.require(def.kind, target);
  ctx.deleteBlocker(record);
  // The deletion is the resource's last write: the delete-* CLI examples show `lastUpdatedAt` at the
  // time of deletion and, for routers, routes and nodes, a version one above the last update.
  record.version += 1;
  record.lastUpdatedAt = ctx.now;
  ctx.remove(record);
  return outputBody(operation, { [def.dataMember]: dataOf(def, record, 'described', 'DELETED') });
}

/**
 * Lists in name order (not creation order): stable when resources are deleted and re-created, and
 * the page token can be "the last name returned", which survives concurrent creates and deletes.
 */
export function listResources(def: KindDefinition, ctx: AppMeshContext, operation: OperationModel, input: OperationInput): unknown {
  const mesh = input.meshName as string | undefined;
  const parent = def.parent ? (input[def.parent.member] as string) : undefined;
  if (def.kind !== 'Mesh') {
    ctx.requireMesh(mesh!, input.meshOwner as string | undefined);
    if (def.parent) ctx.requireParent(def.parent.kind, mesh!, parent!);
  }
  const records = def.kind === 'Mesh' ? ctx.all('Mesh').filter((m) => m.meshOwner === ctx.account) : ctx.all(def.kind, mesh, parent);
  const page = paginate(records, (r) => r.name, {
    limit: input.limit as number | undefined,
    nextToken: input.nextToken as string | undefined,
    scope: JSON.stringify([operation.name, mesh ?? null, parent ?? null]),
  });
  return outputBody(operation, { [def.listMember]: page.items.map((r) => refOf(def, r)), nextToken: page.nextToken });
}
