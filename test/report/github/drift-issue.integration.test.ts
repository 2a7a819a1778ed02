import { DriftIssue, type DriftView } from '../../../lib/report/github/drift-issue';
import { FakeGitHub, startFakeGitHub } from '../../support/fake-github';

const REPO = 'acme/mesh-config';
const ref = { owner: 'acme', repo: 'mesh-config' };
const noSleep = async () => {};
const t = (minute: number) => new Date(Date.UTC(2026, 10, 25, 12, minute));

const render = (view: DriftView) => ({
  title: Object.keys(view.state.items).length ? `Drift: ${Object.keys(view.state.items).length} resource(s) changed outside Git` : 'Drift: none',
  body: Object.entries(view.state.items).map(([id, v]) => `- ${id} (since ${v.firstSeen})`).join('\n') || 'The mesh matches Git again.',
});
const announce = (view: DriftView) => `New drift: ${view.newItems.join(', ')}`;

describe('DriftIssue (Octokit against the fake GitHub over HTTP)', () => {
  let gh: FakeGitHub;
  beforeEach(async () => {
    gh = await startFakeGitHub({ validate: true });
    gh.addRepo(REPO);
  });
  afterEach(async () => {
    expect(gh.violations).toEqual([]);
    await gh.stop();
  });
  const drift = () => new DriftIssue(gh.octokit(), ref, { sleep: noSleep });
  const issues = () => [...gh.state.mustRepo(REPO).issues.values()];

  it('opens, updates in place, announces only new items, closes when clean, reopens when drift returns', async () => {
    expect(await drift().sync({ items: [], now: t(0), render })).toMatchObject({ action: 'none' });
    expect(issues()).toHaveLength(0);

    const opened = await drift().sync({ items: ['changed VirtualNode watches/search-v2', 'unmanaged VirtualNode watches/debug'], now: t(15), render, announce });
    expect(opened).toMatchObject({ action: 'opened', newItems: ['changed VirtualNode watches/search-v2', 'unmanaged VirtualNode watches/debug'] });
    expect(gh.state.mustRepo(REPO).labels.get('meshops-drift')).toMatchObject({ name: 'meshops-drift', color: 'd93f0b' });
    expect(issues()).toEqual([expect.objectContaining({ number: opened.issueNumber, state: 'open', labels: ['meshops-drift'] })]);

    const same = await drift().sync({ items: ['unmanaged VirtualNode watches/debug', 'changed VirtualNode watches/search-v2'], now: t(30), render, announce });
    expect(same).toMatchObject({ action: 'unchanged', newItems: [] });

    const grown = await drift().sync({ items: ['changed VirtualNode watches/search-v2', 'unmanaged VirtualNode watches/debug', 'missing Route watches/search-router/canary'], now: t(45), render, announce });
    expect(grown).toMatchObject({ action: 'updated', issueNumber: opened.issueNumber, newItems: ['missing Route watches/search-router/canary'] });
    expect(grown.state.items['changed VirtualNode watches/search-v2']!.firstSeen).toBe(t(15).toISOString());
    expect(grown.state.items['missing Route watches/search-router/canary']!.firstSeen).toBe(t(45).toISOString());
    expect(gh.commentsOn(REPO, opened.issueNumber!).map((c) => c.body)).toEqual(['New drift: missing Route watches/search-router/canary']);

    const shrunk = await drift().sync({ items: ['missing Route watches/search-router/canary'], now: t(60), render, announce });
    expect(shrunk).toMatchObject({ action: 'updated', newItems: [], resolvedItems: ['changed VirtualNode watches/search-v2', 'unmanaged VirtualNode watches/debug'] });
    expect(gh.commentsOn(REPO, opened.issueNumber!)).toHaveLength(1);

    const clean = await drift().sync({ items: [], now: t(75), render, announce });
    expect(clean).toMatchObject({ action: 'closed', issueNumber: opened.issueNumber });
    expect(issues()[0]).toMatchObject({ state: 'closed', stateReason: 'completed', title: 'Drift: none' });
    expect(await drift().sync({ items: [], now: t(90), render })).toMatchObject({ action: 'none', issueNumber: opened.issueNumber });

    const back = await drift().sync({ items: ['changed VirtualNode watches/search-v2'], now: t(105), render, announce });
    expect(back).toMatchObject({ action: 'reopened', issueNumber: opened.issueNumber, newItems: ['changed VirtualNode watches/search-v2'] });
    expect(back.state.items['changed VirtualNode watches/search-v2']!.firstSeen).toBe(t(105).toISOString());
    expect(issues()).toHaveLength(1);
    expect(issues()[0]!.state).toBe('open');

    const snapshot = await drift().readState();
    expect(snapshot).toEqual({ issue: { number: opened.issueNumber, state: 'open', url: expect.stringContaining(`/issues/${opened.issueNumber}`) }, state: back.state });
  });

  it('a create whose response was lost is not repeated: one issue', async () => {
    gh.failNext('issues/create', { after: true });
    const result = await drift().sync({ items: ['changed Mesh watches'], now: t(0), render });
    expect(issues()).toHaveLength(1);
    expect(result.action).toBe('unchanged');
  });

  it('uses an existing label, and tolerates one created meanwhile', async () => {
    await gh.octokit().rest.issues.createLabel({ ...ref, name: 'meshops-drift', color: '000000' });
    await drift().sync({ items: ['changed Mesh watches'], now: t(0), render });
    expect(gh.callsTo('issues/create-label')).toHaveLength(1);
    expect(gh.state.mustRepo(REPO).labels.get('meshops-drift')!.color).toBe('000000');
  });

  it('ignores a labelled issue that is not its own', async () => {
    await gh.octokit().rest.issues.create({ ...ref, title: 'Drift dashboard idea', body: 'manual', labels: ['meshops-drift'] });
    const result = await drift().sync({ items: ['changed Mesh watches'], now: t(0), render });
    expect(result.action).toBe('opened');
    expect(issues().map((i) => i.body?.split('\n')[0])).toEqual(['manual', '<!-- meshops:drift -->']);
  });

  it('reads an empty state when there is no issue', async () => {
    expect(await drift().readState()).toEqual({ state: { version: 1, items: {} } });
  });
});
