import { vpcLatticeModel } from '../../../lib/api-model/service-models';
import { Emulator } from '../../../lib/emulator';
import { OPERATION_HANDLERS } from '../../../lib/emulator/lattice';
import { invalidRequest } from '../../../lib/emulator/lattice/errors';
import { latticeProtocol } from '../../../lib/emulator/lattice/protocol';

const raw = (emulator: Emulator, method: string, path: string, body = '') => emulator.handle({ method, hostname: 'localhost', path, query: {}, headers: {}, body });

describe('Lattice wire layer', () => {
  it('routes every operation of the model from its own URI template', () => {
    const ops = Object.values(vpcLatticeModel.operations);
    expect(ops).toHaveLength(73);
    for (const op of ops) {
      const path = op.http.requestUri!.replace(/\{([^}]+)\}/g, (_m, label: string) => `x-${label}`);
      expect(latticeProtocol.route(op.http.method!, path, invalidRequest)?.operation.name).toBe(op.name);
    }
    // Every served operation is one the model has.
    expect(Object.keys(OPERATION_HANDLERS).filter((name) => !vpcLatticeModel.operations[name])).toEqual([]);
  });

  it('tells listeners from rules by segment count, keeps an encoded ARN in one label', () => {
    expect(latticeProtocol.route('GET', '/services/svc-1/listeners/listener-2', invalidRequest)).toMatchObject({ operation: { name: 'GetListener' }, labels: { serviceIdentifier: 'svc-1', listenerIdentifier: 'listener-2' } });
    expect(latticeProtocol.route('PATCH', '/services/svc-1/listeners/listener-2/rules', invalidRequest)?.operation.name).toBe('BatchUpdateRule');
    const arn = 'arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-0123456789abcdefg';
    expect(latticeProtocol.route('GET', `/tags/${encodeURIComponent(arn)}`, invalidRequest)?.labels).toEqual({ resourceArn: arn });
  });

  it('answers 404 UnknownOperationException for an empty segment or an unknown path, 400 for a dot segment or bad JSON', async () => {
    const emulator = new Emulator();
    const trailing = await raw(emulator, 'GET', '/services/');
    expect(trailing.statusCode).toBe(404);
    expect(trailing.headers['x-amzn-errortype']).toBe('UnknownOperationException');
    expect((await raw(emulator, 'GET', '/services/svc-0123456789abcdefg/listeners/%2E%2E')).headers['x-amzn-errortype']).toBe('ValidationException');
    const badJson = await raw(emulator, 'POST', '/servicenetworks', '{"name": ');
    expect(badJson.statusCode).toBe(400);
    expect(JSON.parse(badJson.body)).toMatchObject({ reason: 'cannotParse' });
    const unknownMember = await raw(emulator, 'POST', '/servicenetworks', JSON.stringify({ name: 'net', colour: 'blue' }));
    expect(JSON.parse(unknownMember.body)).toMatchObject({ reason: 'fieldValidationFailed', fieldList: [{ name: 'colour' }] });
    // Nothing was created by the refused calls.
    expect(JSON.parse((await raw(emulator, 'GET', '/servicenetworks')).body)).toEqual({ items: [] });
  });
});
