// lib/emulator: the embedded App Mesh + Cloud Map + VPC Lattice API server. Does I/O only when given a state
// file (persistence) or asked to listen (HTTP). The wire layer (wire/) is apart from the resource
// logic (appmesh/, cloudmap/, lattice/: one module per resource kind).
//
// The emulator shares meshops' rule modules (the API model's shapes, the spec rules the real API
// enforces, referencesOf, the route-fits-listeners rule) instead of keeping a second copy; what is
// the service's own (wire formats, errors, ids, server-filled values, quotas) lives here. A wrong
// shared rule is caught by checks that share no meshops code: moto (test/emulator/differential/)
// and the AWS CLI with AWS's own examples (test/emulator/aws-cli-*). docs/design.md §11.
export { Emulator, type EmulatorOptions, type CallStats } from './emulator';
export { emulatorRequestHandler } from './wire/sdk-request-handler';
export { listen, type RunningServer } from './wire/http-server';
export { ManualClock, systemClock, type Clock } from './core/clock';
export type { FaultOptions } from './core/faults';
export { DEFAULT_ACCOUNT } from './core/service';
