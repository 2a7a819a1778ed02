import { appMeshModel } from '../../api-model/service-models';

/** The error shapes App Mesh declares (docs/aws-behaviour.md §7); the HTTP status of each comes from the model. */
export type AppMeshErrorName =
  | 'BadRequestException'
  | 'ConflictException'
  | 'ForbiddenException'
  | 'InternalServerErrorException'
  | 'LimitExceededException'
  | 'NotFoundException'
  | 'ResourceInUseException'
  | 'ServiceUnavailableException'
  | 'TooManyRequestsException'
  | 'TooManyTagsException';

/** Not in the model: what an unknown method + path gets (as from an API front door). */
export const UNKNOWN_OPERATION = 'UnknownOperationException';

/**
 * An App Mesh API error as the service answers it: thrown by the resource logic, rendered by
 * protocol.ts as `x-amzn-errortype: <errorName>` + `{"message": ...}` with the model's status.
 */
export class AppMeshApiError extends Error {
  override name = 'AppMeshApiError';
  readonly statusCode: number;
  constructor(
    readonly errorName: AppMeshErrorName | typeof UNKNOWN_OPERATION,
    message: string,
  ) {
    super(message);
    this.statusCode = errorName === UNKNOWN_OPERATION ? 404 : (appMeshModel.shapes[errorName]?.error?.httpStatusCode ?? 400);
  }
}

export const badRequest = (message: string) => new AppMeshApiError('BadRequestException', message);
export const notFound = (message: string) => new AppMeshApiError('NotFoundException', message);
export const conflict = (message: string) => new AppMeshApiError('ConflictException', message);
export const resourceInUse = (message: string) => new AppMeshApiError('ResourceInUseException', message);
export const limitExceeded = (message: string) => new AppMeshApiError('LimitExceededException', message);
export const tooManyTags = (message: string) => new AppMeshApiError('TooManyTagsException', message);
