import type { OperationModel } from '../../api-model';
import type { AppMeshContext } from './context';
import { KIND_DEFINITIONS } from './kinds';
import { outputBody, type OperationInput } from './protocol';
import { createResource, deleteResource, describeResource, listResources, updateResource } from './resource-operations';
import { listTagsForResource, tagResource, untagResource } from './tags';

export interface OperationHandler {
  /** Whether the handler changes state (runs under the store's write lock). */
  mutates: boolean;
  /** Returns the response body, in wire form. */
  run(ctx: AppMeshContext, operation: OperationModel, input: OperationInput): unknown;
}

function build(): Record<string, OperationHandler> {
  const table: Record<string, OperationHandler> = {};
  for (const def of KIND_DEFINITIONS) {
    const ops = def.operations;
    table[ops.create] = { mutates: true, run: (ctx, op, input) => createResource(def, ctx, op, input) };
    table[ops.describe] = { mutates: false, run: (ctx, op, input) => describeResource(def, ctx, op, input) };
    table[ops.update] = { mutates: true, run: (ctx, op, input) => updateResource(def, ctx, op, input) };
    table[ops.delete] = { mutates: true, run: (ctx, op, input) => deleteResource(def, ctx, op, input) };
    table[ops.list] = { mutates: false, run: (ctx, op, input) => listResources(def, ctx, op, input) };
  }
  table.TagResource = { mutates: true, run: (ctx, op, input) => outputBody(op, tagResource(ctx, input)) };
  table.UntagResource = { mutates: true, run: (ctx, op, input) => outputBody(op, untagResource(ctx, input)) };
  table.ListTagsForResource = { mutates: false, run: (ctx, op, input) => outputBody(op, listTagsForResource(ctx, input)) };
  return table;
}

/** Every App Mesh operation (38) and its handler. */
export const OPERATION_HANDLERS: Record<string, OperationHandler> = build();
