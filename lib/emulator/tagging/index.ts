// lib/emulator/tagging: the emulated Resource Groups Tagging API (awsJson1_1), `GetResources` only.
// It owns no resources: every other emulated service contributes the ones it has tagged
// (`EmulatedService.taggedResources`), so a new service is listed by implementing that.
import { randomUUID } from 'node:crypto';
import type { EmulatedService, ServiceEnv, TaggedResource } from '../core/service';
import type { HandledRequest, WireRequest, WireResponse } from '../wire/types';
import { TagIndex } from './tag-index';

const TARGET_PREFIX = 'ResourceGroupsTaggingAPI_20170126.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
/** The operations of the API; only GetResources is emulated, the others answer that they are not. */
const KNOWN_OPERATIONS = new Set(['GetResources', 'GetTagKeys', 'GetTagValues', 'TagResources', 'UntagResources', 'GetComplianceSummary', 'DescribeReportCreation', 'StartReportCreation', 'ListRequiredTags']);
const MAX_PER_PAGE = 100;
const MAX_ARNS = 100;
const MAX_TAG_FILTERS = 50;
const MAX_FILTER_VALUES = 20;

export interface TaggingOptions {
  /** How long a tag change takes to reach GetResources (default 0: at once). */
  lagMs?: number;
}

class TaggingError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

const invalid = (message: string) => new TaggingError('InvalidParameterException', message);

function respond(statusCode: number, body: unknown, type?: string): WireResponse {
  return { statusCode, headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID(), ...(type ? { 'x-amzn-errortype': type } : {}) }, body: JSON.stringify(body) };
}

function errorResponse(err: TaggingError): WireResponse {
  return respond(err.statusCode, { __type: err.type, Message: err.message }, err.type);
}

function targetOf(request: WireRequest): string | undefined {
  const target = request.headers['x-amz-target'];
  return target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
}

/** `arn:partition:service:region:account:type/rest` → `service` and `service:type`. */
function typeOf(arn: string): { service: string; type: string } {
  // At most six parts: the sixth is the resource up to its next colon, all the type needs.
  const parts = arn.split(':', 6);
  const service = parts[2] ?? '';
  return { service, type: `${service}:${(parts[5] ?? '').split('/', 1)[0]}` };
}

