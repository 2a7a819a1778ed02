/** Classifying AWS SDK errors, and the errors this module raises. */

export interface AwsErrorLike {
  name?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

export function awsErrorName(err: unknown): string {
  const e = err as AwsErrorLike;
  return e?.name ?? 'Error';
}

const THROTTLING = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'RequestLimitExceeded', 'ThrottledException', 'SlowDown', 'RequestThrottled']);
const SERVER = new Set(['InternalServerErrorException', 'ServiceUnavailableException', 'InternalFailure', 'ServiceUnavailable', 'InternalError']);

export function isThrottling(err: unknown): boolean {
  const e = err as AwsErrorLike;
  return THROTTLING.has(awsErrorName(err)) || e?.$metadata?.httpStatusCode === 429;
}

/**
 * Quota errors are not transient: the SDK classifies App Mesh's LimitExceededException as
 * throttling and retries it (docs/aws-behaviour.md §7), we never do.
 */
export function isQuotaError(err: unknown): boolean {
  const name = awsErrorName(err);
  return name === 'LimitExceededException' || name === 'ResourceLimitExceeded' || name === 'TooManyTagsException';
}

export function isServerError(err: unknown): boolean {
  const e = err as AwsErrorLike;
  const status = e?.$metadata?.httpStatusCode ?? 0;
  return SERVER.has(awsErrorName(err)) || status >= 500 || (e?.$fault === 'server' && !isQuotaError(err));
}

export function isRetryable(err: unknown): boolean {
  if (isQuotaError(err)) return false;
  if (isThrottling(err) || isServerError(err)) return true;
  // Network errors from the HTTP handler (connection reset, timeouts) carry no $metadata.
  const code = (err as { code?: string })?.code;
  return code === 'ECONNRESET' || code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 'EPIPE' || (err as Error)?.name === 'TimeoutError';
}

export function isNotFound(err: unknown): boolean {
  const name = awsErrorName(err);
  return name === 'NotFoundException' || name === 'NamespaceNotFound' || name === 'ServiceNotFound' || name === 'OperationNotFound' || name === 'ResourceNotFoundException';
}

/** An endpoint that lacks an operation (moto answers 404 without an error type for kinds it lacks). */
export function isUnimplemented(err: unknown): boolean {
  const e = err as AwsErrorLike & { $response?: { statusCode?: number } };
  const name = awsErrorName(err);
  const status = e?.$metadata?.httpStatusCode ?? e?.$response?.statusCode;
  // A 404 whose body is an HTML page fails deserialization (SyntaxError) before any error type is read.
  return status === 404 && (name === 'Unknown' || name.endsWith('ServiceException') || name === 'UnknownOperationException' || name === 'SyntaxError');
}

/** An AWS call failed: says what we were doing, keeps the SDK error as `cause`. */
export class AwsCallError extends Error {
  override name = 'AwsCallError';
  readonly awsName: string;
  constructor(readonly action: string, cause: unknown) {
    super(`${action}: ${awsErrorName(cause)}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.awsName = awsErrorName(cause);
  }
}

/** A Cloud Map operation settled as FAIL, or did not settle in time. */
export class CloudMapOperationError extends Error {
  override name = 'CloudMapOperationError';
  constructor(message: string, readonly operationId: string, readonly errorCode?: string) {
    super(message);
  }
}
