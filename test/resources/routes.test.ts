import type { JsonObject } from '../../lib/resources/json';
import { GATEWAY_ROUTE_TYPES, listenerProblem, listenersOf, routeFitsListeners, routeMatchPort, routeProtocol, routeType, ROUTE_TYPES, sameListeners } from '../../lib/resources/routes';

/** The route-fits-listeners rule (docs/aws-behaviour.md §4.5), shared by validation, the planner and the emulator. */
const listeners = (...ls: [number, string][]) => ls.map(([port, protocol]) => ({ port, protocol }));
const spec = (...ls: [number, string][]): JsonObject => ({ listeners: ls.map(([port, protocol]) => ({ portMapping: { port, protocol } })) });
const http = (port?: number): JsonObject => ({ httpRoute: { match: { prefix: '/', ...(port !== undefined ? { port } : {}) }, action: { weightedTargets: [] } } });

describe('route types', () => {
  it('routes have four, gateway routes three (no TCP)', () => {
    expect(ROUTE_TYPES).toEqual(['httpRoute', 'http2Route', 'grpcRoute', 'tcpRoute']);
    expect(GATEWAY_ROUTE_TYPES).toEqual(['httpRoute', 'http2Route', 'grpcRoute']);
  });

  it('reads the type, protocol and match port a spec sets', () => {
    expect(routeType(http(8080))).toBe('httpRoute');
    expect(routeProtocol({ grpcRoute: { match: {} } })).toBe('grpc');
    expect(routeProtocol({ tcpRoute: {} })).toBe('tcp');
    expect(routeMatchPort(http(8080))).toBe(8080);
    expect(routeMatchPort(http())).toBeUndefined();
    expect(routeType({ priority: 1 })).toBeUndefined();
    expect(routeType({ tcpRoute: {} }, GATEWAY_ROUTE_TYPES)).toBeUndefined();
  });
});

describe('listeners', () => {
  it('keeps complete port mappings in document order', () => {
    expect(listenersOf({ listeners: [{ portMapping: { port: 9090, protocol: 'grpc' } }, { portMapping: { port: 80 } }, 'x', { portMapping: { port: 8080, protocol: 'http' } }] })).toEqual(listeners([9090, 'grpc'], [8080, 'http']));
    expect(listenersOf(undefined)).toEqual([]);
  });

  it('two listener sets are the same in any order', () => {
    expect(sameListeners(listeners([80, 'http'], [81, 'grpc']), listeners([81, 'grpc'], [80, 'http']))).toBe(true);
    expect(sameListeners(listeners([80, 'http']), listeners([80, 'http2']))).toBe(false);
    expect(sameListeners(listeners([80, 'http']), listeners([80, 'http'], [81, 'http']))).toBe(false);
  });
});

describe('listenerProblem and routeFitsListeners', () => {
  it('one listener: a route of its protocol fits, with or without a port that names it', () => {
    expect(listenerProblem({ protocol: 'http' }, listeners([8080, 'http']))).toBeUndefined();
    expect(listenerProblem({ protocol: 'http', port: 8080 }, listeners([8080, 'http']))).toBeUndefined();
    expect(routeFitsListeners(http(), listenersOf(spec([8080, 'http'])))).toBe(true);
  });

  it('no listener of its protocol: protocol', () => {
    expect(listenerProblem({ protocol: 'grpc' }, listeners([8080, 'http']))).toBe('protocol');
    expect(listenerProblem({ protocol: 'http' }, [])).toBe('protocol');
    expect(routeFitsListeners(http(), [])).toBe(false);
  });

  it('several listeners: the route needs a port (missing-port), and the port must be a listener of its protocol (port)', () => {
    const two = listeners([8080, 'http'], [9090, 'grpc']);
    expect(listenerProblem({ protocol: 'http' }, two)).toBe('missing-port');
    expect(listenerProblem({ protocol: 'http', port: 8080 }, two)).toBeUndefined();
    expect(listenerProblem({ protocol: 'http', port: 9090 }, two)).toBe('port');
    expect(routeFitsListeners(http(), two)).toBe(false);
    expect(routeFitsListeners(http(8080), two)).toBe(true);
  });

  it('a spec with no route type fits nothing', () => {
    expect(routeFitsListeners({ priority: 1 }, listeners([8080, 'http']))).toBe(false);
  });
});
