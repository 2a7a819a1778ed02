import { DescribeAlarmsCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { AlarmReading, AlarmStateValue } from '../rollout/machine';
import type { AlarmReader } from '../rollout/ports';
import type { CallPolicy } from './call-policy';

/** DescribeAlarms takes at most 100 names a call. */
const NAMES_PER_CALL = 100;

/** Reads metric and composite alarms by name (DescribeAlarms, every page). */
export class CloudWatchAlarms implements AlarmReader {
  constructor(
    private readonly client: Pick<CloudWatchClient, 'send'>,
    private readonly policy?: CallPolicy,
  ) {}

  async read(names: string[]): Promise<AlarmReading[]> {
    const unique = [...new Set(names)];
    const found = new Map<string, AlarmReading>();
    for (let i = 0; i < unique.length; i += NAMES_PER_CALL) {
      const batch = unique.slice(i, i + NAMES_PER_CALL);
      let token: string | undefined;
      do {
        const command = new DescribeAlarmsCommand({ AlarmNames: batch, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], ...(token ? { NextToken: token } : {}) });
        const send = () => this.client.send(command);
        const out = this.policy ? await this.policy.call(send) : await send();
        for (const a of [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])]) {
          if (!a.AlarmName) continue;
          found.set(a.AlarmName, { name: a.AlarmName, state: a.StateValue as AlarmStateValue, reason: a.StateReason ?? '', ...(a.StateUpdatedTimestamp ? { updatedAt: a.StateUpdatedTimestamp.toISOString() } : {}) });
        }
        token = out.NextToken;
      } while (token);
    }
    return unique.map((name) => found.get(name) ?? { name });
  }
}
