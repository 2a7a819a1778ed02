import { deflateRawSync } from 'node:zlib';
import { median, readZip } from '../../bench/bundles';
import { evaluateTargets, type BenchOutput, type ScenarioFigures } from '../../bench/report';

const scenario = (name: ScenarioFigures['name'], figures: Partial<ScenarioFigures>): ScenarioFigures => ({ size: 'L', name, wallMs: 0, apiCalls: 0, callsByOperation: {}, cpuMs: 0, peakRssMb: 100, ...figures });

function output(scenarios: ScenarioFigures[], bundles: BenchOutput['bundles'] = [], latencyMs = 20): BenchOutput {
  return { machine: { cpus: 2, cpuModel: 'test', node: 'v20', platform: 'linux x64', loadAverage: 0 }, date: '2026-11-25T00:00:00.000Z', latencyMs, scenarios, bundles };
}

const byTarget = (results: ReturnType<typeof evaluateTargets>) => Object.fromEntries(results.map((r) => [r.target, r.ok]));

describe('the targets of issue 6', () => {
  it('judges measured/floor, the warm drift’s share of calls, CPU, RSS and bundles at their limits', () => {
    const results = evaluateTargets(
      output(
        [
          scenario('cold-plan', { wallMs: 1500, floorMs: 1000, apiCalls: 1000 }),
          scenario('warm-drift', { apiCalls: 100 }),
          scenario('apply-empty', { wallMs: 2001, floorMs: 1000, peakRssMb: 255.9 }),
          scenario('pure-plan', { cpuMs: 199.9 }),
        ],
        [
          { function: 'webhook', bytes: 1_000_000, coldRequireMs: 200 },
          { function: 'reconcile', bytes: 1_000_001, coldRequireMs: 120 },
        ],
      ),
      8,
      [{ size: 'L', name: 'apply-5pct', check: { name: 'writes touch exactly the changed resources', ok: true } }],
    );
    expect(byTarget(results)).toEqual({
      'cold plan ≤ 1.5× floor': true,
      'warm drift ≤ 10% of the cold plan’s API calls': true,
      'apply from empty ≤ 2× floor': false,
      'apply of the 5% change writes only the changed resources': true,
      'pure plan step < 200 ms CPU': true,
      'peak RSS < 256 MB': true,
      'each bundle ≤ 1 MB (1,000,000 bytes)': false,
      'each cold require ≤ 200 ms': true,
    });
    expect(results.find((r) => r.target.startsWith('warm drift'))!.measured).toBe('100 / 1000 = 10.0%');
    expect(results.find((r) => r.target.startsWith('cold plan'))!.measured).toBe('1500 ms / 1000 ms = 1.50×');
  });

  it('does not judge floor targets measured at another latency or concurrency, and says what was not run', () => {
    const results = evaluateTargets(output([scenario('cold-plan', { wallMs: 5000, floorMs: 1000 })], [], 5), 8, []);
    expect(results.find((r) => r.target.startsWith('cold plan'))!.ok).toBeUndefined();
    expect(results.find((r) => r.target.startsWith('apply from empty'))!.measured).toBe('not run');
    expect(results.find((r) => r.target.startsWith('warm drift'))!.ok).toBeUndefined();
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
