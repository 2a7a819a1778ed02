import { readRepoAt, type JobScope } from '../../lib/app/reconcile-job';

/**
 * The reconcile job refuses a repository that is not on the deployment's allowlist before it
 * reads anything (the webhook already answers 403 for it; this is the job's own check, for a
 * message queued before the allowlist changed).
 */
describe('reading the repository of a job', () => {
  it('a repository off the allowlist is refused with repo-not-allowed, and nothing is read', async () => {
    // Only the allowlist is given: reaching for GitHub or the state store would throw.
    const scope = { repo: 'other/else', deps: { ownerFor: (repo: string) => (repo === 'acme/mesh-config' ? 'acme' : undefined) } };
    const result = await readRepoAt(scope as unknown as JobScope, '0123abc');
    expect(result).toEqual({
      valid: false,
      diagnostics: [{ severity: 'error', code: 'repo-not-allowed', message: "other/else is not on this meshops deployment's allowlist: nothing is planned or applied for it" }],
    });
  });
});
