import { Emulator, listen, type RunningServer } from '../../../lib/emulator';
import { describeWithMoto, startMoto, type MotoServer } from '../../support/moto';

/**
 * The differential harness the App Mesh and VPC Lattice suites share: the same scripted sessions
 * against the emulator's HTTP server and moto's (`python3 -m moto.server`, third party), both
 * through the real SDK client. Each step's outcome is "ok", the error's name, or (for a step with
 * a `view`) a view of the answer. The emulator's outcomes are asserted (what AWS answers); moto's
 * must equal them except at the steps `differences` lists, where moto answers exactly what is
 * listed, with the reason.
 */

/** Ids and ARNs kept by a step for later ones (each side keeps its own). */
export type Refs = Record<string, { id?: string; arn?: string }>;

export interface Step<C> {
  id: string;
  run: (c: C, refs: Refs) => Promise<unknown>;
  /** What AWS answers: "ok" or the error name. */
  expect: string;
  /** Keep the answer's id and ARN under this name for later steps. */
  save?: string;
  /** A view of a successful answer to compare, and what AWS gives. */
  view?: { of: (out: any) => string; expect: string }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface Differential<C extends { destroy(): void }> {
  sessions: Record<string, Step<C>[]>;
  /** Steps where moto's outcome differs from AWS's, and why. */
  differences: Record<string, { moto: string; reason: string }>;
  client: (endpoint: string) => C;
  /** moto's own error names, as the names AWS gives. */
  motoErrorNames?: Record<string, string>;
  /** Count any 2xx as "ok" even when the SDK could not read the body (moto's App Mesh timestamps). */
  twoHundredIsOk?: boolean;
}

interface Outcome {
  outcome: string;
  view?: string;
}

async function outcomeOf<C>(step: Step<C>, c: C, refs: Refs, twoHundredIsOk: boolean): Promise<Outcome> {
  try {
    const out = (await step.run(c, refs)) as { id?: string; arn?: string };
    if (step.save) refs[step.save] = { id: out.id, arn: out.arn };
    return { outcome: 'ok', ...(step.view ? { view: step.view.of(out) } : {}) };
  } catch (err) {
    const e = err as { name: string; $metadata?: { httpStatusCode?: number }; $response?: { statusCode?: number } };
    const status = e.$response?.statusCode ?? e.$metadata?.httpStatusCode;
    if (twoHundredIsOk && status !== undefined && status >= 200 && status < 300) return { outcome: 'ok' };
    return { outcome: e.name };
  }
}

/** The suite: skipped, with its reason, where moto cannot run. */
export function describeDifferential<C extends { destroy(): void }>(title: string, d: Differential<C>): void {
  describeWithMoto(title, () => {
    let moto: MotoServer;

    beforeAll(async () => {
      moto = await startMoto();
    });
    afterAll(async () => {
      await moto?.stop();
    });

    it('lists only differences that belong to a scripted step', () => {
      const ids = new Set(Object.entries(d.sessions).flatMap(([session, steps]) => steps.map((s) => `${session}/${s.id}`)));
      expect(Object.keys(d.differences).filter((id) => !ids.has(id))).toEqual([]);
    });

    it.each(Object.keys(d.sessions))('session %s: the emulator answers as AWS, moto differs only where listed', async (session) => {
      await moto.reset();
      const emulator = new Emulator();
      const server: RunningServer = await listen((r) => emulator.handle(r));
      const ours = d.client(server.url);
      const theirs = d.client(moto.url);
      const ourRefs: Refs = {};
      const theirRefs: Refs = {};
      const rows: { step: string; expected: string; emulator: string; moto: string; listed?: string }[] = [];
      for (const step of d.sessions[session]) {
        const id = `${session}/${step.id}`;
        const mine = await outcomeOf(step, ours, ourRefs, d.twoHundredIsOk ?? false);
        const other = await outcomeOf(step, theirs, theirRefs, d.twoHundredIsOk ?? false);
        // A view step compares the view when the call succeeded, else the outcome.
        const shown = (o: Outcome) => o.view ?? o.outcome;
        const motoShown = shown(other);
        rows.push({ step: id, expected: step.view && step.expect === 'ok' ? step.view.expect : step.expect, emulator: shown(mine), moto: d.motoErrorNames?.[motoShown] ?? motoShown, listed: d.differences[id]?.moto });
      }
      ours.destroy();
      theirs.destroy();
      await server.close();
      // The emulator gives AWS's answer at every step.
      expect(rows.map((r) => [r.step, r.emulator])).toEqual(rows.map((r) => [r.step, r.expected]));
      // moto agrees except at the listed steps, where it answers exactly what is listed.
      expect(rows.map((r) => [r.step, r.moto])).toEqual(rows.map((r) => [r.step, r.listed ?? r.expected]));
    });
  });
}
