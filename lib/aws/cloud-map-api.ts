import {
  CreateHttpNamespaceCommand, CreatePrivateDnsNamespaceCommand, CreatePublicDnsNamespaceCommand, CreateServiceCommand,
  DeleteNamespaceCommand, DeleteServiceCommand, GetNamespaceCommand, GetOperationCommand, GetServiceCommand, ListInstancesCommand, ListNamespacesCommand, ListServicesCommand,
  ListTagsForResourceCommand, type ServiceDiscoveryClient, TagResourceCommand, UntagResourceCommand,
  UpdateHttpNamespaceCommand, UpdatePrivateDnsNamespaceCommand, UpdatePublicDnsNamespaceCommand, UpdateServiceCommand,
  type CreateServiceCommandInput, type HealthCheckConfig, type PrivateDnsNamespaceProperties, type PrivateDnsNamespacePropertiesChange,
  type PublicDnsNamespaceProperties, type PublicDnsNamespacePropertiesChange, type ServiceChange, type DnsRecord, type Operation,
} from '@aws-sdk/client-servicediscovery';
import { documentShapes, fromWireNames, toWireNames } from '../api-model';
import type { JsonObject } from '../resources/json';
import { isJsonObject } from '../resources/json';
import type { Tags } from '../resources/types';
import type { CallPolicy } from './call-policy';
import { AwsCallError, CloudMapOperationError, isNotFound } from './errors';

type Row = Record<string, unknown>;

export interface CloudMapNamespaceInfo {
  id: string;
  arn: string;
  name: string;
  type: string;
  /** Document form: `{ type, description?, properties? }` (the API never returns `vpc`). */
  spec: JsonObject;
  resourceOwner?: string;
  serviceCount?: number;
}

export interface CloudMapServiceInfo {
  id: string;
  arn: string;
  name: string;
  namespaceId: string;
  /** Document form: `{ description?, dnsConfig?, healthCheckConfig?, healthCheckCustomConfig?, type? }`. */
  spec: JsonObject;
  instanceCount?: number;
  resourceOwner?: string;
}

/** A Cloud Map instance as ListInstances answers it. */
export interface CloudMapInstance {
  id: string;
  attributes: Record<string, string>;
}

export interface WaitOptions {
  timeoutMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function clean(value: unknown): JsonObject {
  return JSON.parse(JSON.stringify(value ?? {})) as JsonObject;
}

export function namespaceSpecFromWire(summary: Row): JsonObject {
  const spec: JsonObject = { type: String(summary.Type) };
  if (typeof summary.Description === 'string' && summary.Description !== '') spec.description = summary.Description;
  const props = fromWireNames(documentShapes, 'CloudMap.PrivateDnsNamespaceProperties', summary.Properties) as JsonObject | undefined;
  // Only a DNS namespace's SOA TTL has a document form (HTTP namespaces carry HttpProperties, and
  // may carry an empty DnsProperties).
  const soa = props && isJsonObject(props.dnsProperties) && isJsonObject(props.dnsProperties.soa) ? props.dnsProperties.soa : undefined;
  if (soa && typeof soa.ttl === 'number') spec.properties = { dnsProperties: { soa: { ttl: soa.ttl } } };
  return spec;
}

export function serviceSpecFromWire(service: Row): JsonObject {
  const spec = clean(fromWireNames(documentShapes, 'CloudMapServiceSpec', service));
  // A DnsConfig carrying only the deprecated NamespaceId has no document form.
  if (isJsonObject(spec.dnsConfig) && spec.dnsConfig.dnsRecords === undefined) delete spec.dnsConfig;
  return spec;
}

/** Cloud Map operations shaped for the live reader and the applier; asynchronous ones are awaited. */
export class CloudMapApi {
  constructor(
    private readonly client: ServiceDiscoveryClient,
    private readonly policy: CallPolicy,
    private readonly wait: WaitOptions = {},
  ) {}

