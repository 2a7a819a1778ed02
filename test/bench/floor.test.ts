import { CallGraphBuilder, chainLengths, computeFloor, earliestRounds, listScheduleRounds, lowerBoundRounds } from '../../bench/floor';

function chain(n: number): CallGraphBuilder {
  const b = new CallGraphBuilder();
  let previous: number[] = [];
  for (let i = 0; i < n; i++) previous = [b.add('Step', previous)];
  return b;
}

describe('the floor arithmetic', () => {
  it('takes one round per call of a chain, whatever the concurrency', () => {
    const graph = chain(7).build();
    expect(listScheduleRounds(graph, 1)).toBe(7);
    expect(listScheduleRounds(graph, 8)).toBe(7);
    expect(computeFloor(graph, 8, 20)).toMatchObject({ calls: 7, criticalPath: 7, lowerBoundRounds: 7, scheduleRounds: 7, floorMs: 140, lowerBoundMs: 140 });
  });

  it('takes ⌈calls / concurrency⌉ rounds for independent calls', () => {
    const b = new CallGraphBuilder();
    for (let i = 0; i < 17; i++) b.add('Describe');
    expect(computeFloor(b.build(), 8, 20)).toMatchObject({ criticalPath: 1, lowerBoundRounds: 3, scheduleRounds: 3, floorMs: 60 });
    expect(computeFloor(b.build(), 1, 20).floorMs).toBe(340);
    expect(computeFloor(b.build(), 17, 20).floorMs).toBe(20);
  });

  it('runs a page’s describes after the page: 1 list + 20 describes at 8 → 1 + 3 rounds', () => {
    const b = new CallGraphBuilder();
    const page = b.add('ListVirtualNodes');
    for (let i = 0; i < 20; i++) b.add('DescribeVirtualNode', [page]);
    // ⌈21 / 8⌉ = 3 is not reachable: only the list can run in round 1, then ⌈20 / 8⌉ = 3 more.
    expect(computeFloor(b.build(), 8, 20)).toMatchObject({ calls: 21, criticalPath: 2, lowerBoundRounds: 4, scheduleRounds: 4, floorMs: 80, lowerBoundMs: 80 });
  });

  it('is exact where max(critical path, ⌈calls/concurrency⌉) is loose: two pages of 100 describes take 27 rounds, not 26', () => {
    // Round 1 can only run the first page: 7 slots idle, so 1 + ⌈201/8⌉ = 27 is the optimum.
    const b = new CallGraphBuilder();
    const first = b.add('ListRoutes');
    for (let i = 0; i < 100; i++) b.add('DescribeRoute', [first]);
    const second = b.add('ListRoutes', [first]);
    for (let i = 0; i < 100; i++) b.add('DescribeRoute', [second]);
    const floor = computeFloor(b.build(), 8, 20);
    expect(Math.max(floor.criticalPath, Math.ceil(202 / 8))).toBe(26);
    expect(floor).toMatchObject({ calls: 202, criticalPath: 3, lowerBoundRounds: 27, scheduleRounds: 27, floorMs: 540 });
    expect(floor.callsByOperation).toEqual({ ListRoutes: 2, DescribeRoute: 200 });
  });

  it('starts the longest chain first: 3 independent calls and a chain of 3 fit 3 rounds at concurrency 2', () => {
    // In id order (independent calls first) a naive schedule needs 4 rounds.
    const b = new CallGraphBuilder();
    for (let i = 0; i < 3; i++) b.add('Independent');
    const a = b.add('A');
    const bb = b.add('B', [a]);
    b.add('C', [bb]);
    expect(listScheduleRounds(b.build(), 2)).toBe(3);
  });

  it('bounds from the end too: calls heading long chains must all start early', () => {
    // 9 chains of 2 at concurrency 8: the 9 heads cannot all run in round 1, so 3 rounds.
    const b = new CallGraphBuilder();
    for (let i = 0; i < 9; i++) b.add('Tail', [b.add('Head')]);
    expect(lowerBoundRounds(b.build(), 8)).toBe(3);
    expect(listScheduleRounds(b.build(), 8)).toBe(3);
    expect(earliestRounds(b.build()).slice(0, 2)).toEqual([1, 2]);
  });

  it('measures chains from each call to the end of the graph', () => {
    const b = new CallGraphBuilder();
    const root = b.add('Root');
    const mid = b.add('Mid', [root]);
    b.add('Leaf', [mid]);
    b.add('Side', [root]);
    expect(chainLengths(b.build())).toEqual([3, 2, 1, 1]);
  });

  it('handles an empty graph', () => {
    expect(computeFloor(new CallGraphBuilder().build(), 8, 20)).toMatchObject({ calls: 0, criticalPath: 0, scheduleRounds: 0, floorMs: 0 });
  });

  it('refuses a dependency on a call that does not exist yet (graphs are built in order, so they have no cycles)', () => {
    const b = new CallGraphBuilder();
    b.add('First');
    expect(() => b.add('Second', [1])).toThrow(/unknown call 1/);
    expect(() => listScheduleRounds({ ops: ['A', 'B'], deps: [[1], [0]] }, 2)).toThrow(/cycle/);
    expect(() => listScheduleRounds(b.build(), 0)).toThrow(RangeError);
  });
});
