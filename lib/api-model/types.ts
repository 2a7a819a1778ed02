/** A compact AWS service model (botocore JSON minus documentation). See scripts/generate-shapes.mjs. */

export interface MemberRef {
  shape: string;
  location?: 'uri' | 'querystring' | 'header' | 'headers';
  locationName?: string;
  idempotencyToken?: boolean;
  deprecated?: boolean;
  /** For document shapes whose member names differ from the API's (Cloud Map): the API's name. */
  wireName?: string;
}

export interface Shape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'double' | 'float' | 'boolean' | 'timestamp' | 'blob';
  members?: Record<string, MemberRef>;
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  required?: string[];
  union?: boolean;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  payload?: string;
  error?: { httpStatusCode?: number; senderFault?: boolean; code?: string };
  exception?: boolean;
  fault?: boolean;
  retryable?: { throttling?: boolean };
  box?: boolean;
  /** How a timestamp travels (`iso8601` for VPC Lattice; epoch seconds when absent in rest-json). */
  timestampFormat?: 'iso8601' | 'epoch-seconds' | 'rfc822';
}

export type ShapeTable = Record<string, Shape>;

export interface OperationModel {
  name: string;
  http: { method?: string; requestUri?: string; responseCode?: number };
  input?: string;
  output?: string;
  errors: string[];
  idempotent?: boolean;
  hostPrefix?: string;
}

export interface ServiceModel {
  metadata: Record<string, string>;
  operations: Record<string, OperationModel>;
  paginators: Record<string, { input_token: string; output_token: string; limit_key?: string; result_key: string | string[] }>;
  shapes: ShapeTable;
}
