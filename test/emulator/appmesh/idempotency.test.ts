import {
  ConflictException,
  CreateMeshCommand,
  CreateVirtualNodeCommand,
  DeleteVirtualNodeCommand,
  DescribeVirtualNodeCommand,
  ListVirtualNodesCommand,
  UpdateVirtualNodeCommand,
} from '@aws-sdk/client-app-mesh';
import { appMeshFixture, errorOf, nodeSpec } from './helpers';

describe('App Mesh emulator: clientToken idempotency', () => {
  it('replays a create with the same token and input: same result, no second resource, no version bump', async () => {
    const { client, clock } = appMeshFixture();
    await client.send(new CreateMeshCommand({ meshName: 'm' }));
    const input = { meshName: 'm', virtualNodeName: 'n', spec: nodeSpec(), clientToken: 'tok-1' };
    const first = await client.send(new CreateVirtualNodeCommand(input));
    clock.advance(5000);
    const again = await client.send(new CreateVirtualNodeCommand(input));
    expect(again.virtualNode).toEqual(first.virtualNode);
    expect((await client.send(new ListVirtualNodesCommand({ meshName: 'm' }))).virtualNodes).toHaveLength(1);
  });

  it('answers ConflictException for the same token with a different input', async () => {
    const { client } = appMeshFixture();
    await client.send(new CreateMeshCommand({ meshName: 'm' }));
    await client.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'n', spec: nodeSpec(8080), clientToken: 'tok-1' }));
    const err = await errorOf(client.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'n', spec: nodeSpec(9090), clientToken: 'tok-1' })));
    expect(err).toBeInstanceOf(ConflictException);
    expect(err.$metadata.httpStatusCode).toBe(409);
    expect(err.message).toContain('tok-1');
    // A fresh token on an existing name is the plain name conflict.
    expect(await errorOf(client.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'n', spec: nodeSpec(8080), clientToken: 'tok-2' })))).toBeInstanceOf(ConflictException);
  });

  it('replays an update with the same token once, and bumps the version for a new token even when nothing changed', async () => {
    const { client, clock } = appMeshFixture();
    await client.send(new CreateMeshCommand({ meshName: 'm' }));
    await client.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'n', spec: nodeSpec() }));
    clock.advance(1000);
    const first = await client.send(new UpdateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'n', spec: nodeSpec(9090), clientToken: 'u-1' }));
    clock.advance(1000);
    const replay = await client.send(new UpdateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'n', spec: nodeSpec(9090), clientToken: 'u-1' }));
    expect(replay.virtualNode).toEqual(first.virtualNode);
    expect(replay.virtualNode!.metadata!.version).toBe(2);
    const conflicting = await errorOf(client.send(new UpdateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'n', spec: nodeSpec(7070), clientToken: 'u-1' })));
    expect(conflicting).toBeInstanceOf(ConflictException);
    const noop = await client.send(new UpdateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'n', spec: nodeSpec(9090), clientToken: 'u-2' }));
    expect(noop.virtualNode!.metadata!.version).toBe(3);
    expect(noop.virtualNode!.metadata!.lastUpdatedAt).toEqual(new Date(clock.now()));
  });

  it('scopes tokens per operation and resource', async () => {
    const { client } = appMeshFixture();
    await client.send(new CreateMeshCommand({ meshName: 'm', clientToken: 'shared' }));
    // The same token on another resource or operation is a new request.
    const other = await client.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'x', spec: nodeSpec(), clientToken: 'shared' }));
    expect(other.virtualNode!.virtualNodeName).toBe('x');
    const y = await client.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'y', spec: nodeSpec(), clientToken: 'shared' }));
    expect(y.virtualNode!.virtualNodeName).toBe('y');
    const update = await client.send(new UpdateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'x', spec: nodeSpec(1234), clientToken: 'shared' }));
    expect(update.virtualNode!.metadata!.version).toBe(2);
  });

  it('forgets a resource’s tokens when it is deleted: the same create makes a new resource', async () => {
    const { client } = appMeshFixture();
    await client.send(new CreateMeshCommand({ meshName: 'm' }));
    const input = { meshName: 'm', virtualNodeName: 'n', spec: nodeSpec(), clientToken: 'tok' };
    const first = await client.send(new CreateVirtualNodeCommand(input));
    await client.send(new DeleteVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'n' }));
    const second = await client.send(new CreateVirtualNodeCommand(input));
    expect(second.virtualNode!.metadata!.uid).not.toBe(first.virtualNode!.metadata!.uid);
    expect((await client.send(new DescribeVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'n' }))).virtualNode!.metadata!.uid).toBe(second.virtualNode!.metadata!.uid);
  });

  it('gets a token from the SDK when none is given (auto-filled), so two plain creates conflict', async () => {
    const { client } = appMeshFixture();
    await client.send(new CreateMeshCommand({ meshName: 'm' }));
    expect(await errorOf(client.send(new CreateMeshCommand({ meshName: 'm' })))).toBeInstanceOf(ConflictException);
  });
});
