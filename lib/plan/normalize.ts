/**
 * Normalization: every rule that makes a declared spec and a live spec comparable lives here,
 * one rule per entry, each with its evidence (docs/aws-behaviour.md §6 and §10.7). A freshly applied repo must
 * plan to zero changes, so both sides go through the same rules.
 */
import { documentShapes } from '../api-model';
import type { Shape } from '../api-model/types';
import type { JsonObject, JsonValue } from '../resources/json';
import { canonicalJson, isJsonObject, valueAt as at } from '../resources/json';
import type { NormalizationRule } from '../resources/kind-entry';
import { KIND_INFO, type Kind } from '../resources/kinds';
import { isAwsTag } from '../resources/tags';

/**
 * Lists whose order carries no meaning (sets), by list shape name, with the key that identifies an
 * element. Describe may return them in another order or de-duplicated (roadmap #170, controller #785);
 * Terraform models them as sets.
 */
export const SET_LISTS: Partial<Record<string, (item: JsonValue) => string>> = {
  Backends: (b) => str(at(b, 'virtualService', 'virtualServiceName')),
  WeightedTargets: (t) => keyOf(t, ['virtualNode', 'port']),
  Listeners: (l) => `${str(at(l, 'portMapping', 'port'))}/${str(at(l, 'portMapping', 'protocol'))}`,
  VirtualRouterListeners: (l) => `${str(at(l, 'portMapping', 'port'))}/${str(at(l, 'portMapping', 'protocol'))}`,
  VirtualGatewayListeners: (l) => `${str(at(l, 'portMapping', 'port'))}/${str(at(l, 'portMapping', 'protocol'))}`,
  // Header, query and metadata matches must all match: a set. Two matches may share a name.
  HttpRouteHeaders: (h) => `${str(at(h, 'name'))} ${canonicalJson(at(h, 'match'))}`,
  HttpGatewayRouteHeaders: (h) => `${str(at(h, 'name'))} ${canonicalJson(at(h, 'match'))}`,
  HttpQueryParameters: (q) => `${str(at(q, 'name'))} ${canonicalJson(at(q, 'match'))}`,
  GrpcRouteMetadataList: (m) => `${str(at(m, 'name'))} ${canonicalJson(at(m, 'match'))}`,
  GrpcGatewayRouteMetadataList: (m) => `${str(at(m, 'name'))} ${canonicalJson(at(m, 'match'))}`,
  AwsCloudMapInstanceAttributes: (a) => str(at(a, 'key')),
  PortSet: (p) => String(p).padStart(5, '0'),
  SubjectAlternativeNameList: (s) => str(s),
  CertificateAuthorityArns: (s) => str(s),
  VirtualGatewayCertificateAuthorityArns: (s) => str(s),
  HttpRetryPolicyEvents: (s) => str(s),
  TcpRetryPolicyEvents: (s) => str(s),
  GrpcRetryPolicyEvents: (s) => str(s),
  'CloudMap.DnsRecordList': (r) => str(at(r, 'type')),
  'Lattice.WeightedTargetGroups': (t) => str(at(t, 'targetGroup')),
  'Lattice.HeaderMatchList': (h) => `${str(at(h, 'name'))} ${canonicalJson(at(h, 'match'))}`,
  'Lattice.SecurityGroupIds': (s) => str(s),
  'Lattice.Targets': (t) => `${str(at(t, 'id'))}:${String(at(t, 'port')).padStart(5, '0')}`,
};

