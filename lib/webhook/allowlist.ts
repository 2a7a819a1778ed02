const REPO = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/(?:\*|[A-Za-z0-9._-]{1,100})$/;
/** A `meshops:owner` tag value: what App Mesh, Cloud Map and Lattice accept in a tag value, without spaces (the list is space-separated). */
const OWNER_VALUE = /^[A-Za-z0-9_.:/=+@-]{1,256}$/;

/**
 * The repositories meshops acts for, and the owner value each one manages: `owner/name`,
 * `owner/name=OWNER` (the deployment maps the repository to another owner value), or `owner/*`
 * (every repository of an account, each owning its own full name). Repository names are compared
 * case-insensitively, as GitHub treats them.
 *
 * The owner comes from here and never from the repository: a repository's `meshops.yaml` may only
 * repeat it, so no repository can claim the resources of another.
 */
export class RepoAllowlist {
  private readonly exact = new Map<string, { name: string; owner?: string }>();
  private readonly owners = new Set<string>();

  constructor(entries: readonly string[]) {
    const mappedTo = new Map<string, string>();
    for (const raw of entries) {
      const entry = raw.trim();
      const eq = entry.indexOf('=');
      const repo = eq < 0 ? entry : entry.slice(0, eq);
      const owner = eq < 0 ? undefined : entry.slice(eq + 1);
      if (!REPO.test(repo)) throw new Error(`allowlist entry "${raw}" is not owner/name, owner/name=OWNER or owner/*`);
      const [account, name] = repo.toLowerCase().split('/') as [string, string];
      if (name === '*') {
        if (owner !== undefined) throw new Error(`allowlist entry "${raw}": a wildcard cannot be mapped to one owner (each repository it admits owns its own full name)`);
        this.owners.add(account);
        continue;
      }
      if (owner !== undefined && !OWNER_VALUE.test(owner)) throw new Error(`allowlist entry "${raw}": the owner after "=" must be 1-256 letters, digits or _.:/=+@-`);
      const key = `${account}/${name}`;
      const previous = this.exact.get(key);
      if (previous && previous.owner !== owner) throw new Error(`allowlist entry "${raw}": ${repo} is listed twice with different owners`);
      // Two repositories mapped to one owner would manage (and prune) each other's resources.
      const value = owner ?? repo;
      const holder = mappedTo.get(value.toLowerCase());
      if (holder !== undefined && holder !== key) throw new Error(`allowlist entry "${raw}": the owner "${value}" is already the owner of ${holder}`);
      mappedTo.set(value.toLowerCase(), key);
      this.exact.set(key, { name: repo, ...(owner !== undefined ? { owner } : {}) });
    }
    // `acme/x=acme/mesh-config` next to `acme/*` would let acme/x manage acme/mesh-config's resources.
    for (const [key, entry] of this.exact) {
      if (entry.owner === undefined || entry.owner.toLowerCase() === key) continue;
      const other = this.ownerFor(entry.owner);
      if (other !== undefined && other.toLowerCase() === entry.owner.toLowerCase()) throw new Error(`allowlist entry "${entry.name}=${entry.owner}": ${entry.owner} is itself an allowlisted repository, which owns that value`);
    }
  }

  static parse(text: string): RepoAllowlist {
    return new RepoAllowlist(text.split(/[\s,]+/).filter((s) => s !== ''));
  }

  allows(fullName: string): boolean {
    return this.ownerFor(fullName) !== undefined;
  }

  /**
   * The `meshops:owner` value this repository manages, pinned by the deployment: the mapped value,
   * or the repository's full name (as GitHub spells it, `fullName`). Undefined: not allowlisted.
   */
  ownerFor(fullName: string): string | undefined {
    const lower = fullName.toLowerCase();
    const parts = lower.split('/');
    if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
    const entry = this.exact.get(lower);
    if (entry) return entry.owner ?? fullName;
    return this.owners.has(parts[0]) ? fullName : undefined;
  }

  get size(): number {
    return this.exact.size + this.owners.size;
  }

  /** Exact entries as written, without their owner (a drift schedule cannot enumerate an owner's wildcard). */
  repositories(): string[] {
    return [...this.exact.values()].map((e) => e.name).sort();
  }
}
