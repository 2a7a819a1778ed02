import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SPEC_RULES } from '../../lib/api-model/spec-rules';
import type { DiagnosticCode } from '../../lib/model/diagnostics';
import { brokenFixtures } from '../support/fixture-expectations';

/**
 * Every diagnostic code has a repository that produces exactly it: a fixture under
 * test/fixtures/broken/<code>/ whose expected diagnostics all carry that code (broken-repos.test.ts
 * checks each one's file, line, column and message). The few codes a repository in Git cannot
 * produce name the test that covers them and why. `Record<DiagnosticCode, …>`: a new code does
 * not compile until it is listed here.
 */
type Coverage = 'fixture' | { test: string; why: string } | { unreachable: string; in: string };

const BUILT = 'test/reliability/bad-inputs.system.test.ts';
const COVERAGE: Record<DiagnosticCode, Coverage> = {
  // the shape validator
  type: 'fixture',
  'unknown-field': 'fixture',
  required: 'fixture',
  enum: 'fixture',
  range: 'fixture',
  length: 'fixture',
  pattern: 'fixture',
  size: 'fixture',
  union: 'fixture',
  deprecated: 'fixture',
  // spec rules
  'route-one-protocol': 'fixture',
  'gateway-route-one-protocol': 'fixture',
  'http-prefix-starts-with-slash': 'fixture',
  'http-path-exact-starts-with-slash': 'fixture',
  'http-match-prefix-or-path': 'fixture',
  'grpc-method-needs-service': 'fixture',
  'weighted-targets-total': 'fixture',
  'weighted-targets-not-all-zero': 'fixture',
  'weighted-targets-unique': 'fixture',
  'retry-policy-events': 'fixture',
  'listener-ports-unique': 'fixture',
  'at-least-one-listener': 'fixture',
  'listener-connection-pool-protocol': 'fixture',
  'listener-timeout-protocol': 'fixture',
  'health-check-port-is-listener-port': 'fixture',
  'health-check-path-http-only': 'fixture',
  'service-discovery-with-listeners': 'fixture',
  'backends-unique': 'fixture',
  'gateway-route-reserved-names': 'fixture',
  'gateway-route-rewrite-matches-match': 'fixture',
  'gateway-route-hostname-match': 'fixture',
  'route-timeouts-cover-retries': 'fixture',
  'namespace-vpc': 'fixture',
  'namespace-properties-dns-only': 'fixture',
  'service-dns-records': 'fixture',
  'service-one-health-check': 'fixture',
  'service-health-check-resource-path': 'fixture',
  'service-type-http-no-dns': 'fixture',
  // reading the repository
  'repo-unreadable': { test: 'test/model/render.test.ts', why: 'a source that cannot be read at all (no directory, a failed download): there is no repository to keep' },
  'repo-not-allowed': { test: 'test/app/read-repo-at.test.ts', why: "a deployment's allowlist refuses the repository before it is read; not a property of its files" },
  'owner-not-writable': { test: 'test/functions/reconcile.integration.test.ts', why: "the deployment's ownerTagValues refuse the owner; a property of the deployment, not of the files" },
  'file-too-large': { test: BUILT, why: 'files over 1 MiB are built when the suite runs, not kept in Git' },
  'too-many-files': { test: BUILT, why: '5,001 files are built when the suite runs' },
  'symlink-outside-repo': { test: BUILT, why: 'links out of the repository are built when the suite runs' },
  // A backslash in a name is a fixture; "..", a drive letter and NUL cannot be checked out, so
  // test/model/load.test.ts builds those in memory.
  'unsafe-path': 'fixture',
  unreadable: { test: BUILT, why: 'link loops and a FIFO are built when the suite runs' },
  'hidden-file': 'fixture',
  'no-resources': 'fixture',
  'path-empty': 'fixture',
  // YAML
  'not-utf8': 'fixture',
  'byte-order-mark': 'fixture',
  'line-endings': 'fixture',
  'yaml-syntax': 'fixture',
  'yaml-version': 'fixture',
  'yaml-warning': 'fixture',
  'yaml-leading-zero': 'fixture',
  'yaml-alias': 'fixture',
  'yaml-alias-bomb': 'fixture',
  'yaml-key': 'fixture',
  'yaml-merge-key': 'fixture',
  'yaml-tag': 'fixture',
  'yaml-too-deep': 'fixture',
  'duplicate-key': 'fixture',
  // documents
  'document-type': 'fixture',
  'unknown-kind': 'fixture',
  'field-not-for-kind': 'fixture',
  name: 'fixture',
  'tag-reserved': 'fixture',
  duration: 'fixture',
  'rollout-steps': 'fixture',
  'rollout-interval': 'fixture',
  'rollout-alarms': 'fixture',
  // settings
  'settings-missing': 'fixture',
  'settings-empty': 'fixture',
  'settings-multiple-documents': 'fixture',
  'owner-missing': 'fixture',
  'settings-version': 'fixture',
  'settings-path': 'fixture',
  'settings-duplicate-target': 'fixture',
  'settings-duplicate-vpc': 'fixture',
  'owner-invalid': 'fixture',
  'owner-not-allowed': { test: 'test/model/load.test.ts', why: "the owner a deployment pins for the repository is the deployment's setting, not the repository's" },
  'ignore-pointer': 'fixture',
  'ignore-never-matches': 'fixture',
  'lattice-mapping': 'fixture',
  // cross-references and quotas
  'duplicate-resource': 'fixture',
  'mesh-missing': 'fixture',
  'parent-missing': 'fixture',
  'route-target-missing': 'fixture',
  'provider-missing': 'fixture',
  'gateway-route-target-missing': 'fixture',
  'backend-missing': 'fixture',
  'cloud-map-namespace-external': 'fixture',
  'cloud-map-service-missing': 'fixture',
  'route-protocol-mismatch': 'fixture',
  'route-port-required': 'fixture',
  'route-port-mismatch': 'fixture',
  'target-port-mismatch': 'fixture',
  'service-namespace-type': 'fixture',
  'reference-missing': {
    unreachable: 'only the Lattice resources the mapping derives make these references (a service association, a forward target), and cross-references are checked on declared documents; the code exists because every reference role has one',
    in: 'lib/model/cross-references.ts',
  },
  quota: 'fixture',
};

