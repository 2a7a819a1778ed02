/**
 * The mapping onto VPC Lattice (docs/lattice.md): declared App Mesh documents → the Lattice
 * resources that carry the same traffic, with deterministic names and the `meshops:source` tag, and
 * everything that has no Lattice counterpart reported with where it is written and why. Pure.
 *
 * - Mesh → service network (+ one VPC association per `lattice.vpcs` entry).
 * - VirtualService → Lattice service (`customDomainName` = the virtual service's name) associated
 *   with the service network.
 * - Router listener → one listener per port on each service the router provides; Route → a rule
 *   (priority kept in order) or, for a catch-all, the listener's default action; weights unchanged.
 * - Node provider → a listener whose default action forwards to the node's target group.
 * - VirtualNode → one target group per Lattice service that reaches it.
 */
import type { JsonObject, JsonValue } from '../resources/json';
import { isJsonObject } from '../resources/json';
import { KIND_INFO, kindWord, ofKind, SOURCE_TAG, type Kind, type LatticeKind } from '../resources/kinds';
import { resourceId, resourceLabel } from '../resources/resource-key';
import type { DesiredResource, LatticeMappingReport, NotCarried, Settings, SourceLocation, Tags, TargetRegistration } from '../resources/types';
import { latticeName, NAME_RULES } from './lattice-names';
import { droppedRouteFields, mapRouteMatch, routeTypeOf, specificity, type Loss, type RouteType } from './route-rules';

export type Locate = (resource: DesiredResource, path: readonly (string | number)[]) => { line: number; column: number } | undefined;

export interface LatticeMapping extends LatticeMappingReport {
  resources: DesiredResource[];
  /** Problems with the settings or the names that stop the mapping's resources from being valid. */
  problems: { message: string; source?: SourceLocation }[];
}

/** App Mesh listener protocols → the Lattice listener protocol and the target group's protocol. */
const PROTOCOLS: Record<string, { listener: string; protocol: string; protocolVersion: string; routeType: RouteType }> = {
  http: { listener: 'HTTP', protocol: 'HTTP', protocolVersion: 'HTTP1', routeType: 'httpRoute' },
  // Lattice serves HTTP/2 and gRPC on HTTPS listeners only.
  http2: { listener: 'HTTPS', protocol: 'HTTP', protocolVersion: 'HTTP2', routeType: 'http2Route' },
  grpc: { listener: 'HTTPS', protocol: 'HTTP', protocolVersion: 'GRPC', routeType: 'grpcRoute' },
};

/**
 * Priorities: App Mesh's 0–1000 become 1–1001 (so adding a route leaves the others' priorities
 * alone); routes without one follow, most specific first.
 */
const UNPRIORITIZED_BASE = 1002;
/** A virtual node provider gets all of its service's traffic. */
const SOLE_TARGET_WEIGHT = 100;

function obj(v: JsonValue | undefined): JsonObject | undefined {
  return isJsonObject(v) ? v : undefined;
}

function list(v: JsonValue | undefined): JsonValue[] {
  return Array.isArray(v) ? v : [];
}

