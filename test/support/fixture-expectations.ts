/** One expected error of a broken-repository fixture (`expected.json` next to the repository). */
export interface ExpectedError {
  file?: string;
  line?: number;
  column?: number;
  code?: string;
  path?: string;
  message?: string;
  /** The repository cannot even be read: the source's error class. */
  sourceError?: string;
}
