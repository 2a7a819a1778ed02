import { REDACTED, clearRegisteredSecrets, createLogger, redact, registerSecret } from '../../lib/app/logger';

const NOW = new Date('2026-11-25T12:00:00Z');

function capture(level?: 'debug' | 'info' | 'warn' | 'error') {
  const lines: string[] = [];
  const logger = createLogger({ write: (l) => lines.push(l), now: () => NOW, ...(level ? { level } : {}), fields: { function: 'webhook' } });
  return { lines, logger, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('logger', () => {
  afterEach(() => clearRegisteredSecrets());

  it('writes one JSON object per line with the correlation fields', () => {
    const { logger, parsed } = capture();
    logger.child({ repo: 'acme/mesh', deliveryId: 'd-1' }).info('job queued', { jobId: 'job-1', sha: 'a'.repeat(40) });
    expect(parsed()).toEqual([{ time: NOW.toISOString(), level: 'info', message: 'job queued', function: 'webhook', repo: 'acme/mesh', deliveryId: 'd-1', jobId: 'job-1', sha: 'a'.repeat(40) }]);
  });

  it('drops lines below the level', () => {
    const { logger, lines } = capture('warn');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(lines.map((l) => JSON.parse(l).level)).toEqual(['warn', 'error']);
  });

  it('serializes errors with their causes, and survives cycles and bigints', () => {
    const { logger, parsed } = capture();
    const cycle: Record<string, unknown> = { n: 1n };
    cycle.self = cycle;
    const err = Object.assign(new Error('reading virtual node search-v2: AccessDenied', { cause: new Error('403 Forbidden') }), { status: 403 });
    logger.error('failed', { err, cycle });
    const [line] = parsed();
    expect(line!.err).toMatchObject({ name: 'Error', message: 'reading virtual node search-v2: AccessDenied', status: 403, cause: { message: '403 Forbidden' } });
    expect(line!.cycle).toEqual({ n: '1', self: '[Circular]' });
  });

  describe('redaction guard', () => {
    const secret = 'Sup3r-S3cret/"quoted"\\value';

    it('never prints a registered secret: in fields, messages, errors, causes, stacks, or JSON-escaped', () => {
      registerSecret(secret);
      const { logger, lines } = capture('debug');
      logger.info(`message with ${secret}`);
      logger.warn('field', { note: secret, nested: { deeper: [secret] } });
      logger.error('error', { err: new Error(`wrapped: ${secret}`, { cause: new Error(secret) }) });
      logger.child({ context: secret }).debug('child');
      expect(lines).toHaveLength(4);
      for (const line of lines) {
        expect(line).not.toContain(secret);
        expect(line).not.toContain(JSON.stringify(secret).slice(1, -1));
        expect(line).toContain(REDACTED);
      }
    });

    it('redacts the base64 form of a registered secret', () => {
      registerSecret('hunter2-but-longer');
      const b64 = Buffer.from('hunter2-but-longer').toString('base64');
      expect(redact(`auth=${b64}`)).not.toContain(b64.replace(/=+$/, ''));
    });

    it('drops values under secret-looking keys, registered or not', () => {
      const { logger, parsed } = capture();
      logger.info('headers', { headers: { authorization: 'token abc', 'x-hub-signature-256': 'sha256=00', cookie: 'c' }, webhookSecret: 'x', githubToken: 'y', password: 'p' });
      expect(parsed()[0]).toMatchObject({ headers: { authorization: REDACTED, 'x-hub-signature-256': REDACTED, cookie: REDACTED }, webhookSecret: REDACTED, githubToken: REDACTED, password: REDACTED });
    });

    it('redacts anything shaped like a GitHub token even if nobody registered it', () => {
      const tokens = ['ghp_' + 'a1B2'.repeat(9), 'ghs_' + 'Z9y8'.repeat(9), 'github_pat_' + '11ABCDEFG0'.repeat(8)];
      const { logger, lines } = capture();
      for (const t of tokens) logger.info(`calling GitHub with ${t}`);
      for (const [i, t] of tokens.entries()) expect(lines[i]).not.toContain(t);
    });

    it('ignores an empty secret (which would otherwise match everywhere)', () => {
      registerSecret('');
      expect(redact('plain text')).toBe('plain text');
    });
  });
});