/** A readable selector for a set element in diff paths: `virtualNode=search-v2`, `port=8080/http`. */
export function setElementLabel(listShape: string, item: JsonValue): string {
  switch (listShape) {
    case 'Backends':
      return `virtualServiceName=${str(at(item, 'virtualService', 'virtualServiceName'))}`;
    case 'WeightedTargets': {
      const port = at(item, 'port');
      return `virtualNode=${str(at(item, 'virtualNode'))}${port !== undefined ? `,port=${String(port)}` : ''}`;
    }
    case 'Listeners':
    case 'VirtualRouterListeners':
    case 'VirtualGatewayListeners':
      return `port=${str(at(item, 'portMapping', 'port'))}/${str(at(item, 'portMapping', 'protocol'))}`;
    case 'AwsCloudMapInstanceAttributes':
      return `key=${str(at(item, 'key'))}`;
    case 'CloudMap.DnsRecordList':
      return `type=${str(at(item, 'type'))}`;
    case 'Lattice.WeightedTargetGroups':
      return `targetGroup=${str(at(item, 'targetGroup'))}`;
    case 'Lattice.Targets':
      return `target=${str(at(item, 'id'))}:${String(at(item, 'port'))}`;
    default:
      if (isJsonObject(item) && 'name' in item) return `name=${str(item.name)}`;
      return str(item);
  }
}

/**
 * Values equal to a documented default that the API does not echo (docs/aws-behaviour.md §6, §10.7): absent and
 * the default mean the same, so the default is dropped on both sides.
 */
const DEFAULT_MEMBERS: Record<string, Record<string, JsonValue>> = {
  // ClientPolicyTls.enforce: "default true"; the controller sends nil without looping, so not echoed.
  ClientPolicyTls: { enforce: true },
  // Header/metadata `invert`: doc default false.
  HttpRouteHeader: { invert: false },
  HttpGatewayRouteHeader: { invert: false },
  GrpcRouteMetadata: { invert: false },
  GrpcGatewayRouteMetadata: { invert: false },
  // DNS service discovery responseType: "treated as LOADBALANCER when absent".
  DnsServiceDiscovery: { responseType: 'LOADBALANCER' },
  // Cloud Map DnsConfig.RoutingPolicy: Terraform defaults MULTIVALUE.
  'CloudMap.DnsConfig': { routingPolicy: 'MULTIVALUE' },
  // HealthCheckCustomConfig.FailureThreshold "is always set to 1" (TF #44285: `{}` vs `{FailureThreshold:1}`).
  'CloudMap.HealthCheckCustomConfig': { failureThreshold: 1 },
};

const LOWER_CASED_NAMES = new Set(['GrpcRouteMetadata', 'GrpcGatewayRouteMetadata']);

/** Members dropped from comparison entirely. */
const IGNORED_MEMBERS: Record<string, string[]> = {
  // The API never returns a namespace's VPC; a VPC change is detected against the last-applied record.
  CloudMapNamespaceSpec: ['vpc'],
};

/**
 * Values the server fills when the request omits them, as JSON pointers: when Git omits one, the
 * live value stands (like an ignore rule) instead of showing as a difference. Each kind's list, with
 * its evidence, is its registry entry's `normalization.serverFilledWhenOmitted`.
 */
export const SERVER_FILLED_WHEN_OMITTED: Partial<Record<Kind, string[]>> = Object.fromEntries(
  (Object.keys(KIND_INFO) as Kind[]).filter((k) => KIND_INFO[k].normalization.serverFilledWhenOmitted.length).map((k) => [k, [...KIND_INFO[k].normalization.serverFilledWhenOmitted]]),
);

export interface NormalizeContext {
  /** For CloudMapService: the type of its namespace (HTTP, DNS_PRIVATE, DNS_PUBLIC). */
  namespaceType?: string;
}

/** The canonical form of a spec, for comparison only (what is sent to AWS is the spec as written). */
export function normalizeSpec(kind: Kind, spec: JsonObject, context: NormalizeContext = {}): JsonObject {
  const shapeName = KIND_INFO[kind].specShape;
  const out = (normalizeValue(shapeName, spec) ?? {}) as JsonObject;
  for (const rule of KIND_INFO[kind].normalization.rules) KIND_RULES[rule](out, context);
  return out;
}

/** The rules a kind's registry entry names (`normalization.rules`), beyond the shape tables. */
const KIND_RULES: Record<NormalizationRule, (spec: JsonObject, context: NormalizeContext) => void> = {
  'health-check-ports': (spec) => fillHealthCheckPorts(spec),
  'cloud-map-service-type': (spec, context) => normalizeServiceType(spec, context.namespaceType),
};

