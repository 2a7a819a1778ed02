import { CloudWatchClient, DeleteAlarmsCommand, DescribeAlarmsCommand, PutMetricAlarmCommand, ResourceNotFound, SetAlarmStateCommand, InvalidParameterCombinationException, InvalidParameterValueException } from '@aws-sdk/client-cloudwatch';
import { cbor } from '@smithy/core/cbor';
import { Emulator, emulatorRequestHandler, listen, ManualClock, type RunningServer } from '../../../lib/emulator';

/** The CloudWatch alarm operations through the real JS SDK client (in-process and over HTTP), CBOR and awsQuery. */

const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const clock = new ManualClock(Date.parse('2026-12-01T10:00:00Z'));

function inProcess(emulator: Emulator): CloudWatchClient {
  return new CloudWatchClient({ region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: emulatorRequestHandler((r) => emulator.handle(r)) });
}

const alarm = (name: string) => new PutMetricAlarmCommand({ AlarmName: name, MetricName: '5xx', Namespace: 'Mesh', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 5, ComparisonOperator: 'GreaterThanThreshold', Dimensions: [{ Name: 'VirtualNode', Value: 'search-v2' }] });

describe('CloudWatch alarms in the emulator (JS SDK)', () => {
  it('creates an alarm unchecked, flips its state, describes it by name, pages, and deletes it', async () => {
    const client = inProcess(new Emulator({ clock }));
    await client.send(alarm('search-v2-5xx'));
    await client.send(alarm('search-v2-latency'));
    let out = await client.send(new DescribeAlarmsCommand({ AlarmNames: ['search-v2-5xx'] }));
    expect(out.MetricAlarms).toHaveLength(1);
    expect(out.MetricAlarms![0]).toMatchObject({ AlarmName: 'search-v2-5xx', StateValue: 'INSUFFICIENT_DATA', StateReason: 'Unchecked: Initial alarm creation', AlarmArn: 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:search-v2-5xx', Dimensions: [{ Name: 'VirtualNode', Value: 'search-v2' }], Threshold: 5 });
    expect(out.MetricAlarms![0]!.StateUpdatedTimestamp).toEqual(new Date('2026-12-01T10:00:00Z'));

    clock.advance(60_000);
    await client.send(new SetAlarmStateCommand({ AlarmName: 'search-v2-5xx', StateValue: 'ALARM', StateReason: 'Threshold Crossed: 1 datapoint [9.0] was greater than the threshold (5.0).' }));
    out = await client.send(new DescribeAlarmsCommand({ StateValue: 'ALARM' }));
    expect(out.MetricAlarms!.map((a) => [a.AlarmName, a.StateValue, a.StateReason, a.StateUpdatedTimestamp?.toISOString()])).toEqual([['search-v2-5xx', 'ALARM', 'Threshold Crossed: 1 datapoint [9.0] was greater than the threshold (5.0).', '2026-12-01T10:01:00.000Z']]);

    const first = await client.send(new DescribeAlarmsCommand({ MaxRecords: 1 }));
    const second = await client.send(new DescribeAlarmsCommand({ MaxRecords: 1, NextToken: first.NextToken! }));
    expect([first.MetricAlarms![0]!.AlarmName, second.MetricAlarms![0]!.AlarmName, second.NextToken]).toEqual(['search-v2-5xx', 'search-v2-latency', undefined]);
    expect((await client.send(new DescribeAlarmsCommand({ AlarmTypes: ['CompositeAlarm'] }))).MetricAlarms).toEqual([]);

    await client.send(new DeleteAlarmsCommand({ AlarmNames: ['search-v2-5xx'] }));
    expect((await client.send(new DescribeAlarmsCommand({ AlarmNames: ['search-v2-5xx'] }))).MetricAlarms).toEqual([]);
  });

  it('answers errors as typed exceptions', async () => {
    const client = inProcess(new Emulator({ clock }));
    await expect(client.send(new SetAlarmStateCommand({ AlarmName: 'nope', StateValue: 'ALARM', StateReason: 'x' }))).rejects.toBeInstanceOf(ResourceNotFound);
    await expect(client.send(new DescribeAlarmsCommand({ AlarmNames: ['a'], AlarmNamePrefix: 'a' }))).rejects.toBeInstanceOf(InvalidParameterCombinationException);
    await expect(client.send(new SetAlarmStateCommand({ AlarmName: 'nope', StateValue: 'RED' as never, StateReason: 'x' }))).rejects.toBeInstanceOf(InvalidParameterValueException);
  });

  it('serves the same over HTTP, Smithy RPC v2 CBOR and awsQuery included', async () => {
    const emulator = new Emulator({ clock });
    const server: RunningServer = await listen((r) => emulator.handle(r));
    try {
      const client = new CloudWatchClient({ region: 'us-east-1', credentials, maxAttempts: 1, endpoint: server.url });
      await client.send(alarm('a1'));
      // CBOR, as botocore sends it.
      const res = await fetch(`${server.url}/service/GraniteServiceVersion20100801/operation/SetAlarmState`, { method: 'POST', headers: { 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor', accept: 'application/cbor' }, body: Buffer.from(cbor.serialize({ AlarmName: 'a1', StateValue: 'ALARM', StateReason: 'from cbor' })) });
      expect(res.status).toBe(200);
      const described = await fetch(`${server.url}/service/GraniteServiceVersion20100801/operation/DescribeAlarms`, { method: 'POST', headers: { 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor' }, body: Buffer.from(cbor.serialize({ AlarmNames: ['a1'] })) });
      const decoded = cbor.deserialize(new Uint8Array(await described.arrayBuffer())) as { MetricAlarms: { StateValue: string; StateUpdatedTimestamp: { tag: number; value: number } }[] };
      expect(decoded.MetricAlarms[0]!.StateValue).toBe('ALARM');
      expect(decoded.MetricAlarms[0]!.StateUpdatedTimestamp).toMatchObject({ tag: 1, value: Date.parse('2026-12-01T10:01:00Z') / 1000 });
      const missing = await fetch(`${server.url}/service/GraniteServiceVersion20100801/operation/SetAlarmState`, { method: 'POST', headers: { 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor' }, body: Buffer.from(cbor.serialize({ AlarmName: 'zz', StateValue: 'OK', StateReason: 'r' })) });
      expect([missing.status, missing.headers.get('x-amzn-query-error')]).toEqual([404, 'ResourceNotFound;Sender']);
      // awsQuery, as older clients send it.
      const query = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=DescribeAlarms&Version=2010-08-01&AlarmNames.member.1=a1' });
      const xml = await query.text();
      expect(xml).toMatch(/^<DescribeAlarmsResponse xmlns="http:\/\/monitoring.amazonaws.com\/doc\/2010-08-01\/"><DescribeAlarmsResult><MetricAlarms><member>.*<AlarmName>a1<\/AlarmName>.*<StateValue>ALARM<\/StateValue><StateReason>from cbor<\/StateReason>.*<\/member><\/MetricAlarms>/);
      const bad = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=SetAlarmState&Version=2010-08-01&AlarmName=zz&StateValue=OK&StateReason=r' });
      expect([bad.status, await bad.text()]).toEqual([404, expect.stringContaining('<Code>ResourceNotFound</Code>')]);
    } finally {
      await server.close();
    }
  });
});
