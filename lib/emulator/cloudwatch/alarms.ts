import type { ServiceEnv } from '../core/service';
import type { EmulatorState } from '../core/state-store';
import { CloudWatchApiError } from './errors';

/** A metric alarm as the emulator keeps it (timestamps ISO 8601; the wire layer formats them). */
export interface StoredAlarm {
  AlarmName: string;
  AlarmArn: string;
  AlarmDescription?: string;
  ActionsEnabled: boolean;
  OKActions: string[];
  AlarmActions: string[];
  InsufficientDataActions: string[];
  MetricName?: string;
  Namespace?: string;
  Statistic?: string;
  ExtendedStatistic?: string;
  Dimensions: { Name: string; Value: string }[];
  Period?: number;
  Unit?: string;
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  Threshold?: number;
  ComparisonOperator: string;
  TreatMissingData?: string;
  StateValue: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  StateReason: string;
  StateReasonData?: string;
  StateUpdatedTimestamp: string;
  StateTransitionedTimestamp: string;
  AlarmConfigurationUpdatedTimestamp: string;
}

interface CloudWatchState {
  alarms: Record<string, StoredAlarm>;
}

const STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;
const OPERATORS = ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold', 'LessThanLowerOrGreaterThanUpperThreshold', 'LessThanLowerThreshold', 'GreaterThanUpperThreshold'];
const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];
/** CloudWatch's quota: metric alarms per account and region. */
const MAX_ALARMS = 5000;

function stateOf(root: EmulatorState): CloudWatchState {
  const existing = root.cloudwatch as CloudWatchState | undefined;
  if (existing) return existing;
  const created: CloudWatchState = { alarms: {} };
  root.cloudwatch = created;
  return created;
}

function readable(root: EmulatorState): CloudWatchState {
  return (root.cloudwatch as CloudWatchState | undefined) ?? { alarms: {} };
}

type Input = Record<string, unknown>;

function str(input: Input, field: string, options: { required?: boolean; max?: number; min?: number } = {}): string | undefined {
  const v = input[field];
  if (v === undefined || v === null) {
    if (options.required) throw new CloudWatchApiError('MissingRequiredParameterException', `The parameter ${field} is required.`);
    return undefined;
  }
  if (typeof v !== 'string') throw new CloudWatchApiError('InvalidParameterValueException', `The parameter ${field} must be a string.`);
  if (v.length < (options.min ?? (options.required ? 1 : 0)) || v.length > (options.max ?? 1024)) throw new CloudWatchApiError('InvalidParameterValueException', `The parameter ${field} must be between ${options.min ?? 1} and ${options.max ?? 1024} characters.`);
  return v;
}

function num(input: Input, field: string, options: { required?: boolean; min?: number; integer?: boolean } = {}): number | undefined {
  const v = input[field];
  if (v === undefined || v === null) {
    if (options.required) throw new CloudWatchApiError('MissingRequiredParameterException', `The parameter ${field} is required.`);
    return undefined;
  }
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || Number.isNaN(n) || (options.integer && !Number.isInteger(n)) || (options.min !== undefined && n < options.min)) {
    throw new CloudWatchApiError('InvalidParameterValueException', `The parameter ${field} must be ${options.integer ? 'an integer' : 'a number'}${options.min !== undefined ? ` of at least ${options.min}` : ''}.`);
  }
  return n;
}

