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
    expect(() => new RepoAllowlist([entry])).toThrow(/is not owner\/name, owner\/name=OWNER or owner\/\*/);
  });

  describe('owners pinned by the deployment', () => {
    it('a wildcard gives each repository its own full name; a mapping gives its value', () => {
      const pinned = RepoAllowlist.parse('acme/*, acme/mesh-config=payments, other/repo');
      expect(pinned.ownerFor('acme/new-repo')).toBe('acme/new-repo');
      expect(pinned.ownerFor('ACME/Mesh-Config')).toBe('payments');
      expect(pinned.ownerFor('other/repo')).toBe('other/repo');
      expect(pinned.ownerFor('other/else')).toBeUndefined();
      expect(pinned.ownerFor('acme/a/b')).toBeUndefined();
      expect(pinned.repositories()).toEqual(['acme/mesh-config', 'other/repo']);
    });

    it.each([
      ['acme/*=payments', /a wildcard cannot be mapped/],
      ['acme/a=payments acme/b=payments', /already the owner of acme\/a/],
      ['acme/a=x acme/a=y', /listed twice with different owners/],
      ['acme/* acme/x=acme/mesh-config', /acme\/mesh-config is itself an allowlisted repository/],
      ['acme/a acme/b=acme/a', /itself an allowlisted repository|already the owner/],
      ['acme/a=has space', /is not owner\/name/],
      ['acme/a=', /the owner after "=" must be/],
    ])('refuses %j', (text, message) => {
      expect(() => RepoAllowlist.parse(text)).toThrow(message);
    });
  });
});
