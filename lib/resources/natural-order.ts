/**
 * The order names are listed in everywhere people read them (plans, comments, traffic views,
 * drift): natural order, so `svc-2` comes before `svc-10`. Runs of digits compare as numbers (a
 * tie on value, `07` against `7`, goes to the shorter), everything else by UTF-16 code unit, so
 * the order is total and the same on every machine and locale.
 */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      const ea = digitsEnd(a, i);
      const eb = digitsEnd(b, j);
      const na = stripZeros(a, i, ea);
      const nb = stripZeros(b, j, eb);
      const da = ea - na;
      const db = eb - nb;
      if (da !== db) return da - db;
      for (let k = 0; k < da; k++) {
        const d = a.charCodeAt(na + k) - b.charCodeAt(nb + k);
        if (d) return d;
      }
      if (ea - i !== eb - j) return ea - i - (eb - j);
      i = ea;
      j = eb;
      continue;
    }
    if (ca !== cb) return ca - cb;
    i++;
    j++;
  }
  return a.length - i - (b.length - j);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function digitsEnd(s: string, from: number): number {
  let k = from;
  while (k < s.length && isDigit(s.charCodeAt(k))) k++;
  return k;
}

function stripZeros(s: string, from: number, end: number): number {
  let k = from;
  while (k < end - 1 && s.charCodeAt(k) === 48) k++;
  return k;
}