function strings(input: Input, field: string, max: number): string[] {
  const v = input[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new CloudWatchApiError('InvalidParameterValueException', `The parameter ${field} must be a list of strings.`);
  if (v.length > max) throw new CloudWatchApiError('InvalidParameterValueException', `The parameter ${field} may hold at most ${max} items.`);
  return v as string[];
}

function oneOf(value: string | undefined, allowed: readonly string[], field: string): void {
  if (value !== undefined && !allowed.includes(value)) throw new CloudWatchApiError('InvalidParameterValueException', `The value ${value} for parameter ${field} is not valid. Valid values: ${allowed.join(', ')}.`);
}

export function putMetricAlarm(root: EmulatorState, env: ServiceEnv, input: Input): Record<string, never> {
  const name = str(input, 'AlarmName', { required: true, max: 255 })!;
  const evaluationPeriods = num(input, 'EvaluationPeriods', { required: true, min: 1, integer: true })!;
  const operator = str(input, 'ComparisonOperator', { required: true })!;
  oneOf(operator, OPERATORS, 'ComparisonOperator');
  const statistic = str(input, 'Statistic');
  oneOf(statistic, STATISTICS, 'Statistic');
  const metricName = str(input, 'MetricName', { max: 255 });
  const namespace = str(input, 'Namespace', { max: 255 });
  if (!input.Metrics && (!metricName || !namespace)) throw new CloudWatchApiError('MissingRequiredParameterException', 'MetricName and Namespace are required when Metrics is not given.');
  const period = num(input, 'Period', { min: 1, integer: true });
  const threshold = num(input, 'Threshold');
  const dimensionsIn = input.Dimensions ?? [];
  if (!Array.isArray(dimensionsIn) || dimensionsIn.length > 30) throw new CloudWatchApiError('InvalidParameterValueException', 'The parameter Dimensions must be a list of at most 30 dimensions.');
  const dimensions = dimensionsIn.map((d, i) => {
    const dim = (d ?? {}) as Input;
    if (typeof dim.Name !== 'string' || typeof dim.Value !== 'string') throw new CloudWatchApiError('InvalidParameterValueException', `Dimensions member ${i + 1} needs a Name and a Value.`);
    return { Name: dim.Name, Value: dim.Value };
  });
  const state = stateOf(root);
  const existing = state.alarms[name];
  if (!existing && Object.keys(state.alarms).length >= MAX_ALARMS) throw new CloudWatchApiError('LimitExceededFault', `The maximum number of alarms (${MAX_ALARMS}) has been reached.`);
  const now = new Date(env.clock.now()).toISOString();
  const description = str(input, 'AlarmDescription', { max: 1024, min: 0 });
  const unit = str(input, 'Unit');
  const extended = str(input, 'ExtendedStatistic');
  const datapoints = num(input, 'DatapointsToAlarm', { min: 1, integer: true });
  const treat = str(input, 'TreatMissingData');
  const alarm: StoredAlarm = {
    AlarmName: name,
    AlarmArn: `arn:aws:cloudwatch:${env.region}:${env.account}:alarm:${name}`,
    ...(description !== undefined ? { AlarmDescription: description } : {}),
    ActionsEnabled: input.ActionsEnabled === undefined ? true : input.ActionsEnabled === true || input.ActionsEnabled === 'true',
    OKActions: strings(input, 'OKActions', 5),
    AlarmActions: strings(input, 'AlarmActions', 5),
    InsufficientDataActions: strings(input, 'InsufficientDataActions', 5),
    ...(metricName ? { MetricName: metricName } : {}),
    ...(namespace ? { Namespace: namespace } : {}),
    ...(statistic ? { Statistic: statistic } : {}),
    ...(extended ? { ExtendedStatistic: extended } : {}),
    Dimensions: dimensions,
    ...(period !== undefined ? { Period: period } : {}),
    ...(unit ? { Unit: unit } : {}),
    EvaluationPeriods: evaluationPeriods,
    ...(datapoints !== undefined ? { DatapointsToAlarm: datapoints } : {}),
    ...(threshold !== undefined ? { Threshold: threshold } : {}),
    ComparisonOperator: operator,
    ...(treat ? { TreatMissingData: treat } : {}),
    // Creating an alarm leaves it unchecked; updating one keeps its state.
    StateValue: existing?.StateValue ?? 'INSUFFICIENT_DATA',
    StateReason: existing?.StateReason ?? 'Unchecked: Initial alarm creation',
    ...(existing?.StateReasonData ? { StateReasonData: existing.StateReasonData } : {}),
    StateUpdatedTimestamp: existing?.StateUpdatedTimestamp ?? now,
    StateTransitionedTimestamp: existing?.StateTransitionedTimestamp ?? now,
    AlarmConfigurationUpdatedTimestamp: now,
  };
  state.alarms[name] = alarm;
  return {};
}

export function setAlarmState(root: EmulatorState, env: ServiceEnv, input: Input): Record<string, never> {
  const name = str(input, 'AlarmName', { required: true, max: 255 })!;
  const value = str(input, 'StateValue', { required: true })!;
  oneOf(value, STATES, 'StateValue');
  const reason = str(input, 'StateReason', { required: true, max: 1023, min: 0 })!;
  const data = str(input, 'StateReasonData', { max: 4000, min: 0 });
  if (data !== undefined) {
    try {
      JSON.parse(data);
    } catch {
      throw new CloudWatchApiError('InvalidFormatFault', 'StateReasonData is not valid JSON.');
    }
  }
  const state = stateOf(root);
  const alarm = state.alarms[name];
  if (!alarm) throw new CloudWatchApiError('ResourceNotFound', `Alarm ${name} not found`);
  const now = new Date(env.clock.now()).toISOString();
  if (alarm.StateValue !== value) alarm.StateTransitionedTimestamp = now;
  alarm.StateValue = value as StoredAlarm['StateValue'];
  alarm.StateReason = reason;
  if (data !== undefined) alarm.StateReasonData = data;
  else delete alarm.StateReasonData;
  alarm.StateUpdatedTimestamp = now;
  return {};
}

export function deleteAlarms(root: EmulatorState, _env: ServiceEnv, input: Input): Record<string, never> {
  const names = strings(input, 'AlarmNames', 100);
  if (!names.length) throw new CloudWatchApiError('MissingRequiredParameterException', 'The parameter AlarmNames is required.');
  const state = stateOf(root);
  const missing = names.filter((n) => !state.alarms[n]);
  if (missing.length) throw new CloudWatchApiError('ResourceNotFound', `${missing.length === 1 ? 'Alarm' : 'Alarms'} ${missing.join(', ')} not found`);
  for (const n of names) delete state.alarms[n];
  return {};
}

export interface DescribeAlarmsOutput {
  MetricAlarms: StoredAlarm[];
  CompositeAlarms: never[];
  NextToken?: string;
}

export function describeAlarms(root: EmulatorState, _env: ServiceEnv, input: Input): DescribeAlarmsOutput {
  const names = strings(input, 'AlarmNames', 100);
  const prefix = str(input, 'AlarmNamePrefix', { max: 255 });
  if (names.length && prefix !== undefined) throw new CloudWatchApiError('InvalidParameterCombinationException', 'AlarmNames and AlarmNamePrefix cannot be specified together.');
  const stateValue = str(input, 'StateValue');
  oneOf(stateValue, STATES, 'StateValue');
  const types = strings(input, 'AlarmTypes', 2);
  for (const t of types) oneOf(t, ['MetricAlarm', 'CompositeAlarm'], 'AlarmTypes');
  const max = num(input, 'MaxRecords', { min: 1, integer: true }) ?? 50;
  if (max > 100) throw new CloudWatchApiError('InvalidParameterValueException', 'The parameter MaxRecords must be at most 100.');
  const token = str(input, 'NextToken');
  let start = 0;
  if (token !== undefined) {
    const decoded = Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^alarms:/, ''));
    if (!Number.isInteger(decoded) || decoded < 0) throw new CloudWatchApiError('InvalidNextToken', 'The NextToken is not valid.');
    start = decoded;
  }
  // Without AlarmTypes only metric alarms are described; the emulator keeps no composite alarms.
  const wantMetric = types.length === 0 || types.includes('MetricAlarm');
  const all = wantMetric
    ? Object.values(readable(root).alarms)
        .filter((a) => (names.length ? names.includes(a.AlarmName) : true) && (prefix === undefined || a.AlarmName.startsWith(prefix)) && (stateValue === undefined || a.StateValue === stateValue))
        .sort((a, b) => (a.AlarmName < b.AlarmName ? -1 : a.AlarmName > b.AlarmName ? 1 : 0))
    : [];
  const page = all.slice(start, start + max);
  const next = start + max < all.length ? Buffer.from(`alarms:${start + max}`, 'utf8').toString('base64url') : undefined;
  return { MetricAlarms: page.map((a) => structuredClone(a)), CompositeAlarms: [], ...(next ? { NextToken: next } : {}) };
}
