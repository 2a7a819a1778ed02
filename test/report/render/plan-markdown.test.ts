import { buildPlan } from '../../../lib/plan/build-plan';
import { renderCheckSummary } from '../../../lib/report/render/check-summary';
import { renderPlanMarkdown } from '../../../lib/report/render/plan-markdown';
import { renderPlanText } from '../../../lib/report/render/plan-text';
import { PLAN_MARKER, readFingerprintMarker } from '../../../lib/report/render/markers';
import { GITHUB_COMMENT_LIMIT, splitComment } from '../../../lib/report/render/split-comment';
import { canaryRepo, httpNode, liveOf, liveState, mesh, state } from '../../support/builders';
import { canaryWeightPlan, CONTEXT, destructivePlan, freshCreatePlan, latticePlan, listenerChangePlan, manyServicesPlan, REPO, routeDeletedPlan, SHA, VALIDATION_ERRORS } from './fixtures';
import { expectGolden } from './golden';
import { checkMermaid, count, foreignTags, splitFences } from './markdown-checks';

describe('renderPlanMarkdown', () => {
  it.each([
    ['plan-canary-weight.md', canaryWeightPlan],
    ['plan-fresh-create.md', freshCreatePlan],
    ['plan-destructive.md', destructivePlan],
    ['plan-listener-change.md', listenerChangePlan],
  ])('matches the golden file %s', (name, build) => {
    const md = renderPlanMarkdown(build(), CONTEXT);
    expectGolden(name, md);
    expect(foreignTags(md)).toEqual([]);
    expect(count(md, '<details>')).toBe(count(md, '</details>'));
  });

  it('matches the golden file for validation errors, with no plan', () => {
    expectGolden('plan-validation-errors.md', renderPlanMarkdown(undefined, { ...CONTEXT, diagnostics: VALIDATION_ERRORS }));
  });

  it('starts with the hidden marker and carries the full fingerprint', () => {
    const plan = canaryWeightPlan();
    const md = renderPlanMarkdown(plan, CONTEXT);
    expect(md.split('\n')[0]).toBe(PLAN_MARKER);
    expect(readFingerprintMarker(md)).toBe(plan.fingerprint);
    expect(md).toContain(`<code>${plan.fingerprint.slice(0, 12)}</code>`);
    expect(md).toContain(`<code>${plan.fingerprint}</code>`);
  });

  it('reads like the canary change it is: summary, shift headline, table row with the new shares in bold', () => {
    const md = renderPlanMarkdown(canaryWeightPlan(), CONTEXT);
    expect(md).toContain('**Plan: 0 to create, 1 to update, 0 to adopt, 0 to delete, 0 to replace.**');
    expect(md).toContain('- <code>search.watches</code> · <code>search-router/canary</code>: search-v1 90% → **50%**, search-v2 10% → **50%**');
    expect(md).toMatch(/^\| \*\*search-router\/canary\*\* \(changed\) \| 10 \| .* \| search-v1 \| 90% → \*\*50%\*\* \|$/m);
    expect(md).toMatch(/^\| search-router\/default \| 100 \| .* \| search-v1 \| 100% \|$/m);
    expect(md).toContain('- spec.httpRoute.action.weightedTargets[virtualNode=search-v2].weight: 10\n+ spec.httpRoute.action.weightedTargets[virtualNode=search-v2].weight: 50');
    expect(md).toContain('merge this pull request');
  });

  it('has a Mermaid graph whose changed edges carry the weight change', () => {
    const { blocks } = splitFences(renderPlanMarkdown(canaryWeightPlan(), CONTEXT));
    const mermaid = blocks.filter((b) => b.info === 'mermaid');
    expect(mermaid).toHaveLength(1);
    const { nodes, edges } = checkMermaid(mermaid[0].content);
    const id = (label: string) => [...nodes].find(([, l]) => l.startsWith(label))![0];
    expect(edges).toContainEqual({ from: id('canary'), to: id('search-v2'), label: '10% → 50%', dashed: false });
    expect(edges).toContainEqual({ from: id('default'), to: id('search-v1'), label: '100%', dashed: false });
  });

  it('puts what blocks the apply and the deletions before the changes, and offers no merge-to-apply', () => {
    const md = renderPlanMarkdown(destructivePlan(), CONTEXT);
    const caution = md.indexOf('> [!CAUTION]');
    const warning = md.indexOf('> [!WARNING]');
    const changes = md.indexOf('### Changes');
    expect(caution).toBeGreaterThan(0);
    expect(caution).toBeLessThan(warning);
    expect(warning).toBeLessThan(changes);
    expect(md).toContain('more than maxDeletes (1)');
    expect(md).toContain('**Deletes 2 resources:** VirtualNode <code>watches/legacy-v0</code>, VirtualNode <code>watches/legacy-v0-canary</code>.');
    expect(md).toContain('**Replace:** CloudMapNamespace watches.local will be deleted and re-created');
    expect(md).not.toContain('To **apply**');
    // Unmanaged resources are collapsed together, not listed among the changes.
    expect(md).toMatch(/<details><summary>⚪ 1 unmanaged resource: left alone<\/summary>[\s\S]*debug-shell/);
    expect(md.slice(changes, md.indexOf('unmanaged resource: left alone'))).not.toContain('debug-shell');
  });

  it('lists changes under the steps apply runs them in, a replace under its first step and named again where it goes on', () => {
    const md = renderPlanMarkdown(listenerChangePlan(), CONTEXT);
    const order = [...md.matchAll(/<summary>\S+ <b>(\w+)<\/b> (\w+) <code>([^<]+)<\/code>/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    expect(order).toEqual(['replace Route search-router/canary', 'replace Route search-router/default', 'update VirtualRouter search-router']);
    const steps = [...md.matchAll(/^#### (Step .*)$/gm)].map((m) => m[1]);
    expect(steps).toEqual(['Step 1 of 3: delete Route', 'Step 2 of 3: update VirtualRouter', 'Step 3 of 3: create Route']);
    expect(md).toContain('_Runs: create Route <code>watches/search-router/canary</code>, create Route <code>watches/search-router/default</code> (each listed under its first step above)._');
    expect(md).toContain('Runs as delete in step 1, then create in step 3 of 3.');
    // The re-created routes leave a window without a route: said before the changes.
    expect(md.indexOf('**Traffic gap:**')).toBeGreaterThan(0);
    expect(md.indexOf('**Traffic gap:**')).toBeLessThan(md.indexOf('### Changes'));
  });

  it('interleaves meshes as apply does, each change naming its mesh, and sums them up per mesh and kind at the top', () => {
    const billing = (r: ReturnType<typeof httpNode>) => ({ ...r, mesh: 'billing' });
    const repo = [...canaryRepo(), mesh('billing'), billing(httpNode('invoice-v1'))];
    const md = renderPlanMarkdown(buildPlan({ desired: state(repo), live: liveState([]) }), CONTEXT);
    const table = md.slice(md.indexOf('| Where |'), md.indexOf('### Traffic'));
    expect(table.trim().split('\n')).toEqual([
      '| Where | Kind | + create | ~ update | -/+ replace | - delete |',
      '|---|---|--:|--:|--:|--:|',
      '| Mesh billing | Mesh | 1 | · | · | · |',
      '|  | VirtualNode | 1 | · | · | · |',
      '| Mesh watches | Mesh | 1 | · | · | · |',
      '|  | VirtualNode | 2 | · | · | · |',
      '|  | VirtualRouter | 1 | · | · | · |',
      '|  | Route | 2 | · | · | · |',
      '|  | VirtualService | 1 | · | · | · |',
    ]);
    const step2 = md.slice(md.indexOf('#### Step 2 of'), md.indexOf('#### Step 3 of'));
    expect(step2).toContain('#### Step 2 of 5: create VirtualNode');
    expect(step2).toContain('<b>create</b> VirtualNode <code>invoice-v1</code> · Mesh billing</summary>');
    expect(step2).toContain('<b>create</b> VirtualNode <code>search-v1</code> · Mesh watches</summary>');
  });

  it('shows a route re-created by a listener change as the listener and route type that change, not its whole spec twice', () => {
    const md = renderPlanMarkdown(listenerChangePlan(), CONTEXT);
    const canary = md.slice(md.indexOf('<b>replace</b> Route <code>search-router/canary</code>'), md.indexOf('<b>replace</b> Route <code>search-router/default</code>'));
    expect(canary).toContain('**Why:** VirtualRouter <code>search-router</code> changes its listeners (<code>8080/http</code> → <code>8080/http2</code>) and this route does not fit them');
    expect(canary).toContain('**What changes:** the route type, <code>httpRoute</code> → <code>http2Route</code>, and:');
    // Only the header match the new spec drops is a field difference; the targets are not repeated.
    expect(canary).toContain('- spec.http2Route.match.headers: [{ name: x-release, match: { prefix: canary } }]');
    expect(canary).not.toContain('weightedTargets');
    const fallback = md.slice(md.indexOf('<b>replace</b> Route <code>search-router/default</code>'));
    expect(fallback).toContain('_Nothing else in it changes._');
  });

  it('lists names in natural order everywhere: svc-2 before svc-10 in the changes, the traffic and the graph', () => {
    const plan = manyServicesPlan(12);
    const md = renderPlanMarkdown(plan, CONTEXT);
    const natural = Array.from({ length: 12 }, (_, i) => `svc-${i + 1}`);
    const firstOf = (re: RegExp) => [...new Set([...md.matchAll(re)].map((m) => m[1]))];
    expect(firstOf(/<b>create<\/b> VirtualService <code>(svc-\d+)\.watches<\/code>/g)).toEqual(natural);
    expect(firstOf(/^\*\*<code>(svc-\d+)\.watches<\/code>\*\* · mesh/gm)).toEqual(natural);
    expect(firstOf(/\(\["(svc-\d+)\.watches<br\/>virtual service"\]\)/g)).toEqual(natural);
    expect(plan.traffic.map((v) => v.virtualService)).toEqual(natural.map((s) => `${s}.watches`));
  });

  it('says where a deleted route\'s traffic goes: the router\'s remaining routes, or that requests fail', () => {
    const md = renderPlanMarkdown(routeDeletedPlan(), CONTEXT);
    expectGolden('plan-route-deleted.md', md);
    expect(md).toContain("<code>search.watches</code> · <code>search-router/canary</code> (route removed): search-v1 ~~90%~~, search-v2 ~~10%~~; its requests go to the first of router search-router's remaining routes that matches them, else fail: default (priority 100 · http · prefix /)");
    expect(md).toContain('<code>lone.watches</code> · <code>lone-router/only</code> (route removed): search-v1 ~~100%~~; **no route is left on router lone-router: requests to it fail**');
    const canary = md.slice(md.indexOf('<b>delete</b> Route <code>search-router/canary</code>'));
    expect(canary.slice(0, canary.indexOf('</details>'))).toContain("**Its traffic:** its requests go to the first of router search-router's remaining routes that matches them, else fail: default (priority 100 · http · prefix /).");
    expect(renderPlanText(routeDeletedPlan(), { color: false })).toContain('no route is left on router lone-router: requests to it fail');
  });

  it('matches the golden files for a move to VPC Lattice (decommission, rule weights, what is not carried over, targets), comment and terminal', () => {
    const plan = latticePlan();
    expect(plan.decommission?.deletes).toBeGreaterThan(0);
    expect(plan.latticeTraffic?.length).toBeGreaterThan(0);
    expect(plan.lattice?.notCarried.length).toBeGreaterThan(0);
    expectGolden('plan-lattice.md', renderPlanMarkdown(plan, CONTEXT));
    expectGolden('plan-lattice.txt', renderPlanText(plan, { color: false }));
  });

  it('gives GitHub advice on the Lambda path: no CLI flag, what to change in meshops.yaml instead', () => {
    const md = renderPlanMarkdown(destructivePlan(), CONTEXT);
    expect(md).not.toContain('--max-deletes');
    expect(md).toContain('raise maxDeletes to 3 in meshops.yaml (the pull request that raises it shows reviewers the widened setting)');
    expect(renderCheckSummary(destructivePlan()).summary).not.toContain('--max-deletes');
    // The CLI keeps its flag.
    expect(renderPlanText(destructivePlan(), { color: false })).toContain('apply with --max-deletes 3');
  });

  it('links each validation error to its line at the commit and shows no plan', () => {
    const md = renderPlanMarkdown(canaryWeightPlan(), { ...CONTEXT, diagnostics: VALIDATION_ERRORS });
    expect(md).toContain(`[mesh/routes/search.yaml:14:13](https://github.com/${REPO}/blob/${SHA}/mesh/routes/search.yaml#L14)`);
    expect(md).toContain('### ❌ The repository is not valid: 3 errors');
    expect(md).not.toContain('### Changes');
    expect(md).not.toContain('**Plan:');
    expect(readFingerprintMarker(md)).toBeUndefined();
  });

  it('encodes file paths in links and honours a GitHub Enterprise server URL', () => {
    const md = renderPlanMarkdown(undefined, {
      ...CONTEXT,
      serverUrl: 'https://git.example.com/',
      diagnostics: [{ severity: 'error', code: 'yaml-syntax', message: 'bad indent', file: 'mesh/my routes (v2).yaml', line: 3, column: 1 }],
    });
    expect(md).toContain(`(https://git.example.com/${REPO}/blob/${SHA}/mesh/my%20routes%20%28v2%29.yaml#L3)`);
  });

  it('shows the caller\'s note at the top, before the summary', () => {
    const md = renderPlanMarkdown(canaryWeightPlan(), { ...CONTEXT, note: 'Re-planned after a force-push.' });
    expect(md).toContain('> [!IMPORTANT]\n> Re-planned after a force-push.');
    expect(md.indexOf('[!IMPORTANT]')).toBeLessThan(md.indexOf('**Plan:'));
  });

  it('says there is nothing to apply when live matches Git', () => {
    const repo = canaryRepo();
    const plan = buildPlan({ desired: state(repo), live: liveState([...repo.map((r) => liveOf(r)), liveOf(httpNode('stray'), { owner: null })]) });
    const md = renderPlanMarkdown(plan, CONTEXT);
    expect(md).toContain('**No changes: live matches Git (1 unmanaged resource left alone).**');
    expect(md).toContain('Nothing to apply');
    expect(md).not.toContain('### Traffic');
    expect(md).not.toContain('### Changes');
  });

  it('renders the same plan to the same bytes', () => {
    expect(renderPlanMarkdown(freshCreatePlan(), CONTEXT)).toBe(renderPlanMarkdown(freshCreatePlan(), CONTEXT));
  });

  it('draws the graph per router, saying so, when per route it would be too big', () => {
    const nodes = Array.from({ length: 120 }, (_, i) => httpNode(`n${String(i).padStart(3, '0')}`));
    const routes = Array.from({ length: 3 }, (_, r) => ({
      ...canaryRepo()[4],
      name: `r${r}`,
      spec: { httpRoute: { match: { prefix: `/${r}` }, action: { weightedTargets: nodes.map((n) => ({ virtualNode: n.name, weight: 1 })) } }, priority: r },
    }));
    const repo = [mesh(), ...nodes, canaryRepo()[3], ...routes, canaryRepo()[6]];
    const md = renderPlanMarkdown(buildPlan({ desired: state(repo, { maxDeletes: 1000 }), live: liveState([]) }), CONTEXT);
    expect(md).toContain('_Drawn per router, not per route: the full graph would have 364 edges');
    expect(md).toContain('```mermaid');
  });

  it('leaves the graph out, with a one-line reason, when even per router it would be too big', () => {
    const md = renderPlanMarkdown(manyServicesPlan(120), CONTEXT);
    expect(md).toContain('_The routing graph is left out: it would have 720 edges');
    expect(md).not.toContain('```mermaid');
  });

  it('collapses a long traffic section below the changes, so the changes start in the first part', () => {
    const md = renderPlanMarkdown(manyServicesPlan(120), CONTEXT);
    const parts = splitComment(md);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts[0]).toContain('### Changes');
    expect(md).toContain('_350 more moves and the routes of 120 virtual services are in **Traffic in full**, below the changes._');
    expect(md.indexOf('<details><summary>Traffic in full: 350 more moves and the routes of 120 virtual services</summary>')).toBeGreaterThan(md.indexOf('### Changes'));
    // A short traffic section stays open, above the changes.
    const short = renderPlanMarkdown(canaryWeightPlan(), CONTEXT);
    expect(short).not.toContain('Traffic in full');
    expect(short.indexOf('| Route | Priority |')).toBeLessThan(short.indexOf('### Changes'));
  });

  it('splits a very large plan into comment parts that each keep their code blocks whole', () => {
    const repo = [mesh(), ...Array.from({ length: 400 }, (_, i) => httpNode(`service-${String(i).padStart(3, '0')}`))];
    const md = renderPlanMarkdown(buildPlan({ desired: state(repo), live: liveState([]) }), CONTEXT);
    expect(md.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    const parts = splitComment(md);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
      expect(() => splitFences(part)).not.toThrow();
      expect(count(part, '<details>')).toBe(count(part, '</details>'));
    }
  });
});