export function mapToLattice(declared: readonly DesiredResource[], settings: Settings, locate: Locate = () => undefined): LatticeMapping {
  const { lattice } = settings;
  const out: DesiredResource[] = [];
  const notCarried: NotCarried[] = [];
  const problems: LatticeMapping['problems'] = [];
  const registrations = new Map<string, TargetRegistration>();
  const reported = new Set<string>();

  const report = (r: DesiredResource, loss: Omit<Loss, 'path'> & { path?: Loss['path'] }) => {
    const key = `${resourceId(r)} ${loss.path?.join('.') ?? ''} ${loss.feature}`;
    if (reported.has(key)) return;
    reported.add(key);
    const at = loss.path ? locate(r, loss.path) : undefined;
    notCarried.push({
      source: resourceLabel(r),
      file: r.source.file,
      line: at?.line ?? r.source.line,
      column: at?.column ?? r.source.column,
      ...(loss.path ? { path: documentPath(loss.path) } : {}),
      feature: loss.feature,
      reason: loss.reason,
    });
  };
  const add = (kind: LatticeKind, name: string, spec: JsonObject, from: DesiredResource, parent?: string) => {
    const tags: Tags = { ...from.tags, [SOURCE_TAG]: resourceLabel(from) };
    out.push({ kind, name, ...(parent !== undefined ? { parent } : {}), spec, tags, source: from.source });
  };

  const meshes = declared.filter((r) => KIND_INFO[r.kind].scope === 'mesh');
  if (lattice.serviceNetwork !== undefined && meshes.length > 1) {
    problems.push({ message: `lattice.serviceNetwork names one service network, but the repository declares ${meshes.length} meshes (${meshes.map((m) => m.name).join(', ')}); remove it to get one service network per mesh` });
  }
  const vpc = lattice.vpcs[0]?.vpc;

  for (const mesh of meshes) {
    const inMesh = declared.filter((r) => r.mesh === mesh.name);
    const byName = (kind: Kind) => new Map(inMesh.filter(ofKind(kind)).map((r) => [r.name, r]));
    const nodes = byName('VirtualNode');
    const routers = byName('VirtualRouter');
    const routes = inMesh.filter(ofKind('Route'));

    const network = lattice.serviceNetwork ?? latticeName([mesh.name], NAME_RULES.ServiceNetwork);
    add('ServiceNetwork', network, { authType: lattice.authType }, mesh);
    for (const v of lattice.vpcs) {
      add('ServiceNetworkVpcAssociation', v.vpc, v.securityGroups.length ? { securityGroupIds: [...v.securityGroups].sort() } : {}, mesh, network);
    }
    reportMesh(mesh, report);
    for (const r of inMesh) KIND_REPORTS[r.kind]?.(r, report);

    const targetGroups = new Map<string, DesiredResource>();
    /** The target group for one node reached from one Lattice service on one port. */
    const targetGroup = (nodeName: string, service: DesiredResource, port: number | undefined): string | undefined => {
      const node = nodes.get(nodeName);
      if (!node) return undefined;
      const listeners = list(node.spec.listeners).map(obj).filter((l): l is JsonObject => l !== undefined);
      const listener = listeners.find((l) => obj(l.portMapping)?.port === port) ?? listeners[0];
      const mapping = obj(listener?.portMapping);
      const appProtocol = String(mapping?.protocol ?? 'http');
      const proto = PROTOCOLS[appProtocol];
      const targetPort = port ?? Number(mapping?.port ?? 80);
      if (!proto) {
        report(node, { path: ['spec', 'listeners', listeners.indexOf(listener!), 'portMapping', 'protocol'], feature: `${appProtocol} listener`, reason: 'Lattice target groups behind HTTP and HTTPS listeners take HTTP, HTTP/2 or gRPC' });
        return undefined;
      }
      const name = latticeName([node.name, service.name], NAME_RULES.TargetGroup, [String(targetPort), proto.protocol, proto.protocolVersion, vpc ?? '']);
      if (!targetGroups.has(name)) {
        const config: JsonObject = { port: targetPort, protocol: proto.protocol, protocolVersion: proto.protocolVersion, ipAddressType: 'IPV4', healthCheck: healthCheck(obj(listener?.healthCheck)) };
        if (vpc !== undefined) config.vpcIdentifier = vpc;
        add('TargetGroup', name, { type: 'IP', config }, node);
        targetGroups.set(name, out[out.length - 1]);
        const label = resourceLabel(node);
        const reg = registrations.get(label) ?? { node: label, targetGroups: [], ...cloudMapOf(node) };
        reg.targetGroups.push(name);
        registrations.set(label, reg);
      }
      return name;
    };

    for (const vs of inMesh.filter(ofKind('VirtualService'))) {
      const service = latticeName([vs.name], NAME_RULES.LatticeService);
      const provider = obj(vs.spec.provider);
      const providerNode = obj(provider?.virtualNode)?.virtualNodeName;
      const providerRouter = obj(provider?.virtualRouter)?.virtualRouterName;
      const before = out.length;
      const listenerResources: { name: string; spec: JsonObject; from: DesiredResource }[] = [];
      const rules: { parent: string; name: string; spec: JsonObject; from: DesiredResource }[] = [];

      if (typeof providerNode === 'string') {
        const node = nodes.get(providerNode);
        for (const [i, l] of list(node?.spec.listeners).entries()) {
          const mapping = obj(obj(l)?.portMapping);
          const protocol = String(mapping?.protocol);
          const port = Number(mapping?.port);
          const proto = PROTOCOLS[protocol];
          if (!proto) {
            report(node!, { path: ['spec', 'listeners', i, 'portMapping', 'protocol'], feature: `${protocol} listener`, reason: plainTcpReason(protocol) });
            continue;
          }
          const tg = targetGroup(providerNode, vs, port);
          if (!tg) continue;
          listenerResources.push({ name: listenerName(proto.listener, port), spec: { protocol: proto.listener, port, defaultAction: forward([{ targetGroup: tg, weight: SOLE_TARGET_WEIGHT }]) }, from: vs });
        }
      } else if (typeof providerRouter === 'string') {
        const router = routers.get(providerRouter);
        const routerListeners = list(router?.spec.listeners).map((l) => obj(obj(l)?.portMapping) ?? {});
        const ownRoutes = routes.filter((r) => r.parent === providerRouter);
        for (const [i, mapping] of routerListeners.entries()) {
          const protocol = String(mapping.protocol);
          const port = Number(mapping.port);
          const proto = PROTOCOLS[protocol];
          if (!proto) {
            report(router!, { path: ['spec', 'listeners', i, 'portMapping', 'protocol'], feature: `${protocol} listener`, reason: plainTcpReason(protocol) });
            for (const r of ownRoutes.filter((r) => routeTypeOf(r.spec) === 'tcpRoute')) report(r, { path: ['spec', 'tcpRoute'], feature: 'TCP route', reason: plainTcpReason(protocol) });
            continue;
          }
          const listener = listenerName(proto.listener, port);
          const onListener = ownRoutes.filter((r) => {
            const type = routeTypeOf(r.spec);
            if (type !== proto.routeType) return false;
            const routePort = obj(obj(r.spec[type])?.match)?.port;
            return routerListeners.length === 1 || routePort === undefined || routePort === port;
          });
          const { defaultAction, mapped } = mapRoutes(onListener, proto.routeType, (node, p) => targetGroup(node, vs, p ?? nodePort(nodes.get(node), port)), report);
          listenerResources.push({ name: listener, spec: { protocol: proto.listener, port, defaultAction }, from: router! });
          for (const m of mapped) rules.push({ parent: `${service}/${listener}`, name: latticeName([m.route.name], NAME_RULES.Rule), spec: m.spec, from: m.route });
        }
      } else {
        report(vs, { path: ['spec'], feature: 'virtual service without a provider', reason: 'a Lattice service needs a listener that forwards somewhere; give the virtual service a provider' });
      }

      if (listenerResources.length === 0) {
        if (provider) report(vs, { path: ['spec', 'provider'], feature: 'virtual service', reason: 'none of its provider\'s listeners can be served by Lattice (see its other entries): it gets no Lattice service' });
        // Nothing reaches it: no service (its target groups, if any were derived, go too).
        const dropped = out.splice(before);
        for (const d of dropped.filter(ofKind('TargetGroup'))) targetGroups.delete(d.name);
        continue;
      }
      add('LatticeService', service, { customDomainName: vs.name, authType: lattice.authType }, vs);
      add('ServiceNetworkServiceAssociation', service, {}, vs, network);
      for (const l of listenerResources) add('Listener', l.name, l.spec, l.from, service);
      for (const r of rules) add('Rule', r.name, r.spec, r.from, r.parent);
    }
  }

  if (vpc === undefined && out.some(ofKind('TargetGroup'))) {
    problems.push({ message: 'lattice.vpcs is empty: Lattice target groups of type IP live in a VPC (the first of lattice.vpcs); add the VPC your tasks run in' });
  }
  // Two App Mesh names that make one Lattice name would be one resource: refuse rather than merge them.
  const seen = new Map<string, DesiredResource>();
  for (const r of out) {
    const id = resourceId(r);
    const first = seen.get(id);
    if (first && first.tags[SOURCE_TAG] !== r.tags[SOURCE_TAG]) {
      problems.push({ message: `${first.tags[SOURCE_TAG]} and ${r.tags[SOURCE_TAG]} both map to ${resourceLabel(r)}; rename one of them`, source: r.source });
    }
    if (!first) seen.set(id, r);
  }
  return {
    resources: [...seen.values()],
    notCarried: notCarried.sort((a, b) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line || a.column - b.column)),
    registrations: [...registrations.values()].sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0)),
    problems,
  };
}