interface GetResourcesInput {
  PaginationToken?: unknown;
  ResourceARNList?: unknown;
  ResourceTypeFilters?: unknown;
  ResourcesPerPage?: unknown;
  TagFilters?: unknown;
  TagsPerPage?: unknown;
  IncludeComplianceDetails?: unknown;
  ExcludeCompliantResources?: unknown;
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

interface Query {
  arns?: Set<string>;
  types?: string[];
  tagFilters: { key: string; values?: string[] }[];
  perPage: number;
  after?: string;
}

function parseQuery(input: GetResourcesInput): Query {
  const paging = input.PaginationToken !== undefined || input.ResourcesPerPage !== undefined || input.TagsPerPage !== undefined;
  let arns: Set<string> | undefined;
  if (input.ResourceARNList !== undefined) {
    if (!isStringList(input.ResourceARNList) || input.ResourceARNList.length < 1 || input.ResourceARNList.length > MAX_ARNS) throw invalid(`ResourceARNList must hold 1 to ${MAX_ARNS} ARNs`);
    if (paging) throw invalid('ResourceARNList cannot be combined with PaginationToken, ResourcesPerPage or TagsPerPage');
    arns = new Set(input.ResourceARNList);
  }
  let types: string[] | undefined;
  if (input.ResourceTypeFilters !== undefined) {
    if (!isStringList(input.ResourceTypeFilters)) throw invalid('ResourceTypeFilters must be a list of strings');
    for (const t of input.ResourceTypeFilters) if (!/^[a-z0-9-]+(:[A-Za-z0-9-]+)?$/.test(t)) throw invalid(`ResourceTypeFilters: ${JSON.stringify(t)} is not "service" or "service:resourceType"`);
    types = input.ResourceTypeFilters;
  }
  const tagFilters: Query['tagFilters'] = [];
  if (input.TagFilters !== undefined) {
    if (!Array.isArray(input.TagFilters) || input.TagFilters.length > MAX_TAG_FILTERS) throw invalid(`TagFilters must be a list of at most ${MAX_TAG_FILTERS} filters`);
    for (const [i, f] of (input.TagFilters as Record<string, unknown>[]).entries()) {
      if (typeof f?.Key !== 'string' || f.Key === '') throw invalid(`TagFilters[${i}].Key is required`);
      if (f.Values !== undefined && (!isStringList(f.Values) || f.Values.length > MAX_FILTER_VALUES)) throw invalid(`TagFilters[${i}].Values must be a list of at most ${MAX_FILTER_VALUES} strings`);
      tagFilters.push({ key: f.Key, ...(f.Values !== undefined && (f.Values as string[]).length > 0 ? { values: f.Values as string[] } : {}) });
    }
  }
  let perPage = MAX_PER_PAGE;
  if (input.ResourcesPerPage !== undefined) {
    if (!Number.isInteger(input.ResourcesPerPage) || (input.ResourcesPerPage as number) < 1 || (input.ResourcesPerPage as number) > MAX_PER_PAGE) throw invalid(`ResourcesPerPage must be an integer from 1 to ${MAX_PER_PAGE}`);
    perPage = input.ResourcesPerPage as number;
  }
  if (input.TagsPerPage !== undefined && (!Number.isInteger(input.TagsPerPage) || (input.TagsPerPage as number) < 100 || (input.TagsPerPage as number) > 500)) throw invalid('TagsPerPage must be an integer from 100 to 500');
  let after: string | undefined;
  if (input.PaginationToken !== undefined && input.PaginationToken !== '') {
    if (typeof input.PaginationToken !== 'string') throw invalid('PaginationToken must be a string');
    try {
      const decoded = JSON.parse(Buffer.from(input.PaginationToken, 'base64url').toString('utf8')) as { after?: unknown };
      if (typeof decoded.after !== 'string') throw new Error('no position');
      after = decoded.after;
    } catch {
      throw invalid('PaginationToken is not a token this API returned');
    }
  }
  return { ...(arns ? { arns } : {}), ...(types ? { types } : {}), tagFilters, perPage, ...(after !== undefined ? { after } : {}) };
}

function matches(resource: TaggedResource, query: Query): boolean {
  if (query.arns && !query.arns.has(resource.arn)) return false;
  if (query.types) {
    const { service, type } = typeOf(resource.arn);
    if (!query.types.some((t) => t === service || t === type)) return false;
  }
  // Filters are ANDed; a filter's values are ORed; a filter without values asks for the key only.
  return query.tagFilters.every((f) => Object.hasOwn(resource.tags, f.key) && (f.values === undefined || f.values.includes(resource.tags[f.key])));
}

/**
 * Pages are in ARN order and the token names the last ARN returned, so a page boundary stays put
 * while resources come and go between calls.
 */
export function getResources(all: TaggedResource[], input: GetResourcesInput): Record<string, unknown> {
  const query = parseQuery(input);
  const selected = all.filter((r) => (query.after === undefined || r.arn > query.after) && matches(r, query)).sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  const page = query.arns ? selected : selected.slice(0, query.perPage);
  const more = !query.arns && selected.length > page.length;
  return {
    ResourceTagMappingList: page.map((r) => ({ ResourceARN: r.arn, Tags: Object.keys(r.tags).sort().map((k) => ({ Key: k, Value: r.tags[k] })) })),
    // AWS answers an empty token on the last page.
    PaginationToken: more ? Buffer.from(JSON.stringify({ after: page[page.length - 1].arn }), 'utf8').toString('base64url') : '',
  };
}

export function createTaggingService(contributors: () => EmulatedService[], options: TaggingOptions = {}): EmulatedService {
  const index = new TagIndex(options.lagMs ?? 0);
  let serverErrors = 0;
  const collect = (env: ServiceEnv): TaggedResource[] =>
    env.store.read((state) => contributors().flatMap((s) => s.taggedResources?.(state, env) ?? []));
  return {
    name: 'tagging',
    matches: (request) => targetOf(request) !== undefined,
    operationOf: (request) => {
      const name = targetOf(request);
      return name !== undefined && KNOWN_OPERATIONS.has(name) ? name : undefined;
    },
    handle(request: WireRequest, env: ServiceEnv): HandledRequest {
      const name = targetOf(request) ?? 'Unknown';
      try {
        if (name !== 'GetResources') {
          const known = KNOWN_OPERATIONS.has(name);
          throw new TaggingError('UnknownOperationException', known ? `The emulator does not implement ${name}; only GetResources` : `Unknown operation ${name}`);
        }
        let input: unknown;
        try {
          input = request.body.trim() === '' ? {} : JSON.parse(request.body);
        } catch (err) {
          throw new TaggingError('SerializationException', `The request body is not valid JSON: ${(err as Error).message}`);
        }
        if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TaggingError('SerializationException', 'The request body must be a JSON object');
        const resources = index.view(collect(env), env.clock.now());
        return { operation: name, response: respond(200, getResources(resources, input as GetResourcesInput)) };
      } catch (err) {
        if (err instanceof TaggingError) return { operation: name, response: errorResponse(err) };
        return { operation: name, response: errorResponse(new TaggingError('InternalServiceException', `The emulator failed on ${name}: ${(err as Error).message}`, 500)) };
      }
    },
    throttled: (operation) => errorResponse(new TaggingError('ThrottledException', `Rate exceeded (${operation})`)),
    serverError: (operation) => errorResponse(serverErrors++ % 2 === 0 ? new TaggingError('InternalServiceException', `The request processing has failed because of an unknown error (${operation})`, 500) : new TaggingError('ServiceUnavailable', `The service is unavailable; try again (${operation})`, 503)),
  };
}
