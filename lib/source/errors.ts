/** A repository could not be read at all. Rendered as one line for the user, never a stack trace. */
export class SourceError extends Error {
  override name = 'SourceError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The directory or repository has no `meshops.yaml` at its root. */
export class SettingsFileMissingError extends SourceError {
  override name = 'SettingsFileMissingError';
}

/** The directory given does not exist or is not a directory. */
export class RepoDirectoryError extends SourceError {
  override name = 'RepoDirectoryError';
}
