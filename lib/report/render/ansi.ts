/**
 * Terminal colour, on only when asked. Raw SGR escapes rather than `util.styleText`: newer Node
 * versions make styleText check that process.stdout is a TTY, which a renderer (pure, told by its
 * caller whether colour is wanted) must not depend on.
 */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  magenta(s: string): string;
  cyan(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => (s ? `\u001b[${open}m${s}\u001b[${close}m` : s);

const COLOURED: Style = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  red: sgr(31, 39),
  green: sgr(32, 39),
  yellow: sgr(33, 39),
  blue: sgr(34, 39),
  magenta: sgr(35, 39),
  cyan: sgr(36, 39),
};

const identity = (s: string) => s;
const PLAIN: Style = { bold: identity, dim: identity, red: identity, green: identity, yellow: identity, blue: identity, magenta: identity, cyan: identity };

export function styleFor(color: boolean): Style {
  return color ? COLOURED : PLAIN;
}
