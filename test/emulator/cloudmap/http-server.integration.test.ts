import {
  CreateHttpNamespaceCommand,
  CreateServiceCommand,
  DiscoverInstancesCommand,
  GetNamespaceCommand,
  GetOperationCommand,
  NamespaceNotFound,
  RegisterInstanceCommand,
  ServiceDiscoveryClient,
} from '@aws-sdk/client-servicediscovery';
import { Emulator, listen, ManualClock, type RunningServer } from '../../../lib/emulator';
import { rejection } from './harness';

describe('Cloud Map over the emulator HTTP server', () => {
  let server: RunningServer;
  let client: ServiceDiscoveryClient;
  const emulator = new Emulator({ clock: new ManualClock() });

  beforeAll(async () => {
    server = await listen((r) => emulator.handle(r));
    client = new ServiceDiscoveryClient({
      region: 'us-east-1',
      endpoint: server.url,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 1,
      // DiscoverInstances has the host prefix `data-`; against a custom endpoint it must be off.
      disableHostPrefix: true,
    });
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
  });

  it('serves a signed SDK session over HTTP, with typed errors', async () => {
    const { OperationId } = await client.send(new CreateHttpNamespaceCommand({ Name: 'over-http' }));
    const { Operation } = await client.send(new GetOperationCommand({ OperationId }));
    expect(Operation!.Status).toBe('SUCCESS');
    const nsId = Operation!.Targets!.NAMESPACE!;
    expect((await client.send(new GetNamespaceCommand({ Id: nsId }))).Namespace!.CreateDate).toBeInstanceOf(Date);
    const { Service } = await client.send(new CreateServiceCommand({ Name: 'web', NamespaceId: nsId }));
    await client.send(new RegisterInstanceCommand({ ServiceId: Service!.Id, InstanceId: 'i-1', Attributes: { AWS_INSTANCE_IPV4: '10.1.1.1' } }));
    const found = await client.send(new DiscoverInstancesCommand({ NamespaceName: 'over-http', ServiceName: 'web' }));
    expect(found.Instances!.map((i) => i.InstanceId)).toEqual(['i-1']);
    const err = await rejection(client.send(new GetNamespaceCommand({ Id: 'ns-missing' })));
    expect(err).toBeInstanceOf(NamespaceNotFound);
    expect(err.message).toBe('Namespace not found: ns-missing');
  });
});
