/** Durations as written in `rollout.interval`: `90s`, `5m`, `1h`, `1h30m` (hours, minutes, seconds, in that order). */
const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

export const MIN_INTERVAL_MS = 1_000;
export const MAX_INTERVAL_MS = 24 * 60 * 60_000;
export const DURATION_PATTERN = '^(?:[0-9]+h)?(?:[0-9]+m)?(?:[0-9]+s)?$';

/** Milliseconds, or undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m || text === '') return undefined;
  const [h, min, s] = [m[1], m[2], m[3]].map((v) => Number(v ?? 0));
  return ((h! * 60 + min!) * 60 + s!) * 1000;
}

/** `5m`, `1h30m`, `45s`: the shortest form. */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const out = `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
  return out || '0s';
}
