import { Random } from './random';

/** Fault injection: seeded, so a run with the same seed and the same calls sees the same faults. */
export interface FaultOptions {
  /** Added to every call. */
  latencyMs?: number;
  /** Uniform extra latency in [0, jitter). */
  latencyJitterMs?: number;
  /** Share of calls answered with the protocol's throttling error, 0..1. */
  throttleRate?: number;
  /** Share of calls answered with a server error, 0..1. Half of them fail after the change was made. */
  errorRate?: number;
  seed?: number;
}

export type FaultDecision = { kind: 'none' } | { kind: 'throttle' } | { kind: 'error-before' } | { kind: 'error-after' };

export class FaultInjector {
  private random: Random;
  readonly counts = { calls: 0, throttled: 0, errorsBefore: 0, errorsAfter: 0 };

  constructor(private options: FaultOptions = {}) {
    this.random = new Random(options.seed ?? 1);
  }

  configure(options: FaultOptions): void {
    this.options = options;
    this.random = new Random(options.seed ?? 1);
  }

  get current(): FaultOptions {
    return this.options;
  }

  latency(): number {
    const base = this.options.latencyMs ?? 0;
    const jitter = this.options.latencyJitterMs ?? 0;
    return base + (jitter > 0 ? this.random.next() * jitter : 0);
  }

  decide(): FaultDecision {
    this.counts.calls++;
    const { throttleRate = 0, errorRate = 0 } = this.options;
    if (throttleRate <= 0 && errorRate <= 0) return { kind: 'none' };
    const r = this.random.next();
    if (r < throttleRate) {
      this.counts.throttled++;
      return { kind: 'throttle' };
    }
    if (r < throttleRate + errorRate) {
      // A server error can strike after the change was committed: clients must be idempotent.
      if (this.random.next() < 0.5) {
        this.counts.errorsBefore++;
        return { kind: 'error-before' };
      }
      this.counts.errorsAfter++;
      return { kind: 'error-after' };
    }
    return { kind: 'none' };
  }
}