  /** One call through the policy, typed by the SDK's own input and output shapes; failures name the action. */
  private async send<T>(action: string, call: () => Promise<T>): Promise<T> {
    try {
      return await this.policy.call(call);
    } catch (err) {
      throw new AwsCallError(action, err);
    }
  }

  async listNamespaces(): Promise<CloudMapNamespaceInfo[]> {
    const out: CloudMapNamespaceInfo[] = [];
    let token: string | undefined;
    do {
      const page = await this.send('listing Cloud Map namespaces', () => this.client.send(new ListNamespacesCommand({ MaxResults: 100, ...(token ? { NextToken: token } : {}) })));
      for (const n of page.Namespaces ?? []) {
        out.push({ id: String(n.Id), arn: String(n.Arn), name: String(n.Name), type: String(n.Type), spec: namespaceSpecFromWire({ ...n }), ...(n.ResourceOwner ? { resourceOwner: String(n.ResourceOwner) } : {}), ...(typeof n.ServiceCount === 'number' ? { serviceCount: n.ServiceCount } : {}) });
      }
      token = page.NextToken ? String(page.NextToken) : undefined;
    } while (token);
    return out;
  }

  /** Services of one namespace. Filtering happens after paging, so a page may be empty while more follow. */
  async listServices(namespaceId: string): Promise<CloudMapServiceInfo[]> {
    const out: CloudMapServiceInfo[] = [];
    let token: string | undefined;
    do {
      const page = await this.send(`listing the Cloud Map services of ${namespaceId}`, () =>
        this.client.send(new ListServicesCommand({ MaxResults: 100, Filters: [{ Name: 'NAMESPACE_ID', Values: [namespaceId], Condition: 'EQ' }], ...(token ? { NextToken: token } : {}) })),
      );
      for (const s of page.Services ?? []) out.push(this.serviceInfo({ ...s }, namespaceId));
      token = page.NextToken ? String(page.NextToken) : undefined;
    } while (token);
    return out;
  }

  /** The instances registered in a service (every page): their id and attributes. */
  async listInstances(serviceId: string): Promise<CloudMapInstance[]> {
    const out: CloudMapInstance[] = [];
    let token: string | undefined;
    do {
      const page = await this.send(`listing the instances of Cloud Map service ${serviceId}`, () => this.client.send(new ListInstancesCommand({ ServiceId: serviceId, MaxResults: 100, ...(token ? { NextToken: token } : {}) })));
      for (const i of page.Instances ?? []) out.push({ id: String(i.Id), attributes: { ...(i.Attributes ?? {}) } });
      token = page.NextToken ? String(page.NextToken) : undefined;
    } while (token);
    return out;
  }

  private serviceInfo(s: Row, namespaceId: string): CloudMapServiceInfo {
    return {
      id: String(s.Id),
      arn: String(s.Arn),
      name: String(s.Name),
      namespaceId: String(s.NamespaceId ?? namespaceId),
      spec: serviceSpecFromWire(s),
      ...(typeof s.InstanceCount === 'number' ? { instanceCount: s.InstanceCount } : {}),
      ...(s.ResourceOwner ? { resourceOwner: String(s.ResourceOwner) } : {}),
    };
  }

  async getNamespace(id: string): Promise<CloudMapNamespaceInfo | undefined> {
    try {
      const out = await this.policy.call(() => this.client.send(new GetNamespaceCommand({ Id: id })));
      const n: Row = { ...out.Namespace };
      return { id: String(n.Id), arn: String(n.Arn), name: String(n.Name), type: String(n.Type), spec: namespaceSpecFromWire(n), ...(n.ResourceOwner ? { resourceOwner: String(n.ResourceOwner) } : {}) };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw new AwsCallError(`reading Cloud Map namespace ${id}`, err);
    }
  }

  async getService(id: string): Promise<CloudMapServiceInfo | undefined> {
    try {
      const out = await this.policy.call(() => this.client.send(new GetServiceCommand({ Id: id })));
      const s: Row = { ...out.Service };
      return this.serviceInfo(s, String(s.NamespaceId ?? ''));
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw new AwsCallError(`reading Cloud Map service ${id}`, err);
    }
  }

