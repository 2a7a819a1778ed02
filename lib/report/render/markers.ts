/**
 * Hidden markers: how the GitHub adapter finds its sticky comment or issue again, and how an apply
 * reads the fingerprint of the last plan posted on a PR.
 */

/** First line of the sticky plan comment. */
export const PLAN_MARKER = '<!-- meshops:plan -->';
/** First line of an apply result comment (a new comment per apply, never the plan's). */
export const APPLY_MARKER = '<!-- meshops:apply -->';
/** First line of meshops' short answers on a pull request (one per PR, updated in place). */
export const NOTICE_MARKER = '<!-- meshops:notice -->';
/** First line of the drift issue's body. */
export const DRIFT_MARKER = '<!-- meshops:drift -->';

const FINGERPRINT = /<!-- meshops:fingerprint ([0-9a-f]{8,128}) -->/;

/** A hidden line carrying the full plan fingerprint (none for a value that is not a hex digest). */
export function fingerprintMarker(fingerprint: string): string | undefined {
  return /^[0-9a-f]{8,128}$/.test(fingerprint) ? `<!-- meshops:fingerprint ${fingerprint} -->` : undefined;
}

/** The plan fingerprint a rendered comment carries, if any. */
export function readFingerprintMarker(markdown: string): string | undefined {
  return FINGERPRINT.exec(markdown)?.[1];
}
