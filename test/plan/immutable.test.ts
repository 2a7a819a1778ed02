import { immutableDifferences } from '../../lib/plan/immutable';
import { normalizeSpec } from '../../lib/plan/normalize';
import type { JsonObject } from '../../lib/resources/json';

/** Fields that cannot change in place (docs/aws-behaviour.md §10.3, §10.4): a difference is a replace. */
const service = (spec: JsonObject) => normalizeSpec('CloudMapService', spec, { namespaceType: 'DNS_PUBLIC' });
const differences = (live: JsonObject, desired: JsonObject) => immutableDifferences('CloudMapService', service(live), service(desired), desired);
const records = (...types: string[]) => types.map((type) => ({ type, ttl: 60 }));

describe('immutableDifferences', () => {
  it('App Mesh kinds have none (names are identity)', () => {
    expect(immutableDifferences('VirtualNode', { listeners: [] }, { backends: [] }, {})).toEqual([]);
    expect(immutableDifferences('Mesh', { egressFilter: { type: 'ALLOW_ALL' } }, {}, {})).toEqual([]);
  });

  it("a namespace's type", () => {
    expect(immutableDifferences('CloudMapNamespace', { type: 'DNS_PRIVATE' }, { type: 'DNS_PUBLIC' }, { type: 'DNS_PUBLIC' })).toEqual(['spec.type']);
    expect(immutableDifferences('CloudMapNamespace', { type: 'HTTP' }, { type: 'HTTP' }, { type: 'HTTP', description: 'x' })).toEqual([]);
  });

  it("a namespace's VPC, against the last-applied record (the API never returns it)", () => {
    const spec = { type: 'DNS_PRIVATE', vpc: 'vpc-2' };
    expect(immutableDifferences('CloudMapNamespace', { type: 'DNS_PRIVATE' }, { type: 'DNS_PRIVATE' }, spec, 'vpc-1')).toEqual(['spec.vpc']);
    expect(immutableDifferences('CloudMapNamespace', { type: 'DNS_PRIVATE' }, { type: 'DNS_PRIVATE' }, spec, 'vpc-2')).toEqual([]);
    // Without a record there is nothing to compare with.
    expect(immutableDifferences('CloudMapNamespace', { type: 'DNS_PRIVATE' }, { type: 'DNS_PRIVATE' }, spec)).toEqual([]);
  });

  it("a service's DNS record types (not their TTLs)", () => {
    expect(differences({ dnsConfig: { dnsRecords: records('A') } }, { dnsConfig: { dnsRecords: records('AAAA') } })).toEqual(['spec.dnsConfig.dnsRecords[].type']);
    expect(differences({ dnsConfig: { dnsRecords: [{ type: 'A', ttl: 60 }] } }, { dnsConfig: { dnsRecords: [{ type: 'A', ttl: 300 }] } })).toEqual([]);
  });

  it("a service's routing policy, and adding or removing its DNS config", () => {
    expect(differences({ dnsConfig: { dnsRecords: records('A'), routingPolicy: 'WEIGHTED' } }, { dnsConfig: { dnsRecords: records('A') } })).toEqual(['spec.dnsConfig.routingPolicy']);
    expect(differences({}, { dnsConfig: { dnsRecords: records('A') } })).toEqual(['spec.dnsConfig.dnsRecords[].type', 'spec.dnsConfig']);
  });

  it("a Route 53 health check's type, though the check itself can be added or removed", () => {
    const hc = (type: string) => ({ healthCheckConfig: { type, resourcePath: '/' } });
    expect(differences(hc('HTTP'), hc('HTTPS'))).toEqual(['spec.healthCheckConfig.type']);
    expect(differences({}, hc('HTTP'))).toEqual([]);
    expect(differences(hc('HTTP'), {})).toEqual([]);
  });

  it('a custom health check cannot be added, changed or removed', () => {
    expect(differences({}, { healthCheckCustomConfig: {} })).toEqual(['spec.healthCheckCustomConfig']);
    expect(differences({ healthCheckCustomConfig: {} }, {})).toEqual(['spec.healthCheckCustomConfig']);
    // {} and {failureThreshold: 1} are the same check.
    expect(differences({ healthCheckCustomConfig: { failureThreshold: 1 } }, { healthCheckCustomConfig: {} })).toEqual([]);
  });

  it("a service's type", () => {
    expect(differences({}, { type: 'HTTP' })).toEqual(['spec.type']);
  });
});
