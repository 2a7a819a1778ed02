import type { TaggedResource } from '../core/service';

interface IndexEntry {
  /** What GetResources shows; undefined until the first change is indexed. */
  visible?: Record<string, string>;
  /** A change seen but not yet shown, and when it was first seen. */
  pending?: { tags: Record<string, string> | undefined; since: number };
}

const sameTags = (a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean => {
  if (a === undefined || b === undefined) return a === b;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
};

/**
 * The Tagging API is eventually consistent: a tag change reaches `GetResources` some time after
 * the service that owns the resource accepted it. With a lag, each change becomes visible `lagMs`
 * after this index first sees it (on a GetResources call); a resource seen for the first time is
 * not listed until then, and a deleted one is listed until then.
 */
export class TagIndex {
  private readonly entries = new Map<string, IndexEntry>();

  constructor(private readonly lagMs: number) {}

  view(current: TaggedResource[], now: number): TaggedResource[] {
    if (this.lagMs <= 0) return current;
    const live = new Map(current.map((r) => [r.arn, r.tags]));
    for (const arn of live.keys()) if (!this.entries.has(arn)) this.entries.set(arn, {});
    const out: TaggedResource[] = [];
    for (const [arn, entry] of this.entries) {
      const tags = live.get(arn);
      if (entry.pending && now - entry.pending.since >= this.lagMs) {
        entry.visible = entry.pending.tags;
        entry.pending = undefined;
      }
      const expected = entry.pending ? entry.pending.tags : entry.visible;
      if (!sameTags(expected, tags)) entry.pending = { tags, since: now };
      if (entry.visible === undefined && entry.pending === undefined) {
        this.entries.delete(arn);
        continue;
      }
      if (entry.visible !== undefined) out.push({ arn, tags: entry.visible });
    }
    return out;
  }
}