const ROOT = join(__dirname, '..', '..');
const fixtures = brokenFixtures();
const exactly = (code: string) => fixtures.filter((f) => f.code === code && f.expected.every((e) => e.code === code));

describe('every diagnostic code has a fixture', () => {
  it.each(Object.entries(COVERAGE).filter(([, c]) => c === 'fixture'))('%s: a fixture under broken/<code>/ produces exactly it', (code) => {
    expect(exactly(code).map((f) => f.name)).not.toEqual([]);
  });

  it.each(Object.entries(COVERAGE).flatMap(([code, c]) => (c === 'fixture' || !('test' in c) ? [] : [[code, c.test, c] as const])))('%s: no fixture can hold it; %s has it', (code, _test, c) => {
    expect(existsSync(join(ROOT, c.test))).toBe(true);
    expect(readFileSync(join(ROOT, c.test), 'utf8')).toMatch(new RegExp(`['"]${code}['"@]`));
    expect(c.why).not.toBe('');
  });

  it.each(Object.entries(COVERAGE).flatMap(([code, c]) => (c !== 'fixture' && 'unreachable' in c ? [[code, c] as const] : [])))('%s: no repository can produce it, and it is still produced in the named module', (code, c) => {
    expect(readFileSync(join(ROOT, c.in), 'utf8')).toContain(`'${code}'`);
    expect(c.unreachable).not.toBe('');
  });

  it('every spec rule has a fixture of its own', () => {
    const without = SPEC_RULES.filter((r) => COVERAGE[r.id] !== 'fixture' || exactly(r.id).length === 0).map((r) => r.id);
    expect(without).toEqual([]);
  });

  it('every folder of the tree is a diagnostic code', () => {
    const codes = new Set(Object.keys(COVERAGE));
    expect([...new Set(fixtures.map((f) => f.code))].filter((c) => !codes.has(c))).toEqual([]);
  });

  it('finds a code that lost its only fixture', () => {
    expect(exactly('no-such-code')).toEqual([]);
    expect(exactly('duplicate-key').length).toBeGreaterThan(0);
  });
});
