const ENTRY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/(?:\*|[A-Za-z0-9._-]{1,100})$/;

/**
 * The repositories meshops acts for: `owner/name`, or `owner/*` for every repository of an owner.
 * Compared case-insensitively, as GitHub treats names.
 */
export class RepoAllowlist {
  private readonly exact = new Map<string, string>();
  private readonly owners = new Set<string>();

  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const entry = raw.trim();
      if (!ENTRY.test(entry)) throw new Error(`allowlist entry "${raw}" is not owner/name or owner/*`);
      const [owner, name] = entry.toLowerCase().split('/') as [string, string];
      if (name === '*') this.owners.add(owner);
      else this.exact.set(`${owner}/${name}`, entry);
    }
  }

  static parse(text: string): RepoAllowlist {
    return new RepoAllowlist(text.split(/[\s,]+/).filter((s) => s !== ''));
  }

  allows(fullName: string): boolean {
    const lower = fullName.toLowerCase();
    const owner = lower.split('/')[0] ?? '';
    return this.exact.has(lower) || this.owners.has(owner);
  }

  get size(): number {
    return this.exact.size + this.owners.size;
  }

  /** Exact entries as written (a drift schedule cannot enumerate an owner's wildcard). */
  repositories(): string[] {
    return [...this.exact.values()].sort();
  }
}
