import { PassThrough } from 'node:stream';
import type { CliContext } from '../../lib/cli/command';
import { callTicker } from '../../lib/cli/repo-engine';

function context(isTTY: boolean): { ctx: CliContext; written: () => string } {
  const stderr = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const ctx: CliContext = { argv: [], stdout: new PassThrough(), stderr, stdin: new PassThrough(), cwd: '/', env: {} };
  return { ctx, written: () => text };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('the live call count on a terminal', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('shows nothing in the first second, then the calls done, and erases itself at the end', async () => {
    const { ctx, written } = context(true);
    let calls = 0;
    const stop = callTicker(ctx, () => calls, 'reading live state');
    calls = 40;
    jest.advanceTimersByTime(900);
    await flush();
    expect(written()).toBe('');
    calls = 1234;
    jest.advanceTimersByTime(200);
    await flush();
    expect(written()).toBe('\r\x1b[K  … reading live state: 1,234 calls');
    calls = 1300;
    jest.advanceTimersByTime(250);
    stop();
    await flush();
    expect(written()).toBe('\r\x1b[K  … reading live state: 1,234 calls\r\x1b[K  … reading live state: 1,300 calls\r\x1b[K');
  });

  it('writes nothing for a read under a second, on a pipe, or with --json', async () => {
    for (const [tty, json] of [[true, false], [false, false], [true, true]] as const) {
      const { ctx, written } = context(tty);
      const stop = callTicker(ctx, () => 5, 'reading live state', { json });
      jest.advanceTimersByTime(tty && !json ? 500 : 5000);
      stop();
      await flush();
      expect(written()).toBe('');
    }
  });
});
