import { AppMeshClient } from '@aws-sdk/client-app-mesh';
import { APP_MESH_COMMANDS, type AppMeshKind, isAppMeshKind } from '../../lib/aws/app-mesh-commands';
import { KIND_INFO, KINDS } from '../../lib/resources/kinds';
import { makeKey } from '../../lib/resources/resource-key';

/**
 * The App Mesh command table agrees with the kind registry (lib/resources/targets/app-mesh.ts):
 * each kind sends the operations the registry names, names the resource and its parent by the
 * registry's members, and reads the answer from the registry's output and list members.
 */
interface Sent {
  command: string;
  input: Record<string, unknown>;
}

/** A real SDK client that records each command and answers it before the network, with `answer`. */
function recordingClient(answer: Record<string, unknown>): { client: AppMeshClient; sent: Sent[] } {
  const sent: Sent[] = [];
  const client = new AppMeshClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
  client.middlewareStack.add(
    (_next, context) => (args) => {
      sent.push({ command: String(context.commandName), input: { ...(args.input as Record<string, unknown>) } });
      return Promise.resolve({ output: { ...answer, $metadata: {} }, response: {} });
    },
    { step: 'initialize' },
  );
  return { client, sent };
}

const appMeshKinds = KINDS.filter(isAppMeshKind);

/** The five operations of one kind on resource m1/p1/n1, each with an empty spec, and what each answered. */
async function everyOperation<K extends AppMeshKind>(kind: K, client: AppMeshClient): Promise<unknown[]> {
  const c = APP_MESH_COMMANDS[kind];
  const id = c.identity(makeKey(kind, 'n1', 'm1', 'p1'));
  const answers: unknown[] = [(await c.list(client, { mesh: 'm1', parent: 'p1' }, { limit: 100 })).rows];
  answers.push(await c.describe(client, id), await c.create(client, id, {}, [], 'token'), await c.update(client, id, {}, 'token'));
  await c.delete(client, id);
  return [...answers, 'deleted'];
}

describe('the App Mesh command table', () => {
  it('has an entry for every App Mesh kind of the registry, and none for others', () => {
    expect(Object.keys(APP_MESH_COMMANDS).sort()).toEqual([...appMeshKinds].sort());
    expect(KINDS.filter((k) => KIND_INFO[k].service === 'appmesh').sort()).toEqual([...appMeshKinds].sort());
  });

  it.each(appMeshKinds)("%s: sends the registry's operations, with its members", async (kind: AppMeshKind) => {
    const api = KIND_INFO[kind].api;
    const rows = [{ arn: 'row' }];
    const data = { metadata: { arn: 'data' } };
    const { client, sent } = recordingClient({ [api.listMember]: rows, [api.outputMember!]: data });
    const answers = await everyOperation(kind, client);
    const ops = api.operations;
    expect(sent.map((s) => s.command)).toEqual([ops.list, ops.read, ops.create, ops.update, ops.delete].map((op) => `${String(op)}Command`));
    // The list reads the registry's list member; the others its output member.
    expect(answers).toEqual([rows, data, data, data, 'deleted']);
    // Every call but the list names the resource by the registry's name member, and its parent by the parent member.
    for (const s of sent.slice(1)) expect(s.input[api.nameMember]).toBe('n1');
    for (const s of sent) {
      if (KIND_INFO[kind].inMesh) expect(s.input.meshName).toBe('m1');
      if (api.parentMember) expect(s.input[api.parentMember]).toBe('p1');
    }
  });
});