function plainTcpReason(protocol: string): string {
  return protocol === 'tcp'
    ? 'Lattice services serve HTTP, HTTPS and TLS passthrough only: plain TCP has no counterpart (TLS traffic can use a TLS_PASSTHROUGH listener, without weights)'
    : `Lattice listeners take HTTP, HTTPS or TLS passthrough, not ${protocol}`;
}

function listenerName(protocol: string, port: number): string {
  return latticeName([`${protocol.toLowerCase()}-${port}`], NAME_RULES.Listener);
}

function nodePort(node: DesiredResource | undefined, fallback: number): number {
  const first = obj(list(node?.spec.listeners)[0]);
  const port = obj(first?.portMapping)?.port;
  return typeof port === 'number' ? port : fallback;
}

function forward(targetGroups: { targetGroup: string; weight: number }[]): JsonObject {
  return { forward: { targetGroups } };
}

/** What a listener does when no rule matches: App Mesh answers 404 when no route matches. */
const NOT_FOUND: JsonObject = { fixedResponse: { statusCode: 404 } };

interface MappedRoute {
  route: DesiredResource;
  spec: JsonObject;
}

/**
 * A router's routes on one listener: in App Mesh order (priority, then the most specific match
 * first), each made a rule, the first catch-all made the default action; routes after a catch-all
 * are never reached in App Mesh and are not carried over.
 */
