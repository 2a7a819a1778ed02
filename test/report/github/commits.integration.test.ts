import { defaultBranchHead, findPullRequestForCommit } from '../../../lib/report/github/commits';
import { FakeGitHub, startFakeGitHub } from '../../support/fake-github';

const REPO = 'acme/mesh-config';
const ref = { owner: 'acme', repo: 'mesh-config' };
const [BASE, HEAD, MERGE, DIRECT] = ['1', '2', '3', '4'].map((c) => c.repeat(40)) as [string, string, string, string];

describe('commit look-ups (Octokit against the fake GitHub over HTTP)', () => {
  let gh: FakeGitHub;
  beforeAll(async () => {
    gh = await startFakeGitHub({ validate: true });
    gh.addRepo(REPO, { defaultBranch: 'trunk' });
    for (const sha of [BASE, HEAD, MERGE, DIRECT]) gh.addCommit(REPO, sha, {});
    gh.state.mustRepo(REPO).branches.set('trunk', BASE);
  });
  afterAll(async () => {
    expect(gh.violations).toEqual([]);
    await gh.stop();
  });

  it('finds the merged pull request a merge commit came from', async () => {
    const pr = gh.openPullRequest(REPO, { headSha: HEAD, title: 'Canary 50%' });
    expect(await findPullRequestForCommit(gh.octokit(), ref, HEAD)).toMatchObject({ number: pr.number, merged: false, headSha: HEAD });
    gh.mergePullRequest(REPO, pr.number, MERGE);
    expect(await findPullRequestForCommit(gh.octokit(), ref, MERGE)).toEqual({ number: pr.number, title: 'Canary 50%', url: expect.stringContaining(`/pull/${pr.number}`), headSha: HEAD, merged: true });
  });

  it('finds nothing for a direct push', async () => {
    expect(await findPullRequestForCommit(gh.octokit(), ref, DIRECT)).toBeUndefined();
  });

  it('reads the default branch and its head SHA', async () => {
    expect(await defaultBranchHead(gh.octokit(), ref)).toEqual({ branch: 'trunk', sha: MERGE });
  });
});
