/**
 * Structured JSON logs, one object per line (CloudWatch Logs Insights reads the fields), with the
 * correlation fields every line should carry: repo, sha, jobId, deliveryId.
 *
 * The redaction guard works on the final serialized line, so a secret cannot get out whichever
 * path it takes (a field, an error message, a nested cause, a stack): every value registered
 * with `registerSecret` (secrets.ts registers what it reads from SSM), in plain, JSON-escaped and
 * base64 forms, is replaced; values under secret-looking keys are dropped; and anything shaped like
 * a GitHub token is replaced even if nobody registered it.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogFields {
  repo?: string;
  sha?: string;
  jobId?: string;
  deliveryId?: string;
  [key: string]: unknown;
}

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds these fields to every line. */
  child(fields: LogFields): Logger;
}

export const REDACTED = '[REDACTED]';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /secret|token|passw|authorization|signature|credential|private.?key|cookie/i;
const GITHUB_TOKEN = /\b(?:gh[pousr]_[A-Za-z0-9]{20,255}|github_pat_[A-Za-z0-9_]{20,255})\b/g;

/** Process-wide: a secret read anywhere is redacted from every logger. */
const registeredSecrets = new Set<string>();

export function registerSecret(value: string): void {
  if (!value) return;
  registeredSecrets.add(value);
  const escaped = JSON.stringify(value).slice(1, -1);
  if (escaped !== value) registeredSecrets.add(escaped);
  if (value.length >= 8) registeredSecrets.add(Buffer.from(value, 'utf8').toString('base64').replace(/=+$/, ''));
}

/** For tests that register throwaway secrets. */
export function clearRegisteredSecrets(): void {
  registeredSecrets.clear();
}

export function redact(text: string): string {
  let out = text.replace(GITHUB_TOKEN, REDACTED);
  // Longest first, so a secret that contains another is replaced whole.
  for (const secret of [...registeredSecrets].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; default stdout (Lambda ships it to CloudWatch). */
  write?: (line: string) => void;
  fields?: LogFields;
  now?: () => Date;
}

function serializeError(err: Error, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { name: err.name, message: err.message };
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number') out.status = status;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (err.stack) out.stack = err.stack;
  if (err.cause !== undefined && depth < 3) out.cause = err.cause instanceof Error ? serializeError(err.cause, depth + 1) : String(err.cause);
  return out;
}

function toJson(record: Record<string, unknown>): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(record, (key, value: unknown) => {
    if (key !== '' && SECRET_KEY.test(key)) return REDACTED;
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Error) return serializeError(value, 0);
    if (value instanceof Uint8Array) return `<${value.length} bytes>`;
    if (typeof value === 'object' && value !== null) {
      if (seen.has(value)) return '[Circular]';
      seen.add(value);
    }
    return value;
  });
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = LEVELS[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const base = options.fields ?? {};

  const log = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (LEVELS[level] < threshold) return;
    let line: string;
    try {
      line = toJson({ time: now().toISOString(), level, message, ...base, ...fields });
    } catch (err) {
      line = JSON.stringify({ time: now().toISOString(), level, message, logError: `fields could not be serialized: ${(err as Error).message}` });
    }
    write(redact(line));
  };

  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}
