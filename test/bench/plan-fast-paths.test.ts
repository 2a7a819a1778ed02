// The plan step's fast paths, added for the benchmark's pure-plan target, change no result.
import fc from 'fast-check';
import { changeRepo, desiredState, generateRepo } from '../../bench/generate-repo';
import { sameJson } from '../../lib/plan/diff';
import { trafficViews, type World } from '../../lib/plan/traffic';
import { canonicalJson, type JsonValue } from '../../lib/resources/json';
import { resourceId } from '../../lib/resources/resource-key';

describe('sameJson', () => {
  it('agrees with comparing canonical JSON', () => {
    const value = fc.letrec<{ v: JsonValue }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom<JsonValue>(null, true, false, 0, 1, 'a', 'b', ''),
        fc.array(tie('v'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('v'), { maxKeys: 3 }),
      ),
    })).v;
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(sameJson(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
        expect(sameJson(a, structuredClone(a))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('ignores key order and undefined members, as canonical JSON does', () => {
    expect(sameJson({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(sameJson({ a: 1, b: undefined } as never, { a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson(null, undefined)).toBe(false);
  });
});

describe('trafficViews skips services whose specs are the very same objects', () => {
  const repo = generateRepo('M');
  const { repo: changed } = changeRepo(repo);
  const world = (docs: typeof repo.documents, clone: boolean): World =>
    new Map(desiredState({ ...repo, documents: docs }).resources.map((r) => [resourceId(r), { kind: r.kind, name: r.name, ...(r.mesh ? { mesh: r.mesh } : {}), ...(r.parent ? { parent: r.parent } : {}), spec: clone ? structuredClone(r.spec) : r.spec }]));

  it('gives the same views whether unchanged specs are shared (fast path) or copies (full comparison)', () => {
    const before = world(repo.documents, false);
    const after = world(changed.documents, false);
    // As buildPlan's after-world: live spec objects for what the plan leaves alone.
    const afterShared: World = new Map(before);
    for (const [id, r] of after) {
      const old = before.get(id);
      if (!old || canonicalJson(old.spec) !== canonicalJson(r.spec)) afterShared.set(id, r);
    }
    for (const id of before.keys()) if (!after.has(id)) afterShared.delete(id);
    const afterCopied: World = new Map([...afterShared].map(([id, r]) => [id, { ...r, spec: structuredClone(r.spec) }]));
    const fast = trafficViews(before, afterShared);
    expect(fast.length).toBeGreaterThan(0);
    expect(fast).toEqual(trafficViews(before, afterCopied));
  });
});
