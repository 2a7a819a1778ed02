import { TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-app-mesh';
import { applyPlan } from '../../lib/apply/apply-plan';
import { ManualClock } from '../../lib/emulator/core/clock';
import type { EmulatorOptions } from '../../lib/emulator/emulator';
import type { WireRequest, WireResponse } from '../../lib/emulator/wire/types';
import { SPOT_CHECK_SIZE } from '../../lib/live/bulk-tags';
import { readLive, type LiveReadOptions } from '../../lib/live/read-live';
import { buildPlan } from '../../lib/plan/build-plan';
import { OWNER_TAG } from '../../lib/resources/types';
import { canaryRepo, declared, OWNER, state } from '../support/builders';
import { emulatedAws } from '../support/emulated-aws';

const options = (extra: Partial<LiveReadOptions> = {}): LiveReadOptions => ({ owner: OWNER, meshes: ['watches'], namespaces: ['watches'], ...extra });
const repo = () => [...canaryRepo(), declared('CloudMapNamespace', 'watches', { type: 'HTTP' }), declared('CloudMapService', 'search', { description: 'search' }, { parent: 'watches', tags: { team: 'search' } })];
type Rewrite = (request: WireRequest, response: WireResponse) => WireResponse;

async function seeded(emulator: EmulatorOptions = {}, rewrite?: Rewrite) {
  const aws = emulatedAws(emulator, {}, rewrite);
  const live = await readLive(aws.apis, options());
  const result = await applyPlan(buildPlan({ desired: state(repo()), live: live.state }), { ...aws.apis, live: live.state });
  expect(result.status).toBe('applied');
  aws.emulator.resetCallStats();
  return aws;
}

/** GetResources answers passed through `edit` (every other answer untouched). */
const getResourcesAnswers =
  (edit: (list: { ResourceARN: string; Tags: { Key: string; Value: string }[] }[]) => unknown[]): Rewrite =>
  (request, response) => {
    if (!request.headers['x-amz-target']?.endsWith('.GetResources') || response.statusCode !== 200) return response;
    const body = JSON.parse(response.body) as { ResourceTagMappingList: never[] };
    return { ...response, body: JSON.stringify({ ...body, ResourceTagMappingList: edit(body.ResourceTagMappingList) }) };
  };

const tagsByName = (resources: { name: string; kind: string; tags: Record<string, string> }[]) => Object.fromEntries(resources.map((r) => [`${r.kind}/${r.name}`, r.tags]));

describe('reading tags in bulk', () => {
  it('reads every tag from GetResources pages and checks a few one by one', async () => {
    const aws = await seeded();
    const read = await readLive(aws.apis, options());
    const calls = aws.emulator.callStats().byOperation;
    expect(calls.GetResources).toBe(2); // one page per service (appmesh, servicediscovery)
    expect(calls.ListTagsForResource).toBe(SPOT_CHECK_SIZE);
    expect(read.stats).toMatchObject({ tagPages: 2, tagsFromBulk: 9, tagReads: SPOT_CHECK_SIZE });
    expect(read.state.warnings).toEqual([]);
    const tags = tagsByName(read.state.resources);
    expect(Object.keys(tags)).toHaveLength(9);
    for (const t of Object.values(tags)) expect(t[OWNER_TAG]).toBe(OWNER);
    expect(tags['CloudMapService/search']).toEqual({ [OWNER_TAG]: OWNER, team: 'search' });
  });

  it('falls back to per-resource reads, with a warning, on an endpoint without the Tagging API', async () => {
    const withApi = await seeded();
    const expected = tagsByName((await readLive(withApi.apis, options())).state.resources);
    const aws = await seeded({ tagging: false });
    const read = await readLive(aws.apis, options());
    expect(read.state.warnings).toEqual([expect.stringMatching(/Resource Groups Tagging API could not be used .*UnknownOperationException.*one resource at a time/)]);
    expect(aws.emulator.callStats().byOperation.ListTagsForResource).toBe(9);
    expect(tagsByName(read.state.resources)).toEqual(expected);
  });

  it('reads each resource on its own when the Tagging API lists nothing, and says so', async () => {
    const aws = await seeded({}, getResourcesAnswers(() => []));
    const read = await readLive(aws.apis, options());
    expect(read.state.warnings).toEqual([expect.stringMatching(/did not list 9 of 9 tagged resources/)]);
    expect(read.stats).toMatchObject({ tagsFromBulk: 0, tagReads: 9 });
    for (const t of Object.values(tagsByName(read.state.resources))) expect(t[OWNER_TAG]).toBe(OWNER);
  });

  it('falls back when the spot check finds the Tagging API wrong, and never uses its tags', async () => {
    const wrong = getResourcesAnswers((list) => list.map((m) => ({ ...m, Tags: [{ Key: OWNER_TAG, Value: 'someone/else' }] })));
    const aws = await seeded({}, wrong);
    const read = await readLive(aws.apis, options());
    expect(read.state.warnings).toEqual([expect.stringMatching(/disagreed with ListTagsForResource on arn:aws:.*one resource at a time/)]);
    for (const t of Object.values(tagsByName(read.state.resources))) expect(t[OWNER_TAG]).toBe(OWNER);
    expect(read.stats.tagsFromBulk).toBe(0);
  });

  it('confirms one by one a wrong answer that differs from the cached tags, whichever resources the spot check picked', async () => {
    const wrong: { arn?: string } = {};
    const aws = await seeded({}, getResourcesAnswers((list) => list.map((m) => (m.ResourceARN === wrong.arn ? { ...m, Tags: [...m.Tags, { Key: 'team', Value: 'ghost' }] } : m))));
    const cold = await readLive(aws.apis, options());
    wrong.arn = cold.state.resources.find((r) => r.name === 'search-v1')!.arn;
    const read = await readLive(aws.apis, options({ cache: cold.cache }));
    expect(read.state.resources.find((r) => r.name === 'search-v1')!.tags).toEqual({ [OWNER_TAG]: OWNER });
    expect(read.state.warnings).toEqual([expect.stringMatching(/disagreed with ListTagsForResource/)]);
  });

  it('sees a tag edited outside Git at the next read (no cycle), confirmed one by one', async () => {
    const aws = await seeded();
    const cold = await readLive(aws.apis, options());
    const node = cold.state.resources.find((r) => r.name === 'search-v1')!;
    await aws.appMeshClient.send(new TagResourceCommand({ resourceArn: node.arn, tags: [{ key: 'team', value: 'edited' }] }));
    aws.emulator.resetCallStats();
    const next = await readLive(aws.apis, options({ cache: cold.cache }));
    expect(next.state.resources.find((r) => r.name === 'search-v1')!.tags).toEqual({ [OWNER_TAG]: OWNER, team: 'edited' });
    expect(next.state.warnings).toEqual([]);
    // The spot check and the confirmation of the change.
    expect(aws.emulator.callStats().byOperation.ListTagsForResource).toBeGreaterThanOrEqual(1);
    expect(aws.emulator.callStats().byOperation.ListTagsForResource).toBeLessThanOrEqual(SPOT_CHECK_SIZE + 1);
  });

  it('with a lagging index: never misclassifies, and shows an outside edit once the index has it', async () => {
    const clock = new ManualClock();
    const aws = await seeded({ clock, tagging: { lagMs: 60_000 } });
    // Right after the creates the index has nothing yet: every resource is read on its own.
    const first = await readLive(aws.apis, options());
    for (const t of Object.values(tagsByName(first.state.resources))) expect(t[OWNER_TAG]).toBe(OWNER);
    expect(first.stats.tagsFromBulk).toBe(0);
    clock.advance(61_000);
    const indexed = await readLive(aws.apis, options({ cache: first.cache }));
    expect(indexed.stats.tagsFromBulk).toBeGreaterThan(0);
    expect(indexed.state.warnings).toEqual([]);

    const node = first.state.resources.find((r) => r.name === 'search-v2')!;
    await aws.appMeshClient.send(new UntagResourceCommand({ resourceArn: node.arn, tagKeys: [OWNER_TAG] }));
    // Within the lag the index still shows the old tags (unless the spot check happens to pick this
    // resource, which then sends the read to per-resource reads): late, never wrong.
    const during = await readLive(aws.apis, options({ cache: indexed.cache }));
    const seen = during.state.resources.find((r) => r.name === 'search-v2')!.tags[OWNER_TAG];
    if (seen === undefined) expect(during.state.warnings).toEqual([expect.stringMatching(/disagreed/)]);
    else expect(seen).toBe(OWNER);
    clock.advance(61_000);
    const after = await readLive(aws.apis, options({ cache: during.cache }));
    expect(after.state.resources.find((r) => r.name === 'search-v2')!.tags[OWNER_TAG]).toBeUndefined();
  });
});
