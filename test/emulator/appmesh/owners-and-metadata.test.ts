import {
  BadRequestException,
  CreateMeshCommand,
  CreateVirtualNodeCommand,
  DescribeMeshCommand,
  DescribeVirtualNodeCommand,
  ListVirtualNodesCommand,
  NotFoundException,
} from '@aws-sdk/client-app-mesh';
import { appMeshFixture, errorOf, nodeSpec } from './helpers';

describe('App Mesh emulator: owners, ARNs and metadata', () => {
  it('uses the configured account and region in ARNs and owners', async () => {
    const { client } = appMeshFixture({ account: '444455556666', region: 'eu-west-1' });
    const mesh = await client.send(new CreateMeshCommand({ meshName: 'm' }));
    expect(mesh.mesh!.metadata).toMatchObject({ arn: 'arn:aws:appmesh:eu-west-1:444455556666:mesh/m', meshOwner: '444455556666', resourceOwner: '444455556666' });
  });

  it('accepts meshOwner equal to the account, and answers NotFound for any other owner (nothing is shared)', async () => {
    const { client } = appMeshFixture();
    await client.send(new CreateMeshCommand({ meshName: 'm' }));
    await client.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'n', spec: nodeSpec(), meshOwner: '111122223333' }));
    expect((await client.send(new DescribeMeshCommand({ meshName: 'm', meshOwner: '111122223333' }))).mesh!.meshName).toBe('m');
    for (const command of [
      new DescribeMeshCommand({ meshName: 'm', meshOwner: '999988887777' }),
      new DescribeVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'n', meshOwner: '999988887777' }),
      new ListVirtualNodesCommand({ meshName: 'm', meshOwner: '999988887777' }),
    ]) {
      const err = await errorOf(client.send(command as never));
      expect(err).toBeInstanceOf(NotFoundException);
      expect(err.message).toContain('999988887777');
    }
    const malformed = await errorOf(client.send(new DescribeMeshCommand({ meshName: 'm', meshOwner: '123' })));
    expect(malformed).toBeInstanceOf(BadRequestException);
    expect(malformed.message).toContain("'meshOwner'");
  });

  it('generates deterministic uids per seed, different per resource', async () => {
    const uids = async (seed: number) => {
      const { client } = appMeshFixture({ seed });
      const a = await client.send(new CreateMeshCommand({ meshName: 'a' }));
      const b = await client.send(new CreateMeshCommand({ meshName: 'b' }));
      return [a.mesh!.metadata!.uid, b.mesh!.metadata!.uid];
    };
    const first = await uids(7);
    expect(first[0]).not.toBe(first[1]);
    expect(await uids(7)).toEqual(first);
    expect(await uids(8)).not.toEqual(first);
  });
});
