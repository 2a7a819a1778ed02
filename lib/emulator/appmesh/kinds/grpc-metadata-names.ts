import { isJsonObject, type JsonObject } from '../../../resources';

/**
 * gRPC metadata match names come back in lower case: the create-route CLI example sends
 * `"name": "myMetadata"` and the service answers `"name": "mymetadata"` (aws-cli
 * awscli/examples/appmesh/create-route.rst), while HTTP header names in the http2 example are
 * echoed as sent. gRPC metadata keys are lower case on the wire, which is the likely reason. For
 * gateway routes there is no example; the same reason applies, so they get the same treatment.
 */
export function lowerCaseGrpcMetadataNames(spec: JsonObject): JsonObject {
  const grpc = spec.grpcRoute;
  if (!isJsonObject(grpc) || !isJsonObject(grpc.match) || !Array.isArray(grpc.match.metadata)) return spec;
  const metadata = grpc.match.metadata.map((m) => (isJsonObject(m) && typeof m.name === 'string' ? { ...m, name: m.name.toLowerCase() } : m));
  return { ...spec, grpcRoute: { ...grpc, match: { ...grpc.match, metadata } } };
}
