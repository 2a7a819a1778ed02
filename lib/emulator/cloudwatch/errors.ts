/** CloudWatch errors: the Smithy shape name (JSON and CBOR `__type`), the awsQuery code, the HTTP status. */
const ERRORS = {
  InvalidParameterValueException: { code: 'InvalidParameterValue', status: 400 },
  MissingRequiredParameterException: { code: 'MissingParameter', status: 400 },
  InvalidParameterCombinationException: { code: 'InvalidParameterCombination', status: 400 },
  InvalidFormatFault: { code: 'InvalidFormat', status: 400 },
  InvalidNextToken: { code: 'InvalidNextToken', status: 400 },
  ResourceNotFound: { code: 'ResourceNotFound', status: 404 },
  LimitExceededFault: { code: 'LimitExceeded', status: 400 },
  InternalServiceFault: { code: 'InternalServiceError', status: 500 },
  ThrottlingException: { code: 'Throttling', status: 400 },
  UnknownOperationException: { code: 'InvalidAction', status: 400 },
  SerializationException: { code: 'MalformedInput', status: 400 },
} as const;

export type CloudWatchErrorShape = keyof typeof ERRORS;

export class CloudWatchApiError extends Error {
  override name = 'CloudWatchApiError';
  constructor(
    readonly shape: CloudWatchErrorShape,
    message: string,
  ) {
    super(message);
  }
  get code(): string {
    return ERRORS[this.shape].code;
  }
  get status(): number {
    return ERRORS[this.shape].status;
  }
  get fault(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }
}
