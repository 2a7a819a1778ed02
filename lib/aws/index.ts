// lib/aws: small adapters over the App Mesh, Cloud Map and Resource Groups Tagging SDK clients, shaped for the live reader
// and the applier. Clients are injected; every call goes through one CallPolicy (concurrency, retries).
export { TaggingApi, TAGGING_PAGE_SIZE } from './tagging-api';
export { AppMeshApi, type AppMeshKind, type AppMeshRef, type AppMeshResource } from './app-mesh-api';
export { CloudMapApi, type CloudMapNamespaceInfo, type CloudMapServiceInfo, namespaceSpecFromWire, serviceSpecFromWire } from './cloud-map-api';
export { CallPolicy, Limiter, withRetry, type RetryOptions } from './call-policy';
export * from './errors';