  /** Creates a namespace and waits for the operation; returns the new namespace's id. */
  async createNamespace(name: string, spec: JsonObject, tags: Tags, creatorRequestId: string): Promise<string> {
    const wire = namespaceWire(spec);
    const base = { Name: name, CreatorRequestId: creatorRequestId, Tags: toTagList(tags), ...(wire.Description !== undefined ? { Description: wire.Description } : {}) };
    const action = `creating Cloud Map namespace ${name}`;
    const out = await this.send(action, () =>
      spec.type === 'HTTP'
        ? this.client.send(new CreateHttpNamespaceCommand(base))
        : spec.type === 'DNS_PRIVATE'
          ? this.client.send(new CreatePrivateDnsNamespaceCommand({ ...base, Vpc: wire.Vpc, ...(wire.Properties ? { Properties: wire.Properties as PrivateDnsNamespaceProperties } : {}) }))
          : this.client.send(new CreatePublicDnsNamespaceCommand({ ...base, ...(wire.Properties ? { Properties: wire.Properties as PublicDnsNamespaceProperties } : {}) })),
    );
    const operation = await this.waitForOperation(String(out.OperationId), action);
    return String(operation.Targets?.NAMESPACE ?? '');
  }

  async updateNamespace(id: string, name: string, spec: JsonObject, updaterRequestId: string): Promise<void> {
    const wire = namespaceWire(spec);
    const action = `updating Cloud Map namespace ${name}`;
    // UpdateHttpNamespace requires a description; an empty one clears it.
    const description = wire.Description ?? '';
    const out = await this.send(action, () =>
      spec.type === 'HTTP'
        ? this.client.send(new UpdateHttpNamespaceCommand({ Id: id, UpdaterRequestId: updaterRequestId, Namespace: { Description: description } }))
        : spec.type === 'DNS_PRIVATE'
          ? this.client.send(new UpdatePrivateDnsNamespaceCommand({ Id: id, UpdaterRequestId: updaterRequestId, Namespace: { Description: description, ...(wire.Properties ? { Properties: wire.Properties as PrivateDnsNamespacePropertiesChange } : {}) } }))
          : this.client.send(new UpdatePublicDnsNamespaceCommand({ Id: id, UpdaterRequestId: updaterRequestId, Namespace: { Description: description, ...(wire.Properties ? { Properties: wire.Properties as PublicDnsNamespacePropertiesChange } : {}) } })),
    );
    await this.waitForOperation(String(out.OperationId), action);
  }

  /** Deleting what is already gone succeeds (a retried delete must converge). */
  async deleteNamespace(id: string, name: string): Promise<void> {
    const action = `deleting Cloud Map namespace ${name}`;
    let out;
    try {
      out = await this.policy.call(() => this.client.send(new DeleteNamespaceCommand({ Id: id })));
    } catch (err) {
      if (isNotFound(err)) return;
      throw new AwsCallError(action, err);
    }
    await this.waitForOperation(String(out.OperationId), action);
  }

  async createService(namespaceId: string, name: string, spec: JsonObject, tags: Tags, creatorRequestId: string): Promise<CloudMapServiceInfo> {
    // The document form becomes the API's members by the service model's own names (toWireNames).
    const wire = toWireNames(documentShapes, 'CloudMapServiceSpec', spec) as Omit<CreateServiceCommandInput, 'Name'>;
    const out = await this.send(`creating Cloud Map service ${name}`, () => this.client.send(new CreateServiceCommand({ ...wire, Name: name, NamespaceId: namespaceId, CreatorRequestId: creatorRequestId, Tags: toTagList(tags) })));
    return this.serviceInfo({ ...out.Service }, namespaceId);
  }

