/** One thing in the input that cannot be converted: where it is, why, and the flag that would supply it. */
export interface ImportProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
  /** The command-line flag that supplies the missing value, e.g. `--parameter VpcId=VALUE`. */
  flag?: string;
}

/** The input cannot become a repository: every problem found, in file and line order. */
export class ImportRefusedError extends Error {
  override name = 'ImportRefusedError';
  readonly problems: ImportProblem[];

  constructor(problems: ImportProblem[], options?: { cause?: unknown }) {
    const sorted = [...problems].sort(compareProblems);
    super(sorted.map(formatProblem).join('\n'), options);
    this.problems = sorted;
  }
}

export function formatProblem(p: ImportProblem): string {
  const at = p.line !== undefined ? `${p.file}:${p.line}${p.column !== undefined ? `:${p.column}` : ''}` : p.file;
  return `${at}: ${p.message}${p.flag ? ` (pass ${p.flag})` : ''}`;
}

function compareProblems(a: ImportProblem, b: ImportProblem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}
