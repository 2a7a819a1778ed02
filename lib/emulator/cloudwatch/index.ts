// lib/emulator/cloudwatch: the CloudWatch alarm operations meshops and its tests need
// (PutMetricAlarm, DescribeAlarms, SetAlarmState, DeleteAlarms), in the three protocols clients
// use (protocols.ts). State lives under `state.cloudwatch` (alarms.ts).
import type { EmulatedService, ServiceEnv } from '../core/service';
import type { EmulatorState } from '../core/state-store';
import type { HandledRequest, WireRequest, WireResponse } from '../wire/types';
import { deleteAlarms, describeAlarms, putMetricAlarm, setAlarmState } from './alarms';
import { CloudWatchApiError } from './errors';
import { errorResponse, parseInput, recognize, successResponse } from './protocols';

type Handler = (root: EmulatorState, env: ServiceEnv, input: Record<string, unknown>) => object;

const HANDLERS: Record<string, { run: Handler; write: boolean }> = {
  PutMetricAlarm: { run: putMetricAlarm, write: true },
  DescribeAlarms: { run: describeAlarms, write: false },
  SetAlarmState: { run: setAlarmState, write: true },
  DeleteAlarms: { run: deleteAlarms, write: true },
};

export const cloudWatchService: EmulatedService = {
  name: 'cloudwatch',
  matches: (request) => recognize(request) !== undefined,
  operationOf: (request) => {
    const op = recognize(request)?.operation;
    return op !== undefined && Object.hasOwn(HANDLERS, op) ? op : undefined;
  },
  handle(request: WireRequest, env: ServiceEnv): HandledRequest {
    const decoded = recognize(request)!;
    const { protocol, operation } = decoded;
    try {
      const handler = Object.hasOwn(HANDLERS, operation) ? HANDLERS[operation] : undefined;
      if (!handler) throw new CloudWatchApiError('UnknownOperationException', `The action ${operation || '(none)'} is not valid for this web service (the emulator serves ${Object.keys(HANDLERS).join(', ')}).`);
      const input = parseInput(request, protocol);
      const output = handler.write ? env.store.write((state) => handler.run(state, env, input)) : env.store.read((state) => handler.run(state, env, input));
      return { operation, response: successResponse(protocol, operation, output as Record<string, unknown>) };
    } catch (err) {
      if (!(err instanceof CloudWatchApiError)) throw err;
      return { operation, response: errorResponse(protocol, err) };
    }
  },
  throttled: (operation) => errorResponse(protocolFor(operation), new CloudWatchApiError('ThrottlingException', 'Rate exceeded')),
  serverError: (operation) => errorResponse(protocolFor(operation), new CloudWatchApiError('InternalServiceFault', 'Internal service error (injected)')),
};

// Fault responses do not see the request; JSON is what the SDK sends, and every client reads the status.
function protocolFor(_operation: string): 'json' {
  return 'json';
}

export type { WireResponse };
