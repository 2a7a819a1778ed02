import type { ShapeIssue } from '../../api-model';
import { vpcLatticeModel } from '../../api-model/service-models';
import { formatPath } from '../wire/rest-json';

/** The error shapes VPC Lattice declares; the HTTP status of each comes from the model. */
export type LatticeErrorName =
  | 'ValidationException'
  | 'AccessDeniedException'
  | 'ConflictException'
  | 'ResourceNotFoundException'
  | 'ServiceQuotaExceededException'
  | 'ThrottlingException'
  | 'InternalServerException';

/** Not in the model: what an unknown method + path gets (as from an API front door). */
export const UNKNOWN_OPERATION = 'UnknownOperationException';
/** Not in the model: an operation the model has and the emulator does not serve (HTTP 501). */
export const NOT_EMULATED = 'NotImplementedException';

/** The `resourceType` member of ConflictException, ResourceNotFoundException and quota errors. */
export type LatticeResourceType =
  | 'SERVICE_NETWORK'
  | 'SERVICE'
  | 'LISTENER'
  | 'RULE'
  | 'TARGET_GROUP'
  | 'TARGET'
  | 'SERVICE_NETWORK_SERVICE_ASSOCIATION'
  | 'SERVICE_NETWORK_VPC_ASSOCIATION'
  | 'ACCESS_LOG_SUBSCRIPTION'
  | 'AUTH_POLICY'
  | 'RESOURCE';

/**
 * A VPC Lattice API error as the service answers it: `x-amzn-errortype: <errorName>` and a body
 * with `message` plus the members the model declares for that error (`reason` and `fieldList`
 * for validation, `resourceId`/`resourceType` for not-found and conflicts, quota codes).
 */
export class LatticeApiError extends Error {
  override name = 'LatticeApiError';
  readonly statusCode: number;
  constructor(
    readonly errorName: LatticeErrorName | typeof UNKNOWN_OPERATION | typeof NOT_EMULATED,
    message: string,
    readonly members: Record<string, unknown> = {},
  ) {
    super(message);
    this.statusCode = errorName === UNKNOWN_OPERATION ? 404 : errorName === NOT_EMULATED ? 501 : (vpcLatticeModel.shapes[errorName]?.error?.httpStatusCode ?? 400);
  }
}

export type ValidationReason = 'unknownOperation' | 'cannotParse' | 'fieldValidationFailed' | 'other';

export function validation(message: string, reason: ValidationReason = 'other', fields: { name: string; message: string }[] = []): LatticeApiError {
  return new LatticeApiError('ValidationException', message, { reason, ...(fields.length ? { fieldList: fields } : {}) });
}

/** A malformed request, with the fields at fault when the model check found them. */
export function invalidRequest(message: string, issues?: ShapeIssue[]): LatticeApiError {
  if (!issues) return validation(message, 'cannotParse');
  return validation(
    message,
    'fieldValidationFailed',
    issues.map((i) => ({ name: formatPath(i.path), message: i.message })),
  );
}

/** A field that is well formed but not acceptable (the model cannot say so): fieldValidationFailed with that field. */
export function invalidField(field: string, message: string): LatticeApiError {
  return validation(`1 validation error detected: Value at '${field}' failed to satisfy constraint: ${message}`, 'fieldValidationFailed', [{ name: field, message }]);
}

export const notFound = (resourceType: LatticeResourceType, resourceId: string, message: string) => new LatticeApiError('ResourceNotFoundException', message, { resourceId, resourceType });
export const conflict = (resourceType: LatticeResourceType, resourceId: string, message: string) => new LatticeApiError('ConflictException', message, { resourceId, resourceType });

export const LATTICE_SERVICE_CODE = 'vpc-lattice';

export function quotaExceeded(resourceType: LatticeResourceType, quotaCode: string, message: string, resourceId?: string): LatticeApiError {
  return new LatticeApiError('ServiceQuotaExceededException', message, { resourceType, quotaCode, serviceCode: LATTICE_SERVICE_CODE, ...(resourceId ? { resourceId } : {}) });
}
