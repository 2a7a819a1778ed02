// PLACEHOLDER while the service is being written: answers every request as unknown.
import type { EmulatedService } from '../core/service';

export const cloudMapService: EmulatedService = {
  name: 'cloudmap',
  matches: () => false,
  operationOf: () => undefined,
  handle: () => { throw new Error('not implemented'); },
  throttled: () => ({ statusCode: 429, headers: {}, body: '{}' }),
  serverError: () => ({ statusCode: 500, headers: {}, body: '{}' }),
};