function mapRoutes(
  routes: DesiredResource[],
  type: RouteType,
  targetGroupOf: (node: string, port: number | undefined) => string | undefined,
  report: (r: DesiredResource, loss: Loss) => void,
): { defaultAction: JsonObject; mapped: MappedRoute[] } {
  const ordered = [...routes].sort((a, b) => {
    const pa = a.spec.priority;
    const pb = b.spec.priority;
    if (typeof pa === 'number' || typeof pb === 'number') {
      if (typeof pa !== 'number') return 1;
      if (typeof pb !== 'number') return -1;
      if (pa !== pb) return pa - pb;
    } else {
      const sa = specificity(type, obj(a.spec[type])!);
      const sb = specificity(type, obj(b.spec[type])!);
      for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return sb[i] - sa[i];
    }
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
  let defaultAction: JsonObject | undefined;
  let catchAllRoute: DesiredResource | undefined;
  const mapped: MappedRoute[] = [];
  let unprioritized = 0;
  // Lattice priorities are unique per listener: equal App Mesh priorities (ordered by name) take the next free one.
  let last = 0;
  for (const route of ordered) {
    const body = obj(route.spec[type])!;
    for (const loss of droppedRouteFields(type, body)) report(route, loss);
    if (catchAllRoute) {
      report(route, { path: ['spec'], feature: 'route after a catch-all', reason: `App Mesh never reaches it: Route ${catchAllRoute.name} before it matches every request` });
      continue;
    }
    const losses: Loss[] = [];
    const match = mapRouteMatch(type as Exclude<RouteType, 'tcpRoute'>, body, losses);
    if (losses.length) {
      for (const loss of losses) report(route, { ...loss, reason: `${loss.reason}; this route is not carried over` });
      continue;
    }
    const targets: { targetGroup: string; weight: number }[] = [];
    for (const t of list(obj(body.action)?.weightedTargets)) {
      const target = obj(t) ?? {};
      const tg = targetGroupOf(String(target.virtualNode), typeof target.port === 'number' ? target.port : undefined);
      if (tg) targets.push({ targetGroup: tg, weight: Number(target.weight) });
    }
    if (targets.length === 0) continue;
    const action = forward(targets);
    if (match.catchAll) {
      defaultAction = action;
      catchAllRoute = route;
      continue;
    }
    const priority = Math.max(last + 1, typeof route.spec.priority === 'number' ? route.spec.priority + 1 : UNPRIORITIZED_BASE + unprioritized++);
    last = priority;
    mapped.push({ route, spec: { priority, match: { httpMatch: match.httpMatch }, action } });
  }
  return { defaultAction: defaultAction ?? NOT_FOUND, mapped };
}

/**
 * Lattice's health check for what a request leaves out; sent whole, so that what Lattice stores is
 * exactly what the plan compares (an update resets omitted fields to these).
 */
const LATTICE_HEALTH_CHECK_DEFAULTS: JsonObject = {
  protocol: 'HTTP', protocolVersion: 'HTTP1', path: '/', healthCheckIntervalSeconds: 30, healthCheckTimeoutSeconds: 5, healthyThresholdCount: 5, unhealthyThresholdCount: 2, matcher: { httpCode: '200' },
};

/** App Mesh health check → Lattice target group health check (seconds, clamped to Lattice's ranges). */
function healthCheck(hc: JsonObject | undefined): JsonObject {
  if (!hc) return { enabled: false, ...LATTICE_HEALTH_CHECK_DEFAULTS };
  const seconds = (ms: JsonValue | undefined, min: number, max: number) => Math.min(max, Math.max(min, Math.ceil(Number(ms ?? 0) / 1000)));
  const protocol = String(hc.protocol);
  const interval = seconds(hc.intervalMillis, 5, 300);
  const out: JsonObject = {
    ...LATTICE_HEALTH_CHECK_DEFAULTS,
    enabled: protocol === 'http' || protocol === 'http2',
    protocolVersion: protocol === 'http2' ? 'HTTP2' : 'HTTP1',
    healthCheckIntervalSeconds: interval,
    // Lattice wants the timeout below the interval.
    healthCheckTimeoutSeconds: Math.min(interval - 1, seconds(hc.timeoutMillis, 1, 120)),
    healthyThresholdCount: Math.min(10, Math.max(2, Number(hc.healthyThreshold ?? 2))),
    unhealthyThresholdCount: Math.min(10, Math.max(2, Number(hc.unhealthyThreshold ?? 2))),
  };
  if (typeof hc.path === 'string') out.path = hc.path;
  if (typeof hc.port === 'number') out.port = hc.port;
  return out;
}

function cloudMapOf(node: DesiredResource): Pick<TargetRegistration, 'cloudMap'> {
  const cm = obj(obj(node.spec.serviceDiscovery)?.awsCloudMap);
  if (!cm) return {};
  const attributes: Record<string, string> = {};
  for (const a of list(cm.attributes)) {
    const attr = obj(a);
    if (attr) attributes[String(attr.key)] = String(attr.value);
  }
  return { cloudMap: { namespace: String(cm.namespaceName), service: String(cm.serviceName), attributes } };
}

/** What each declared kind loses on Lattice, beyond what its mapping reports as it goes. */
type Report = (r: DesiredResource, loss: Omit<Loss, 'path'> & { path?: Loss['path'] }) => void;

const KIND_REPORTS: Partial<Record<Kind, (r: DesiredResource, report: Report) => void>> = {
  VirtualGateway: reportGateway,
  GatewayRoute: reportGateway,
  VirtualNode: reportNode,
};

function reportGateway(r: DesiredResource, report: Report): void {
  report(r, {
    feature: kindWord(r.kind),
    reason: 'Lattice has no gateway: reach a Lattice service through a service network VPC endpoint, or a load balancer and proxy in front (rewrites move into the app or the proxy)',
  });
}

function reportMesh(mesh: DesiredResource, report: (r: DesiredResource, loss: Loss) => void): void {
  if (obj(mesh.spec.egressFilter)?.type === 'DROP_ALL') {
    report(mesh, { path: ['spec', 'egressFilter'], feature: 'egress filter', reason: 'Lattice authorizes on the callee side (auth policies, security groups); it has no list of where a client may call' });
  }
  if (obj(mesh.spec.serviceDiscovery)?.ipPreference !== undefined) {
    report(mesh, { path: ['spec', 'serviceDiscovery', 'ipPreference'], feature: 'IP preference', reason: 'target groups are IPv4 (ipAddressType); the mesh-wide preference has no counterpart' });
  }
}

function reportNode(node: DesiredResource, report: (r: DesiredResource, loss: Loss) => void): void {
  list(node.spec.listeners).forEach((l, i) => {
    const listener = obj(l) ?? {};
    const at = ['spec', 'listeners', i];
    if (listener.tls !== undefined) report(node, { path: [...at, 'tls'], feature: 'listener TLS', reason: 'Lattice terminates TLS itself; it has no TLS between proxies (use authType AWS_IAM, or HTTPS target groups)' });
    if (listener.timeout !== undefined) report(node, { path: [...at, 'timeout'], feature: 'listener timeout', reason: 'Lattice has no configurable timeouts' });
    if (listener.outlierDetection !== undefined) report(node, { path: [...at, 'outlierDetection'], feature: 'outlier detection', reason: 'Lattice has none; its active health checks take unhealthy targets out' });
    if (listener.connectionPool !== undefined) report(node, { path: [...at, 'connectionPool'], feature: 'connection pool', reason: 'Lattice has no connection limits' });
    const hc = obj(listener.healthCheck);
    if (hc && hc.protocol !== 'http' && hc.protocol !== 'http2') {
      report(node, { path: [...at, 'healthCheck', 'protocol'], feature: `${String(hc.protocol)} health check`, reason: 'Lattice health checks use HTTP/1.1 or HTTP/2 requests; the target group\'s check is disabled' });
    }
  });
  if (node.spec.backends !== undefined || node.spec.backendDefaults !== undefined) {
    report(node, { path: ['spec', node.spec.backends !== undefined ? 'backends' : 'backendDefaults'], feature: 'backends', reason: 'Lattice authorizes on the callee side: express who may call a service with authType AWS_IAM and auth policies' });
  }
  if (node.spec.logging !== undefined) {
    report(node, { path: ['spec', 'logging'], feature: 'access log', reason: 'Lattice writes access logs per service or service network (access-log subscriptions to CloudWatch Logs, S3 or Firehose), not to a file' });
  }
  if (obj(node.spec.serviceDiscovery)?.dns !== undefined) {
    report(node, { path: ['spec', 'serviceDiscovery', 'dns'], feature: 'DNS service discovery', reason: 'Lattice targets are IPs, instances, Lambda functions or load balancers: register the node\'s targets in its target group yourself' });
  }
}

function documentPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out;
}
