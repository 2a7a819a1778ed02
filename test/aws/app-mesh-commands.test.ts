import { AppMeshClient } from '@aws-sdk/client-app-mesh';
import { APP_MESH_COMMANDS, type AppMeshKind, isAppMeshKind } from '../../lib/aws/app-mesh-commands';
import { KIND_INFO, KINDS } from '../../lib/resources/kinds';
import { makeKey } from '../../lib/resources/resource-key';

/** A real SDK client that records each command's name and input, and stops before the network. */
function recordingClient(): { client: AppMeshClient; sent: { command: string; input: Record<string, unknown> }[] } {
  const sent: { command: string; input: Record<string, unknown> }[] = [];
  const client = new AppMeshClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
  client.middlewareStack.add(
    (_next, context) => (args) => {
      sent.push({ command: String(context.commandName), input: { ...(args.input as Record<string, unknown>) } });
      return Promise.reject(new Error('recorded'));
    },
    { step: 'initialize' },
  );
  return { client, sent };
}

const appMeshKinds = KINDS.filter(isAppMeshKind);

/** The five operations of one kind on resource m1/p1/n1, each with an empty spec. */
function everyOperation<K extends AppMeshKind>(kind: K, client: AppMeshClient): (() => Promise<unknown>)[] {
  const c = APP_MESH_COMMANDS[kind];
  const id = c.identity(makeKey(kind, 'n1', 'm1', 'p1'));
  return [
    () => c.list(client, { mesh: 'm1', parent: 'p1' }, { limit: 100 }),
    () => c.describe(client, id),
    () => c.create(client, id, {}, [], 'token'),
    () => c.update(client, id, {}, 'token'),
    () => c.delete(client, id),
  ];
}

describe('the App Mesh command table', () => {
  it('has an entry for every App Mesh kind of the registry, and none for others', () => {
    expect(Object.keys(APP_MESH_COMMANDS).sort()).toEqual([...appMeshKinds].sort());
    expect(KINDS.filter((k) => KIND_INFO[k].service === 'appmesh').sort()).toEqual([...appMeshKinds].sort());
  });

  it.each(appMeshKinds)('%s: sends its own operations, naming the resource by the API member the registry names', async (kind: AppMeshKind) => {
    const { client, sent } = recordingClient();
    for (const op of everyOperation(kind, client)) await expect(op()).rejects.toThrow('recorded');
    const plural = kind === 'Mesh' ? 'Meshes' : `${kind}s`;
    expect(sent.map((s) => s.command)).toEqual([`List${plural}Command`, `Describe${kind}Command`, `Create${kind}Command`, `Update${kind}Command`, `Delete${kind}Command`]);
    // Every call but the list names the resource by the registry's API name member.
    for (const s of sent.slice(1)) expect(s.input[KIND_INFO[kind].api.nameMember]).toBe('n1');
    for (const s of sent.slice(1)) if (kind !== 'Mesh') expect(s.input.meshName).toBe('m1');
  });
});