  /** UpdateService replaces DnsRecords and HealthCheckConfig (omitted ones are deleted); asynchronous. */
  async updateService(id: string, name: string, spec: JsonObject): Promise<void> {
    const wire = toWireNames(documentShapes, 'CloudMapServiceSpec', spec) as { Description?: string; DnsConfig?: { DnsRecords?: DnsRecord[] }; HealthCheckConfig?: HealthCheckConfig };
    const dns = wire.DnsConfig;
    const change: ServiceChange = {
      Description: wire.Description ?? '',
      ...(dns ? { DnsConfig: { DnsRecords: dns.DnsRecords } } : {}),
      ...(wire.HealthCheckConfig ? { HealthCheckConfig: wire.HealthCheckConfig } : {}),
    };
    const action = `updating Cloud Map service ${name}`;
    const out = await this.send(action, () => this.client.send(new UpdateServiceCommand({ Id: id, Service: change })));
    await this.waitForOperation(String(out.OperationId), action);
  }

  async deleteService(id: string, name: string): Promise<void> {
    try {
      await this.policy.call(() => this.client.send(new DeleteServiceCommand({ Id: id })));
    } catch (err) {
      if (isNotFound(err)) return;
      throw new AwsCallError(`deleting Cloud Map service ${name}`, err);
    }
  }

  /** Polls GetOperation until SUCCESS or FAIL (there is no SDK waiter; Terraform waits up to 5 minutes). */
  async waitForOperation(operationId: string, action: string): Promise<Operation> {
    const timeoutMs = this.wait.timeoutMs ?? 5 * 60_000;
    const sleep = this.wait.sleep ?? realSleep;
    const now = this.wait.now ?? Date.now;
    const started = now();
    let delay = this.wait.pollMs ?? 50;
    for (;;) {
      let operation: Operation;
      try {
        const out = await this.policy.call(() => this.client.send(new GetOperationCommand({ OperationId: operationId })));
        operation = out.Operation ?? {};
      } catch (err) {
        // Just-created operations can be briefly unknown (Terraform keeps polling on OperationNotFound).
        if (!isNotFound(err) || now() - started > timeoutMs) throw new AwsCallError(`${action} (operation ${operationId})`, err);
        operation = { Status: 'SUBMITTED' };
      }
      if (operation.Status === 'SUCCESS') return operation;
      if (operation.Status === 'FAIL') {
        throw new CloudMapOperationError(`${action}: Cloud Map operation ${operationId} failed: ${String(operation.ErrorCode ?? 'FAIL')}: ${String(operation.ErrorMessage ?? '')}`.trim(), operationId, operation.ErrorCode);
      }
      if (now() - started > timeoutMs) {
        throw new CloudMapOperationError(`${action}: Cloud Map operation ${operationId} still ${String(operation.Status)} after ${Math.round(timeoutMs / 1000)} s`, operationId);
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 2_000);
    }
  }

  async listTags(arn: string): Promise<Tags> {
    const out = await this.send(`reading the tags of ${arn}`, () => this.client.send(new ListTagsForResourceCommand({ ResourceARN: arn })));
    const tags: Tags = {};
    for (const t of out.Tags ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
    return tags;
  }

  async tag(arn: string, tags: Tags): Promise<void> {
    if (Object.keys(tags).length === 0) return;
    await this.send(`tagging ${arn}`, () => this.client.send(new TagResourceCommand({ ResourceARN: arn, Tags: toTagList(tags) })));
  }

  async untag(arn: string, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.send(`untagging ${arn}`, () => this.client.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: keys })));
  }
}

/** A namespace's document form in the API's member names (toWireNames follows the service model). */
function namespaceWire(spec: JsonObject): { Description?: string; Vpc?: string; Properties?: unknown } {
  return toWireNames(documentShapes, 'CloudMapNamespaceSpec', spec) as { Description?: string; Vpc?: string; Properties?: unknown };
}

function toTagList(tags: Tags): { Key: string; Value: string }[] {
  return Object.keys(tags).sort().map((Key) => ({ Key, Value: tags[Key] }));
}
