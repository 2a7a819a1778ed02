import { epochSeconds, repairJson } from '../../lib/aws/lenient-endpoint-handler';

describe('lenient reading of third-party endpoints', () => {
  it("reads moto's App Mesh timestamps and ISO ones as epoch seconds", () => {
    expect(epochSeconds('25/11/2026, 11:29:23')).toBe(Date.UTC(2026, 10, 25, 11, 29, 23) / 1000);
    expect(epochSeconds('2026-11-25T11:29:23.500Z')).toBe(Date.UTC(2026, 10, 25, 11, 29, 23, 500) / 1000);
    expect(epochSeconds('not a date')).toBeUndefined();
  });

  it('drops null members and repairs timestamp members at any depth, leaving the rest alone', () => {
    const body = { meshName: 'm1', metadata: { createdAt: '25/11/2026, 11:29:23', version: 1 }, spec: { egressFilter: { type: null } }, items: [{ lastUpdatedAt: '2026-11-25T00:00:00Z', name: 'createdAt' }] };
    expect(repairJson(body)).toEqual({
      meshName: 'm1',
      metadata: { createdAt: Date.UTC(2026, 10, 25, 11, 29, 23) / 1000, version: 1 },
      spec: { egressFilter: {} },
      items: [{ lastUpdatedAt: Date.UTC(2026, 10, 25) / 1000, name: 'createdAt' }],
    });
  });
});
