/**
 * Cloud Map's API errors as the emulator raises them. Every modelled error is HTTP 400 (none of
 * them carries `httpError` in the model); the extra members (`NamespaceId`, `CreatorRequestId`,
 * `DuplicateOperationId`, ...) go into the JSON body, where SDK v3 sets them on the exception.
 */
export type CloudMapErrorType =
  | 'InvalidInput'
  | 'NamespaceAlreadyExists'
  | 'NamespaceNotFound'
  | 'ServiceAlreadyExists'
  | 'ServiceNotFound'
  | 'InstanceNotFound'
  | 'OperationNotFound'
  | 'ResourceInUse'
  | 'ResourceLimitExceeded'
  | 'DuplicateRequest'
  | 'RequestLimitExceeded'
  | 'ResourceNotFoundException'
  | 'TooManyTagsException'
  | 'CustomHealthNotFound'
  | 'ServiceAttributesLimitExceededException'
  // Protocol-level errors (not in the model's shapes, understood by every AWS SDK).
  | 'UnknownOperationException'
  | 'SerializationException'
  | 'ThrottlingException'
  | 'InternalFailure'
  | 'ServiceUnavailable';

export class CloudMapApiError extends Error {
  override name = 'CloudMapApiError';
  constructor(
    readonly type: CloudMapErrorType,
    message: string,
    /** Extra members of the error shape, sent next to `Message`. */
    readonly members: Record<string, string> = {},
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

export const invalidInput = (message: string) => new CloudMapApiError('InvalidInput', message);
export const namespaceNotFound = (id: string) => new CloudMapApiError('NamespaceNotFound', `Namespace not found: ${id}`);
export const serviceNotFound = (id: string) => new CloudMapApiError('ServiceNotFound', `Service not found: ${id}`);
export const instanceNotFound = (serviceId: string, instanceId: string) =>
  new CloudMapApiError('InstanceNotFound', `Instance not found: ${instanceId} in service ${serviceId}`);
export const operationNotFound = (id: string) => new CloudMapApiError('OperationNotFound', `Operation not found: ${id}`);
export const resourceInUse = (message: string) => new CloudMapApiError('ResourceInUse', message);
export const resourceLimitExceeded = (message: string) => new CloudMapApiError('ResourceLimitExceeded', message);
export const duplicateRequest = (operationId: string, message: string) =>
  new CloudMapApiError('DuplicateRequest', message, { DuplicateOperationId: operationId });
export const resourceNotFound = (arn: string) => new CloudMapApiError('ResourceNotFoundException', `Resource not found: ${arn}`);
