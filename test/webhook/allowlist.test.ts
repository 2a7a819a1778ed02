import { RepoAllowlist } from '../../lib/webhook/allowlist';

describe('RepoAllowlist', () => {
  const allowlist = RepoAllowlist.parse('acme/mesh-config, Platform/*\nother/repo.name');

  it.each([
    ['acme/mesh-config', true],
    ['ACME/Mesh-Config', true],
    ['platform/anything', true],
    ['other/repo.name', true],
    ['acme/other', false],
    ['acme/mesh-config-fork', false],
    ['mallory/mesh-config', false],
    ['acme', false],
  ])('%s → %s', (repo, allowed) => {
    expect(allowlist.allows(repo)).toBe(allowed);
  });

  it('lists exact entries as written, for the drift schedule', () => {
    expect(allowlist.repositories()).toEqual(['acme/mesh-config', 'other/repo.name']);
    expect(allowlist.size).toBe(3);
  });

  it('is empty (allows nothing) when unset', () => {
    expect(RepoAllowlist.parse('').allows('acme/mesh-config')).toBe(false);
  });

  it.each(['acme', 'acme/', '/repo', 'acme/re po', '*/*', 'acme/mesh/extra'])('refuses the entry %j', (entry) => {
    expect(() => new RepoAllowlist([entry])).toThrow(/is not owner\/name or owner\/\*/);
  });
});
