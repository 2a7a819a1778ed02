import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateServiceCommand, CreateServiceNetworkCommand, ListServicesCommand, ListTagsForResourceCommand, TagResourceCommand, VPCLatticeClient } from '@aws-sdk/client-vpc-lattice';
import { Emulator } from '../../../lib/emulator';
import { listen } from '../../../lib/emulator/wire/http-server';
import { latticeClientFor } from './helpers';

describe('Lattice emulator: over HTTP and in a state file', () => {
  it('serves the same account over HTTP, and persists it in a state file other processes share', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshops-lattice-state-'));
    try {
      const stateFile = join(dir, '.meshops', 'emulator-state.json');
      const one = new Emulator({ stateFile, seed: 1 });
      const server = await listen((r) => one.handle(r));
      const overHttp = new VPCLatticeClient({ region: 'us-east-1', endpoint: server.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
      try {
        const sn = await overHttp.send(new CreateServiceNetworkCommand({ name: 'over-http' }));
        const svc = await overHttp.send(new CreateServiceCommand({ name: 'shop', customDomainName: 'shop.mesh.local' }));
        await overHttp.send(new TagResourceCommand({ resourceArn: svc.arn!, tags: { 'meshops:owner': 'repo' } }));
        // A second emulator on the same file (another process, in practice) sees all of it.
        const two = latticeClientFor(new Emulator({ stateFile, seed: 2 }));
        expect((await two.send(new ListServicesCommand({}))).items!.map((s) => [s.id, s.customDomainName])).toEqual([[svc.id, 'shop.mesh.local']]);
        expect((await two.send(new ListTagsForResourceCommand({ resourceArn: svc.arn! }))).tags).toEqual({ 'meshops:owner': 'repo' });
        expect(sn.id).toMatch(/^sn-/);
      } finally {
        overHttp.destroy();
        await server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
