import { Emulator } from '../../../lib/emulator';
import { ManualClock } from '../../../lib/emulator/core/clock';
import type { WireRequest } from '../../../lib/emulator/wire/types';

/** Raw restJson1 requests, as a client without the SDK would send them. */
function raw(method: string, path: string, body?: unknown, query: Record<string, string> = {}): WireRequest {
  return {
    method,
    hostname: 'appmesh.us-east-1.amazonaws.com',
    path,
    query,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body),
  };
}

describe('App Mesh restJson1 wire format', () => {
  const clock = new ManualClock(Date.UTC(2019, 6, 22, 15, 38, 29, 282));
  const emulator = new Emulator({ clock });

  it('answers with the resource object itself, timestamps as epoch seconds with milliseconds, absent members omitted', async () => {
    const res = await emulator.handle(raw('PUT', '/v20190125/meshes', { meshName: 'app1', clientToken: 't' }));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    const body = JSON.parse(res.body);
    expect(Object.keys(body).sort()).toEqual(['meshName', 'metadata', 'spec', 'status']);
    expect(body.metadata.createdAt).toBe(1563809909.282);
    expect(body.metadata.lastUpdatedAt).toBe(1563809909.282);
    expect(body.spec).toEqual({});
    expect(res.body).not.toContain('null');
  });

  it('answers list operations with the list member and no nextToken on the last page', async () => {
    const res = await emulator.handle(raw('GET', '/v20190125/meshes', undefined, { limit: '5' }));
    const body = JSON.parse(res.body);
    expect(Object.keys(body)).toEqual(['meshes']);
    expect(body.meshes[0]).toEqual({
      arn: 'arn:aws:appmesh:us-east-1:111122223333:mesh/app1',
      createdAt: 1563809909.282,
      lastUpdatedAt: 1563809909.282,
      meshName: 'app1',
      meshOwner: '111122223333',
      resourceOwner: '111122223333',
      version: 1,
    });
  });

  it('answers errors with the model status, x-amzn-errortype and {"message"}', async () => {
    const res = await emulator.handle(raw('GET', '/v20190125/meshes/none'));
    expect(res.statusCode).toBe(404);
    expect(res.headers['x-amzn-errortype']).toBe('NotFoundException');
    expect(JSON.parse(res.body)).toEqual({ message: 'Mesh with name none is not present for account 111122223333' });
  });

  it.each([
    ['a body that is not JSON', raw('PUT', '/v20190125/meshes', '{"meshName":'), 'not valid JSON'],
    ['a body that is not an object', raw('PUT', '/v20190125/meshes', '[1]'), 'JSON object'],
    ['a missing required member', raw('PUT', '/v20190125/meshes', { spec: {} }), 'missing required field "meshName"'],
    ['an unknown member', raw('PUT', '/v20190125/meshes', { meshName: 'x', spce: {} }), 'unknown field "spce"'],
    ['a query value of the wrong type', raw('GET', '/v20190125/meshes', undefined, { limit: 'ten' }), "'limit'"],
    ['a union with two members', raw('PUT', '/v20190125/meshes/app1/virtualServices', { virtualServiceName: 's', spec: { provider: { virtualNode: { virtualNodeName: 'a' }, virtualRouter: { virtualRouterName: 'b' } } } }), "'spec.provider'"],
  ])('answers BadRequestException 400 for %s', async (_what, request, text) => {
    const res = await emulator.handle(request);
    expect(res.statusCode).toBe(400);
    expect(res.headers['x-amzn-errortype']).toBe('BadRequestException');
    expect(JSON.parse(res.body).message).toContain(text);
  });

  it('answers 404 UnknownOperationException for a path no operation has', async () => {
    const res = await emulator.handle(raw('POST', '/v20190125/meshes', {}));
    expect(res.statusCode).toBe(404);
    expect(res.headers['x-amzn-errortype']).toBe('UnknownOperationException');
  });
});