const NO_DEFAULTS: Record<string, JsonValue> = {};
const NONE_IGNORED: string[] = [];

// Runs for every member of every spec on both sides of a plan (≈ 60,000 values at quota size), so
// it allocates nothing it does not return.
function normalizeValue(shapeName: string, value: JsonValue | undefined): JsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  // Scalars are kept as they are, whatever their shape.
  if (typeof value !== 'object') return value;
  const shape: Shape | undefined = documentShapes[shapeName];
  if (!shape) return value;
  if (shape.type === 'structure' && isJsonObject(value)) {
    const out: JsonObject = {};
    const defaults = DEFAULT_MEMBERS[shapeName] ?? NO_DEFAULTS;
    const ignored = IGNORED_MEMBERS[shapeName] ?? NONE_IGNORED;
    for (const key of Object.keys(value).sort()) {
      if (ignored.includes(key)) continue;
      const member = shape.members?.[key];
      const child = member ? normalizeValue(member.shape, value[key]) : value[key];
      if (child === undefined) continue;
      if (key in defaults && defaults[key] === child) continue; // every default is a primitive
      // An empty description is the same as none.
      if (child === '' && key === 'description') continue;
      // gRPC metadata names come back in lower case (the create-route CLI example sends `myMetadata`
      // and AWS answers `mymetadata`): compare them case-insensitively.
      if (key === 'name' && LOWER_CASED_NAMES.has(shapeName) && typeof child === 'string') {
        out[key] = child.toLowerCase();
        continue;
      }
      out[key] = child;
    }
    return out;
  }
  if (shape.type === 'list' && Array.isArray(value)) {
    const itemShape = shape.member!.shape;
    const items: JsonValue[] = [];
    for (const v of value) {
      const item = normalizeValue(itemShape, v);
      if (item !== undefined) items.push(item);
    }
    // Absent and empty lists are the same (the controller's EquateEmpty; Describe returns `backends: []`).
    if (items.length === 0) return undefined;
    const keyOfItem = SET_LISTS[shapeName];
    if (!keyOfItem) return items;
    const unique = new Map<string, JsonValue>();
    for (const item of items) {
      const key = keyOfItem(item);
      if (!unique.has(key)) unique.set(key, item);
    }
    return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  }
  return value;
}

/**
 * Health-check `port` is filled by the server with the listener's port when omitted (Terraform:
 * Optional+Computed; CDK #14432), so an omitted port means the listener's.
 */
function fillHealthCheckPorts(spec: JsonObject): void {
  const listeners = spec.listeners;
  if (!Array.isArray(listeners)) return;
  for (const listener of listeners) {
    if (!isJsonObject(listener) || !isJsonObject(listener.healthCheck)) continue;
    const port = at(listener, 'portMapping', 'port');
    if (listener.healthCheck.port === undefined && typeof port === 'number') {
      listener.healthCheck = sortObject({ ...listener.healthCheck, port });
    }
  }
}

/**
 * Cloud Map service `Type` is computed by the server (HTTP in HTTP namespaces, DNS_HTTP in DNS
 * namespaces; docs/aws-behaviour.md §10.4/§10.7). Only `HTTP` in a DNS namespace is a choice worth comparing.
 */
function normalizeServiceType(spec: JsonObject, namespaceType: string | undefined): void {
  if (spec.type === undefined) return;
  if (spec.type === 'DNS_HTTP' || spec.type === 'DNS' || namespaceType === 'HTTP') delete spec.type;
}

function sortObject(o: JsonObject): JsonObject {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

export function normalizeTags(tags: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(tags).sort()) if (!isAwsTag(k)) out[k] = tags[k];
  return out;
}

/** A value as text for a set key or a label: strings as they are, absent as '', anything else as canonical JSON. */
function str(v: JsonValue | undefined): string {
  return v === undefined || v === null ? '' : typeof v === 'string' ? v : canonicalJson(v);
}

function keyOf(item: JsonValue, fields: string[]): string {
  return fields.map((f) => str(at(item, f))).join('\u0000');
}
