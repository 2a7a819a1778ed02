/**
 * docs/deploying.md shows the comment meshops posts on a canary weight change. It is not written by
 * hand: this test makes it the way production does (webhook → queue → reconcile, against the
 * emulator with the template repository applied) and checks the document still shows exactly that.
 * After a deliberate change to the renderers: `UPDATE_DOCS=1 npx jest test/deploy/deploying-docs`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_REPO, pullRequestPayload, pushPayload } from '../support/webhook-payloads';
import { canaryWeights, sha, startE2E, type E2E } from '../e2e/harness';

const DOC = join(__dirname, '..', '..', 'docs', 'deploying.md');
const START = '<!-- example-plan-comment:start -->';
const END = '<!-- example-plan-comment:end -->';

describe('docs/deploying.md', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E();
  });
  afterAll(() => e.close());

  it('shows the plan comment meshops posts for a canary weight change, as meshops renders it', async () => {
    e.commit(sha(1), undefined, { branch: 'main' });
    await e.webhook('push', pushPayload({ before: '0'.repeat(40), after: sha(1) }));
    e.commit(sha(2), canaryWeights(75, 25));
    const pr = e.gh.openPullRequest(TEST_REPO, { headSha: sha(2), title: 'search: 25% of canary traffic to v2' });
    await e.webhook('pull_request', pullRequestPayload({ number: pr.number, headSha: sha(2) }));
    expect((await e.drain()).every((r) => !r.failed)).toBe(true);
    const [comment] = e.gh.commentsOn(TEST_REPO, pr.number);
    const rendered = comment!.body.trimEnd();

    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const shown = doc.slice(start + START.length, end).trim();
    if (process.env.UPDATE_DOCS === '1' && shown !== rendered) {
      writeFileSync(DOC, `${doc.slice(0, start + START.length)}\n\n${rendered}\n\n${doc.slice(end)}`);
      return;
    }
    expect(shown).toBe(rendered);
  });
});
