import {
  CreateHttpNamespaceCommand,
  CreatePrivateDnsNamespaceCommand,
  CreateServiceCommand,
  DeleteNamespaceCommand,
  DuplicateRequest,
  GetNamespaceCommand,
  GetOperationCommand,
  GetServiceCommand,
  InvalidInput,
  ListNamespacesCommand,
  ListOperationsCommand,
  NamespaceNotFound,
  OperationNotFound,
  paginateListOperations,
  RegisterInstanceCommand,
  UpdateHttpNamespaceCommand,
  type OperationSummary,
  type ListOperationsCommandInput,
} from '@aws-sdk/client-servicediscovery';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Emulator, ManualClock } from '../../../lib/emulator';
import { cloudMapHarness, rejection, sdkClient, settled } from './harness';

const DELAY = 2000;

describe('Cloud Map asynchronous operations', () => {
  it('moves SUBMITTED → PENDING → SUCCESS by the clock, and the namespace appears only then', async () => {
    const h = cloudMapHarness({ cloudMapDelayMs: DELAY });
    const { OperationId } = await h.client.send(new CreateHttpNamespaceCommand({ Name: 'async' }));
    const get = async () => (await h.client.send(new GetOperationCommand({ OperationId }))).Operation!;

    let op = await get();
    expect(op).toMatchObject({ Id: OperationId, Type: 'CREATE_NAMESPACE', Status: 'SUBMITTED', OwnerAccount: '111122223333' });
    // The new namespace's id is only known from Targets once the operation succeeded.
    expect(op.Targets).toEqual({});
    expect((await h.client.send(new ListNamespacesCommand({}))).Namespaces).toEqual([]);

    h.clock.advance(DELAY / 2);
    op = await get();
    expect(op.Status).toBe('PENDING');
    expect(op.UpdateDate!.getTime() - op.CreateDate!.getTime()).toBe(DELAY / 2);
    expect((await h.client.send(new ListNamespacesCommand({}))).Namespaces).toEqual([]);

    h.clock.advance(DELAY / 2 - 1);
    expect((await get()).Status).toBe('PENDING');
    h.clock.advance(1);
    op = await get();
    expect(op.Status).toBe('SUCCESS');
    expect(op.UpdateDate!.getTime() - op.CreateDate!.getTime()).toBe(DELAY);
    const nsId = op.Targets!.NAMESPACE!;
    expect(nsId).toMatch(/^ns-[a-z0-9]{16}$/);
    expect(op.Id).toMatch(/^[a-z0-9]{32}-[a-z0-9]{8}$/);
    const { Namespace } = await h.client.send(new GetNamespaceCommand({ Id: nsId }));
    expect(Namespace).toMatchObject({ Id: nsId, Name: 'async', Type: 'HTTP' });
  });

  it('keeps an unsettled namespace invisible to Get, CreateService and Delete', async () => {
    const h = cloudMapHarness({ cloudMapDelayMs: DELAY });
    const { OperationId } = await h.client.send(new CreateHttpNamespaceCommand({ Name: 'hidden' }));
    const nsId = h.emulator.store.read((s) => Object.values((s.cloudmap as { operations: Record<string, { targetsOnSuccess: { NAMESPACE: string } }> }).operations)[0].targetsOnSuccess.NAMESPACE);
    expect(await rejection(h.client.send(new GetNamespaceCommand({ Id: nsId })))).toBeInstanceOf(NamespaceNotFound);
    expect(await rejection(h.client.send(new CreateServiceCommand({ Name: 's', NamespaceId: nsId })))).toBeInstanceOf(NamespaceNotFound);
    expect(await rejection(h.client.send(new DeleteNamespaceCommand({ Id: nsId })))).toBeInstanceOf(NamespaceNotFound);
    await settled(h, OperationId);
    await h.client.send(new CreateServiceCommand({ Name: 's', NamespaceId: nsId }));
  });

  it('with delay 0, settles at the next request', async () => {
    const h = cloudMapHarness();
    const { OperationId } = await h.client.send(new CreateHttpNamespaceCommand({ Name: 'now' }));
    const { Operation } = await h.client.send(new GetOperationCommand({ OperationId }));
    expect(Operation!.Status).toBe('SUCCESS');
    expect(Operation!.CreateDate).toEqual(Operation!.UpdateDate);
  });

  it('settles to FAIL with the switch on, leaving nothing behind', async () => {
    const h = cloudMapHarness({ cloudMapDelayMs: DELAY });
    h.emulator.setCloudMapFailure({ errorCode: 'CANNOT_CREATE_HOSTED_ZONE', message: 'The VPC already has an overlapping private hosted zone' });
    const { OperationId } = await h.client.send(new CreatePrivateDnsNamespaceCommand({ Name: 'doomed.local', Vpc: 'vpc-1' }));
    // The switch is read at submission: turning it off does not rescue what is in flight.
    h.emulator.setCloudMapFailure(undefined);
    const op = await settled(h, OperationId);
    expect(op).toMatchObject({ Status: 'FAIL', ErrorCode: 'CANNOT_CREATE_HOSTED_ZONE', ErrorMessage: 'The VPC already has an overlapping private hosted zone' });
    expect(op.Targets).toEqual({});
    expect((await h.client.send(new ListNamespacesCommand({}))).Namespaces).toEqual([]);
    // The name is free again: a retry after the failure creates the namespace.
    const retry = await h.client.send(new CreatePrivateDnsNamespaceCommand({ Name: 'doomed.local', Vpc: 'vpc-1' }));
    expect((await settled(h, retry.OperationId)).Status).toBe('SUCCESS');
  });

  it('fails every kind of operation with the switch on (default code INTERNAL_FAILURE)', async () => {
    const h = cloudMapHarness({ cloudMapFailure: true });
    const op = await settled(h, (await h.client.send(new CreateHttpNamespaceCommand({ Name: 'x' }))).OperationId);
    expect(op).toMatchObject({ Status: 'FAIL', ErrorCode: 'INTERNAL_FAILURE' });

    h.emulator.setCloudMapFailure(undefined);
    const nsId = (await settled(h, (await h.client.send(new CreateHttpNamespaceCommand({ Name: 'y' }))).OperationId)).Targets!.NAMESPACE!;
    const { Service } = await h.client.send(new CreateServiceCommand({ Name: 's', NamespaceId: nsId }));
    h.emulator.setCloudMapFailure({ errorCode: 'THROTTLED_REQUEST', message: 'slow down' });
    const reg = await settled(h, (await h.client.send(new RegisterInstanceCommand({ ServiceId: Service!.Id, InstanceId: 'i', Attributes: {} }))).OperationId);
    expect(reg).toMatchObject({ Type: 'REGISTER_INSTANCE', Status: 'FAIL', ErrorCode: 'THROTTLED_REQUEST' });
    const upd = await settled(h, (await h.client.send(new UpdateHttpNamespaceCommand({ Id: nsId, Namespace: { Description: 'new' } }))).OperationId);
    expect(upd.Status).toBe('FAIL');
    const { Namespace } = await h.client.send(new GetNamespaceCommand({ Id: nsId }));
    expect(Namespace!.Description).toBeUndefined();
    expect(Namespace!.ServiceCount).toBe(1);
    expect((await h.client.send(new GetServiceCommand({ Id: Service!.Id }))).Service!.InstanceCount).toBe(0);

    h.emulator.setCloudMapFailure(undefined);
    const emptyNs = (await settled(h, (await h.client.send(new CreateHttpNamespaceCommand({ Name: 'z' }))).OperationId)).Targets!.NAMESPACE!;
    h.emulator.setCloudMapFailure({ errorCode: 'INTERNAL_FAILURE', message: 'boom' });
    const del = await settled(h, (await h.client.send(new DeleteNamespaceCommand({ Id: emptyNs }))).OperationId);
    expect(del).toMatchObject({ Type: 'DELETE_NAMESPACE', Status: 'FAIL', Targets: { NAMESPACE: emptyNs } });
    expect((await h.client.send(new GetNamespaceCommand({ Id: emptyNs }))).Namespace!.Name).toBe('z');
  });

  it('refuses a second operation on a target while one is in flight (DuplicateRequest)', async () => {
    const h = cloudMapHarness({ cloudMapDelayMs: DELAY });
    const nsId = (await settled(h, (await h.client.send(new CreateHttpNamespaceCommand({ Name: 'busy' }))).OperationId)).Targets!.NAMESPACE!;
    const first = await h.client.send(new UpdateHttpNamespaceCommand({ Id: nsId, Namespace: { Description: 'one' } }));
    const err = await rejection(h.client.send(new DeleteNamespaceCommand({ Id: nsId })));
    expect(err).toBeInstanceOf(DuplicateRequest);
    expect(err.DuplicateOperationId).toBe(first.OperationId);
    // A creation of the same name in flight counts too.
    await h.client.send(new CreateHttpNamespaceCommand({ Name: 'twice', CreatorRequestId: 'a' }));
    const dup = await rejection(h.client.send(new CreateHttpNamespaceCommand({ Name: 'twice', CreatorRequestId: 'b' })));
    expect(dup).toBeInstanceOf(DuplicateRequest);
    await settled(h, first.OperationId);
    await h.client.send(new DeleteNamespaceCommand({ Id: nsId }));
  });

  it('answers OperationNotFound for an unknown id or another owner account', async () => {
    const h = cloudMapHarness();
    expect(await rejection(h.client.send(new GetOperationCommand({ OperationId: 'nope' })))).toBeInstanceOf(OperationNotFound);
    const { OperationId } = await h.client.send(new CreateHttpNamespaceCommand({ Name: 'mine' }));
    expect(await rejection(h.client.send(new GetOperationCommand({ OperationId, OwnerAccount: '999988887777' })))).toBeInstanceOf(OperationNotFound);
    expect((await h.client.send(new GetOperationCommand({ OperationId, OwnerAccount: '111122223333' }))).Operation!.Id).toBe(OperationId);
  });

  it('lists operations with STATUS, TYPE, NAMESPACE_ID, SERVICE_ID and UPDATE_DATE filters', async () => {
    const h = cloudMapHarness({ cloudMapDelayMs: DELAY });
    const a = await h.client.send(new CreateHttpNamespaceCommand({ Name: 'a' }));
    const nsA = (await settled(h, a.OperationId)).Targets!.NAMESPACE!;
    const { Service } = await h.client.send(new CreateServiceCommand({ Name: 's', NamespaceId: nsA }));
    const reg = await h.client.send(new RegisterInstanceCommand({ ServiceId: Service!.Id, InstanceId: 'i-1', Attributes: {} }));
    h.clock.advance(10);
    const start = h.clock.now();
    const b = await h.client.send(new CreateHttpNamespaceCommand({ Name: 'b' }));

    const list = async (Filters: ListOperationsCommandInput['Filters']) =>
      ((await h.client.send(new ListOperationsCommand({ Filters }))).Operations ?? []).map((o) => o.Id);
    expect(await list(undefined)).toEqual([a.OperationId, reg.OperationId, b.OperationId]);
    expect(await list([{ Name: 'STATUS', Values: ['SUBMITTED'] }])).toEqual([reg.OperationId, b.OperationId]);
    expect(await list([{ Name: 'STATUS', Condition: 'IN', Values: ['SUCCESS', 'FAIL'] }])).toEqual([a.OperationId]);
    expect(await list([{ Name: 'TYPE', Condition: 'IN', Values: ['REGISTER_INSTANCE', 'DEREGISTER_INSTANCE'] }])).toEqual([reg.OperationId]);
    expect(await list([{ Name: 'NAMESPACE_ID', Values: [nsA] }])).toEqual([a.OperationId, reg.OperationId]);
    expect(await list([{ Name: 'SERVICE_ID', Values: [Service!.Id!] }])).toEqual([reg.OperationId]);
    const seconds = (ms: number) => String(ms / 1000);
    expect(await list([{ Name: 'UPDATE_DATE', Condition: 'BETWEEN', Values: [seconds(start), seconds(start + 1)] }])).toEqual([b.OperationId]);
    expect((await h.client.send(new ListOperationsCommand({}))).Operations![0]).toEqual({ Id: a.OperationId, Status: 'SUCCESS' });

    for (const Filters of [
      [{ Name: 'STATUS' as const, Condition: 'BETWEEN' as const, Values: ['A', 'B'] }],
      [{ Name: 'NAMESPACE_ID' as const, Condition: 'IN' as const, Values: [nsA] }],
      [{ Name: 'STATUS' as const, Values: ['SUCCESS', 'FAIL'] }],
      [{ Name: 'UPDATE_DATE' as const, Condition: 'BETWEEN' as const, Values: ['yesterday', 'today'] }],
    ]) {
      expect(await rejection(h.client.send(new ListOperationsCommand({ Filters })))).toBeInstanceOf(InvalidInput);
    }
  });

  it('pages operations and filters each page after paging (a page may be empty while NextToken is set)', async () => {
    const h = cloudMapHarness();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await h.client.send(new CreateHttpNamespaceCommand({ Name: `n${i}` }))).OperationId!);
    const nsId = (await h.client.send(new GetOperationCommand({ OperationId: ids[6] }))).Operation!.Targets!.NAMESPACE!;
    await h.client.send(new UpdateHttpNamespaceCommand({ Id: nsId, Namespace: { Description: 'd' } }));

    const pages: OperationSummary[][] = [];
    for await (const page of paginateListOperations({ client: h.client, pageSize: 3 }, { Filters: [{ Name: 'TYPE', Values: ['UPDATE_NAMESPACE'] }] })) {
      pages.push(page.Operations ?? []);
    }
    expect(pages.map((p) => p.length)).toEqual([0, 0, 1]);
    expect(pages.flat()).toHaveLength(1);
    const all: string[] = [];
    for await (const page of paginateListOperations({ client: h.client, pageSize: 2 }, {})) all.push(...(page.Operations ?? []).map((o) => o.Id!));
    expect(all.slice(0, 7)).toEqual(ids);
    expect(await rejection(h.client.send(new ListOperationsCommand({ NextToken: 'garbage' })))).toBeInstanceOf(InvalidInput);
  });

  it('settles operations submitted by one process in another that shares the state file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cloudmap-state-'));
    try {
      const clock = new ManualClock();
      const stateFile = join(dir, 'state.json');
      const one = new Emulator({ stateFile, clock, cloudMapDelayMs: DELAY, seed: 1 });
      const two = new Emulator({ stateFile, clock, cloudMapDelayMs: DELAY, seed: 2 });
      const { OperationId } = await sdkClient(one).send(new CreateHttpNamespaceCommand({ Name: 'shared' }));
      clock.advance(DELAY);
      const { Operation } = await sdkClient(two).send(new GetOperationCommand({ OperationId }));
      expect(Operation!.Status).toBe('SUCCESS');
      const { Namespace } = await sdkClient(one).send(new GetNamespaceCommand({ Id: Operation!.Targets!.NAMESPACE }));
      expect(Namespace!.Name).toBe('shared');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Cloud Map list filters the model refuses', () => {
  it.each([
    ['ListOperations STATUS EQ', () => new ListOperationsCommand({ Filters: [{ Name: 'STATUS', Values: ['DONE'], Condition: 'EQ' }] }), '"DONE" is not a STATUS'],
    ['ListOperations STATUS IN', () => new ListOperationsCommand({ Filters: [{ Name: 'STATUS', Values: ['SUCCESS', 'OK'], Condition: 'IN' }] }), '"OK" is not a STATUS'],
    ['ListOperations TYPE EQ', () => new ListOperationsCommand({ Filters: [{ Name: 'TYPE', Values: ['CREATE_SERVICE'] }] }), '"CREATE_SERVICE" is not a TYPE'],
    ['ListNamespaces TYPE IN', () => new ListNamespacesCommand({ Filters: [{ Name: 'TYPE', Values: ['HTTP'], Condition: 'IN' }] }), 'IN is not supported for the filter TYPE'],
    ['ListNamespaces TYPE EQ', () => new ListNamespacesCommand({ Filters: [{ Name: 'TYPE', Values: ['HTTPS'] }] }), '"HTTPS" is not a TYPE'],
  ])('%s with a value or condition outside the model is InvalidInput', async (_name, command, message) => {
    const h = cloudMapHarness();
    const err = (await h.client.send(command() as never).catch((e: unknown) => e)) as Error;
    expect(err.name).toBe('InvalidInput');
    expect(err.message).toContain(message);
  });
});
