// lib/resources: the plain values that flow between stages (resource identity, kinds, desired and
// live state) and the kind registry. Pure: no I/O, no SDK.
export * from './json';
export * from './kinds';
export * from './resource-key';
export * from './references';
export * from './types';
export * from './results';
export * from './routes';
export * from './tags';
export * from './quotas';
