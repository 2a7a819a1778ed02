import {
  CreateHttpNamespaceCommand,
  DeleteServiceCommand,
  GetNamespaceCommand,
  InvalidInput,
  ListNamespacesCommand,
  ServiceDiscoveryServiceException,
} from '@aws-sdk/client-servicediscovery';
import { isThrottlingError } from '@smithy/core/retry';
import { Emulator } from '../../../lib/emulator';
import { cloudMapService, createCloudMapService } from '../../../lib/emulator/cloudmap';
import { emptyCloudMapState } from '../../../lib/emulator/cloudmap/state';
import type { WireRequest } from '../../../lib/emulator/wire/types';
import { cloudMapHarness, rejection, sdkClient, settled } from './harness';

function request(target: string | undefined, body: unknown, extra: Partial<WireRequest> = {}): WireRequest {
  return {
    method: 'POST',
    hostname: 'servicediscovery.us-east-1.amazonaws.com',
    path: '/',
    query: {},
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      ...(target ? { 'x-amz-target': `Route53AutoNaming_v20170314.${target}` } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...extra,
  };
}

describe('Cloud Map wire layer (awsJson1_1)', () => {
  it('claims requests by their x-amz-target prefix only', () => {
    expect(cloudMapService.matches(request('ListNamespaces', {}))).toBe(true);
    expect(cloudMapService.matches(request('NoSuchThing', {}))).toBe(true);
    expect(cloudMapService.matches(request(undefined, {}))).toBe(false);
    expect(cloudMapService.matches({ ...request(undefined, {}), headers: { 'x-amz-target': 'AmazonSQS.SendMessage' } })).toBe(false);
    expect(cloudMapService.operationOf(request('ListNamespaces', {}))).toBe('ListNamespaces');
    expect(cloudMapService.operationOf(request('NoSuchThing', {}))).toBeUndefined();
  });

  it('answers 200 with the output members, the JSON 1.1 content type and a request id', async () => {
    const emulator = new Emulator();
    const res = await emulator.handle(request('CreateHttpNamespace', { Name: 'wire' }));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(res.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.keys(JSON.parse(res.body))).toEqual(['OperationId']);
  });

  it('sends timestamps as epoch seconds with a millisecond fraction and omits absent members', async () => {
    const h = cloudMapHarness();
    h.clock.advance(123);
    const created = await h.emulator.handle(request('CreateHttpNamespace', { Name: 'times' }));
    const op = JSON.parse((await h.emulator.handle(request('GetOperation', { OperationId: JSON.parse(created.body).OperationId }))).body).Operation;
    expect(op.CreateDate).toBe(Date.UTC(2026, 10, 25, 12, 0, 0, 123) / 1000);
    expect(op.CreateDate % 1).toBeCloseTo(0.123, 6);
    expect(op).not.toHaveProperty('ErrorCode');
    expect(op).not.toHaveProperty('ErrorMessage');
    expect(JSON.stringify(op)).not.toContain('null');
    const ns = JSON.parse((await h.emulator.handle(request('GetNamespace', { Id: op.Targets.NAMESPACE }))).body).Namespace;
    expect(ns).not.toHaveProperty('Description');
  });

  it('answers {} for operations with an empty or no output shape', async () => {
    const h = cloudMapHarness();
    const { OperationId } = await h.client.send(new CreateHttpNamespaceCommand({ Name: 'empty-out' }));
    const nsId = (await settled(h, OperationId)).Targets!.NAMESPACE;
    const svc = JSON.parse((await h.emulator.handle(request('CreateService', { Name: 's', NamespaceId: nsId, HealthCheckCustomConfig: {} }))).body).Service;
    const reg = await h.emulator.handle(request('RegisterInstance', { ServiceId: svc.Id, InstanceId: 'i-1', Attributes: {} }));
    await settled(h, JSON.parse(reg.body).OperationId);
    const health = await h.emulator.handle(request('UpdateInstanceCustomHealthStatus', { ServiceId: svc.Id, InstanceId: 'i-1', Status: 'UNHEALTHY' }));
    expect([health.statusCode, health.body]).toEqual([200, '{}']);
    const tag = await h.emulator.handle(request('TagResource', { ResourceARN: svc.Arn, Tags: [{ Key: 'k', Value: 'v' }] }));
    expect([tag.statusCode, tag.body]).toEqual([200, '{}']);
  });

  it('answers errors with 400, __type, Message and the modelled extra members', async () => {
    const h = cloudMapHarness();
    const first = await h.client.send(new CreateHttpNamespaceCommand({ Name: 'dup', CreatorRequestId: 'req-1' }));
    const nsId = (await settled(h, first.OperationId)).Targets!.NAMESPACE;
    const res = await h.emulator.handle(request('CreateHttpNamespace', { Name: 'dup', CreatorRequestId: 'req-2' }));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(JSON.parse(res.body)).toEqual({
      __type: 'NamespaceAlreadyExists',
      Message: expect.stringContaining(nsId!),
      CreatorRequestId: 'req-1',
      NamespaceId: nsId,
    });
  });

  it('refuses an unknown operation with UnknownOperationException', async () => {
    const emulator = new Emulator();
    const res = await emulator.handle(request('DescribeEverything', {}));
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).__type).toBe('UnknownOperationException');
  });

  it('refuses a body that is not a JSON object with SerializationException', async () => {
    const emulator = new Emulator();
    for (const body of ['{not json', '[1,2]', '"text"']) {
      const res = await emulator.handle(request('ListNamespaces', body));
      expect([res.statusCode, JSON.parse(res.body).__type]).toEqual([400, 'SerializationException']);
    }
    // An empty body is an empty input.
    expect((await emulator.handle(request('ListNamespaces', ''))).statusCode).toBe(200);
  });

  it('validates input against the model and names every offending field (InvalidInput)', async () => {
    const client = sdkClient(new Emulator());
    const err = await rejection(client.send(new ListNamespacesCommand({ MaxResults: 0 })));
    expect(err).toBeInstanceOf(InvalidInput);
    expect(err.message).toContain('MaxResults: must be between 1 and 100 (got 0)');

    const emulator = new Emulator();
    const res = await emulator.handle(
      request('CreateService', { Name: 'bad name!', NamespaceId: 'ns-x', DnsConfig: { DnsRecords: [{ Type: 'MX', TTL: -1 }] }, Bogus: 1 }),
    );
    const body = JSON.parse(res.body);
    expect(body.__type).toBe('InvalidInput');
    expect(body.Message).toContain('Name: "bad name!" does not match the pattern');
    expect(body.Message).toContain('DnsConfig.DnsRecords[0].Type: must be one of: SRV, A, AAAA, CNAME');
    expect(body.Message).toContain('DnsConfig.DnsRecords[0].TTL: must be between 0 and 2147483647 (got -1)');
    expect(body.Message).toContain('Bogus: unknown field "Bogus"');
    expect(body.Message).toMatch(/^4 validation errors detected/);
    const missing = JSON.parse((await emulator.handle(request('GetNamespace', {}))).body);
    expect(missing).toMatchObject({ __type: 'InvalidInput', Message: expect.stringContaining('missing required field "Id"') });
  });

  it('answers throttling as ThrottlingException, which the SDK retries as throttling', async () => {
    const emulator = new Emulator({ faults: { throttleRate: 1 } });
    const err = await rejection(sdkClient(emulator).send(new ListNamespacesCommand({})));
    expect(err.name).toBe('ThrottlingException');
    expect(err).toBeInstanceOf(ServiceDiscoveryServiceException);
    expect(isThrottlingError(err as never)).toBe(true);
    expect((err.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(400);
    const retried = await rejection(sdkClient(emulator, { maxAttempts: 2 }).send(new ListNamespacesCommand({})));
    expect((retried.$metadata as { attempts: number }).attempts).toBe(2);
  });

  it('answers server errors with 500 InternalFailure and 503 ServiceUnavailable', () => {
    const service = createCloudMapService();
    const a = service.serverError('ListNamespaces');
    const b = service.serverError('ListNamespaces');
    expect([a.statusCode, JSON.parse(a.body).__type]).toEqual([500, 'InternalFailure']);
    expect([b.statusCode, JSON.parse(b.body).__type]).toEqual([503, 'ServiceUnavailable']);
  });

  it('lets the SDK retry a server error and succeed (the retry path works end to end)', async () => {
    // errorRate 0.5: some calls fail with a 5xx; with retries every call gets through.
    const emulator = new Emulator({ faults: { errorRate: 0.5, seed: 7 } });
    const client = sdkClient(emulator, { maxAttempts: 10 });
    for (let i = 0; i < 5; i++) await client.send(new ListNamespacesCommand({}));
    expect(emulator.faults.counts.errorsBefore + emulator.faults.counts.errorsAfter).toBeGreaterThan(0);
  });

  it('serves DiscoverInstances whatever the host (the SDK prefixes it with data-)', async () => {
    const emulator = new Emulator();
    const res = await emulator.handle(request('DiscoverInstances', { NamespaceName: 'none', ServiceName: 's' }, { hostname: 'data-servicediscovery.us-east-1.amazonaws.com' }));
    expect(JSON.parse(res.body).__type).toBe('NamespaceNotFound');
  });

  it('keeps a refused request from changing anything, and counts it', async () => {
    const h = cloudMapHarness();
    await rejection(h.client.send(new DeleteServiceCommand({ Id: 'srv-nope' })));
    await rejection(h.client.send(new GetNamespaceCommand({ Id: 'ns-nope' })));
    expect(h.emulator.store.read((s) => s.cloudmap ?? emptyCloudMapState())).toEqual(emptyCloudMapState());
    expect(h.emulator.callStats().byOperation).toEqual({ DeleteService: 1, GetNamespace: 1 });
  });
});
