import { deflateRawSync } from 'node:zlib';
import { median, readZip } from '../../bench/bundles';
import { evaluateTargets, figuresOf, type BenchOutput, type ScenarioFigures } from '../../bench/report';

const scenario = (name: ScenarioFigures['name'], figures: Partial<ScenarioFigures>): ScenarioFigures => ({ size: 'L', name, wallMs: 0, apiCalls: 0, callsByOperation: {}, cpuMs: 0, peakRssMb: 100, ...figures });

function output(scenarios: ScenarioFigures[], bundles: BenchOutput['bundles'] = [], latencyMs = 20, cli: BenchOutput['cli'] = []): BenchOutput {
  return { machine: { cpus: 2, cpuModel: 'test', node: 'v20', platform: 'linux x64', loadAverage: 0 }, date: '2026-11-25T00:00:00.000Z', latencyMs, scenarios, bundles, cli };
}

const byTarget = (results: ReturnType<typeof evaluateTargets>) => Object.fromEntries(results.map((r) => [r.target, r.ok]));

describe('the targets', () => {
  it('judges against the Terraform-model plan, the floor, the CLI, RSS at XL and bundles, at their limits', () => {
    const results = evaluateTargets(
      output(
        [
          scenario('cold-plan', { wallMs: 3500, floorMs: 2300, apiCalls: 1262, terraformMs: 5000, terraformCalls: 2470 }),
          scenario('pr-plan', { wallMs: 750, apiCalls: 247, terraformMs: 5000, terraformCalls: 2470 }),
          scenario('warm-drift', { apiCalls: 248 }),
          scenario('apply-empty', { wallMs: 2001, floorMs: 1000 }),
          scenario('apply-5pct', { wallMs: 1000, floorMs: 500 }),
          { ...scenario('cold-plan', { peakRssMb: 255.9 }), size: 'XL' },
        ],
        [
          { function: 'webhook', bytes: 1_000_000, coldRequireMs: 200 },
          { function: 'reconcile', bytes: 1_000_001, coldRequireMs: 120 },
        ],
        20,
        [
          { command: 'help', wallMs: 150, nodeMs: 100 },
          { command: 'validate', size: 'L', wallMs: 501, nodeMs: 100 },
        ],
      ),
      undefined,
      [{ size: 'L', name: 'apply-5pct', check: { name: 'writes touch exactly the changed resources', ok: true } }],
    );
    expect(byTarget(results)).toEqual({
      'PR plan ≤ 0.15× the Terraform-model plan’s wall time and ≤ 10% of its calls': true,
      'cold plan ≤ 0.7× the Terraform-model plan': true,
      'cold plan ≤ 1.5× floor': false,
      'warm drift ≤ 10% of the Terraform-model plan’s calls (tags read fresh)': false,
      'apply of the 5% change ≤ 2× floor': true,
      'apply from empty ≤ 2× floor': false,
      'apply of the 5% change writes only the changed resources': true,
      '`meshops --help` ≤ 1.5× `node -e 0`': true,
      '`meshops validate` of L ≤ 500 ms wall': false,
      'peak RSS at XL < 256 MB': true,
      'each bundle ≤ 1 MB (1,000,000 bytes)': false,
      'each cold require ≤ 200 ms': true,
    });
    expect(results.find((r) => r.target.startsWith('PR plan'))!.measured).toBe('750 ms / 5000 ms = 0.15×; 247 / 2470 calls = 10.0%');
    expect(results.find((r) => r.target === 'cold plan ≤ 1.5× floor')!.measured).toBe('3500 ms / 2300 ms = 1.52×');
  });

  it('does not judge timing targets measured at another latency or a pinned concurrency, and says what was not run', () => {
    const results = evaluateTargets(output([scenario('cold-plan', { wallMs: 5000, floorMs: 1000, terraformMs: 6000, terraformCalls: 2470 })], [], 5), undefined, []);
    expect(results.find((r) => r.target === 'cold plan ≤ 1.5× floor')!.ok).toBeUndefined();
    expect(results.find((r) => r.target.startsWith('apply from empty'))!.measured).toBe('not run');
    expect(results.find((r) => r.target.startsWith('peak RSS at XL'))!.measured).toBe('not run');
    const pinned = evaluateTargets(output([scenario('cold-plan', { wallMs: 5000, floorMs: 1000 })]), 8, []);
    expect(pinned.find((r) => r.target === 'cold plan ≤ 1.5× floor')!.ok).toBeUndefined();
  });

  it('judges RSS at XL on the use-case’s own peak where the bench isolated it, and names the process peak and the emulator’s share', () => {
    const xl = (name: ScenarioFigures['name'], figures: Partial<ScenarioFigures>) => ({ ...scenario(name, figures), size: 'XL' as const });
    const results = evaluateTargets(output([xl('pr-plan', { peakRssMb: 307.9, useCasePeakRssMb: 180.7, emulatorStateMb: 10.2 }), xl('cold-plan', { peakRssMb: 207.4, useCasePeakRssMb: 256, emulatorStateMb: 10.4 })]), undefined, []);
    expect(results.find((r) => r.target.startsWith('peak RSS at XL'))).toEqual({
      target: 'peak RSS at XL < 256 MB',
      ok: false,
      measured: "256 MB (cold-plan; the process with its setup: 207.4 MB; the in-process emulator's state holds 10.4 MB of heap)",
    });
    // Without an isolated peak (not Linux), the process's peak is judged.
    const whole = evaluateTargets(output([xl('pr-plan', { peakRssMb: 255.9 })]), undefined, []);
    expect(whole.find((r) => r.target.startsWith('peak RSS at XL'))).toMatchObject({ ok: true, measured: '255.9 MB (pr-plan; setup included)' });
    expect(figuresOf({ ...xl('pr-plan', { peakRssMb: 300, useCasePeakRssMb: 180, emulatorStateMb: 10 }), extra: { checks: [], notes: [] } })).toMatchObject({ peakRssMb: 300, useCasePeakRssMb: 180, emulatorStateMb: 10 });
  });
});

