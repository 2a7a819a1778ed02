import { Octokit } from '@octokit/core';
import { appJwt, checkAppCredentials, InstallationTokens } from '../../lib/github/app-auth';
import { createGitHubAccess } from '../../lib/app/github-client';
import { createLogger } from '../../lib/app/logger';
import { testApp } from '../e2e/harness';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github';

describe('GitHub App sign-in against the fake GitHub (JWT → installation → token)', () => {
  const app = testApp();
  let gh: FakeGitHub;
  beforeAll(async () => {
    gh = await startFakeGitHub({ app: app.fake });
    gh.addRepo('acme/mesh-config');
    gh.addRepo('acme/edge');
    gh.addRepo('mallory/mesh');
    gh.openPullRequest('acme/mesh-config', { headSha: 'a'.repeat(40) });
  });
  afterAll(() => gh.stop());

  const appRequest = () => {
    const bare = new Octokit({ baseUrl: gh.url });
    return (route: string, params: Record<string, unknown>, jwt: string) => bare.request(route, { ...params, headers: { authorization: `bearer ${jwt}` } });
  };

  it('signs a JWT GitHub accepts; one signed by another key, or expired, is refused', async () => {
    const bare = new Octokit({ baseUrl: gh.url });
    const ok = await bare.request('GET /app', { headers: { authorization: `bearer ${appJwt({ appId: '4242', privateKey: app.privateKey }, Date.now())}` } });
    expect(ok.data).toMatchObject({ id: 4242, slug: 'meshops' });
    const expired = appJwt({ appId: '4242', privateKey: app.privateKey }, Date.now() - 20 * 60_000);
    await expect(bare.request('GET /app', { headers: { authorization: `bearer ${expired}` } })).rejects.toMatchObject({ status: 401 });
    const wrongApp = appJwt({ appId: '1', privateKey: app.privateKey }, Date.now());
    await expect(bare.request('GET /app', { headers: { authorization: `bearer ${wrongApp}` } })).rejects.toMatchObject({ status: 401 });
  });

  it('one token per installation, kept until five minutes before it expires, then replaced', async () => {
    let now = Date.now();
    const tokens = new InstallationTokens({ appId: '4242', privateKey: app.privateKey }, appRequest(), { now: () => now });
    gh.issuedTokens.length = 0;
    const first = await tokens.tokenFor('acme', 'mesh-config');
    expect(await tokens.tokenFor('ACME', 'edge')).toBe(first);
    expect(await tokens.tokenFor(undefined, undefined)).toBe(first); // a next-page link: the account used last
    const other = await tokens.tokenFor('mallory', 'mesh');
    expect(other).not.toBe(first);
    expect(gh.issuedTokens.map((t) => t.installationId)).toEqual([77, 78]);
    now += 54 * 60_000;
    expect(await tokens.tokenFor('acme', 'mesh-config')).toBe(first);
    now += 2 * 60_000;
    expect(await tokens.tokenFor('acme', 'mesh-config')).not.toBe(first);
    expect(gh.issuedTokens).toHaveLength(3);
    expect(await tokens.botLogin()).toBe('meshops[bot]');
  });

  it('the client signs every request with the installation token; the webhook asks for read permissions only and cannot write', async () => {
    gh.issuedTokens.length = 0;
    const logger = createLogger({ write: () => {} });
    const writer = createGitHubAccess({ kind: 'app', appId: '4242', privateKey: app.privateKey }, gh.url, logger);
    expect(await writer.identity()).toBe('meshops[bot]');
    const { data } = await writer.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: 'acme', repo: 'mesh-config', issue_number: 1, body: 'hello' });
    expect(data.user?.login).toBe('meshops[bot]');
    const reader = createGitHubAccess({ kind: 'app', appId: '4242', privateKey: app.privateKey, permissions: { metadata: 'read', pull_requests: 'read' } }, gh.url, logger);
    expect((await reader.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner: 'acme', repo: 'mesh-config', pull_number: 1 })).data.number).toBe(1);
    await expect(reader.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: 'acme', repo: 'mesh-config', issue_number: 1, body: 'x' })).rejects.toMatchObject({ status: 403 });
    expect(gh.issuedTokens.map((t) => t.permissions)).toEqual([undefined, { metadata: 'read', pull_requests: 'read' }]);
  });

  it('a token sign-in learns its login from GET /user; an installation token stored as a token cannot, and says so', async () => {
    const logger = createLogger({ write: () => {} });
    const user = await startFakeGitHub({ tokens: { ghp_user: { login: 'meshops-bot', kind: 'user' }, ghs_inst: { login: 'meshops[bot]', kind: 'app' } } });
    try {
      expect(await createGitHubAccess({ kind: 'token', token: 'ghp_user' }, user.url, logger).identity()).toBe('meshops-bot');
      await expect(createGitHubAccess({ kind: 'token', token: 'ghs_inst' }, user.url, logger).identity()).rejects.toThrow(/GET \/user.*needs a user's token or a GitHub App/);
    } finally {
      await user.stop();
    }
  });

  it('refuses credentials that cannot work before any call', () => {
    expect(() => checkAppCredentials({ appId: 'meshops', privateKey: app.privateKey })).toThrow('the GitHub App id must be a number');
    expect(() => checkAppCredentials({ appId: '1', privateKey: 'not a key' })).toThrow(/not an RSA private key in PEM form/);
  });
});
