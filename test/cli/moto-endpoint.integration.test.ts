import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { cli } from '../support/cli';
import { describeWithMoto, startMoto, type MotoServer } from '../support/moto';

/**
 * The same engine against a third-party implementation of the APIs: the template, restricted to the
 * kinds moto implements (meshes, virtual nodes, routers, routes; Cloud Map), applies cleanly and
 * then plans to nothing. moto answers 404 without an error type for the kinds it lacks: the live
 * reader takes that as "none of that kind" with a warning (docs/design.md §5).
 */
const UNSUPPORTED = new Set(['VirtualService', 'VirtualGateway', 'GatewayRoute']);

/** Drops the documents of the kinds moto does not implement from every file below `dir`. */
function keepSupportedKinds(dir: string): void {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      keepSupportedKinds(path);
      continue;
    }
    const docs = parseAllDocuments(readFileSync(path, 'utf8')).filter((d) => !UNSUPPORTED.has(String(d.get('kind'))));
    // Backends name virtual services, which are gone with them.
    for (const d of docs) d.deleteIn(['spec', 'backends']);
    writeFileSync(path, docs.map((d) => d.toString()).join('---\n'));
  }
}

describeWithMoto('meshops against moto', () => {
  let moto: MotoServer;
  let cwd: string;
  beforeAll(async () => {
    moto = await startMoto();
  }, 60_000);
  afterAll(async () => moto?.stop());
  beforeEach(async () => {
    await moto.reset();
    cwd = mkdtempSync(join(tmpdir(), 'meshops-moto-'));
    cpSync(join(__dirname, '..', '..', 'mesh-repo-template'), join(cwd, 'repo'), { recursive: true });
    keepSupportedKinds(join(cwd, 'repo', 'mesh'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('applies the supported kinds and then plans nothing', async () => {
    const env = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };
    const applied = await cli(['apply', 'repo', '--auto-approve', '--endpoint', moto.url], { cwd, env });
    expect(applied.stderr).toBe('');
    expect(applied.stdout.slice(-1500)).toContain('Applied:');
    expect(applied.code).toBe(0);
    const plan = await cli(['plan', 'repo', '--detailed-exitcode', '--endpoint', moto.url], { cwd, env });
    expect(plan.stderr).toContain('does not implement listing VirtualGateway resources');
    expect(plan.stdout).toContain('No changes');
    expect(plan.code).toBe(0);
  }, 60_000);
});
