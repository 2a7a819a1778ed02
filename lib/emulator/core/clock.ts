/** Milliseconds since the epoch. Injected so tests can move time (Cloud Map operation delays). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests advance by hand. */
export class ManualClock implements Clock {
  constructor(private current = Date.UTC(2026, 10, 25, 12, 0, 0)) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