/** A zip archive built by hand: one stored and one deflated entry. */
function zip(entries: { name: string; data: Buffer; deflate: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const body = e.deflate ? deflateRawSync(e.data) : e.data;
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(e.deflate ? 8 : 0, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('bundle helpers', () => {
  it('reads stored and deflated zip entries (serverless package’s artifacts)', () => {
    const js = Buffer.from('exports.handler=async()=>1;'.repeat(50));
    const files = readZip(zip([{ name: 'functions/a.js', data: js, deflate: true }, { name: 'functions/a.js.map', data: Buffer.from('{}'), deflate: false }]));
    expect([...files.keys()]).toEqual(['functions/a.js', 'functions/a.js.map']);
    expect(files.get('functions/a.js')!.equals(js)).toBe(true);
    expect(files.get('functions/a.js.map')!.toString()).toBe('{}');
    expect(() => readZip(Buffer.from('not a zip at all, not even close to one'))).toThrow(/not a zip/);
  });

  it('takes the median of the samples', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('the Lattice runs in the figures', () => {
  it('carry target: lattice in the JSON and are never judged as the App Mesh scenarios of the same name', () => {
    const appMesh = scenario('cold-plan', { wallMs: 3000, floorMs: 2500 });
    const lattice = { ...scenario('cold-plan', { wallMs: 99_000, floorMs: 2880 }), target: 'lattice' as const };
    // The Lattice run first: the targets must still read the App Mesh one.
    const results = evaluateTargets(output([lattice, appMesh]), undefined, []);
    expect(results.find((r) => r.target === 'cold plan ≤ 1.5× floor')).toEqual({ target: 'cold plan ≤ 1.5× floor', ok: true, measured: '3000 ms / 2500 ms = 1.20×' });
    expect(figuresOf({ ...lattice, extra: { checks: [], notes: [] } })).toMatchObject({ name: 'cold-plan', target: 'lattice' });
    expect(figuresOf({ ...appMesh, extra: { checks: [], notes: [] } })).not.toHaveProperty('target');
  });
});
