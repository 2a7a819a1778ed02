// lib/emulator: the embedded App Mesh + Cloud Map + VPC Lattice API server. Does I/O only when given a state
// file (persistence) or asked to listen (HTTP). The wire layer (wire/) is apart from the resource
// logic (appmesh/, cloudmap/, lattice/: one module per resource kind).
export { Emulator, type EmulatorOptions, type CallStats } from './emulator';
export { emulatorRequestHandler } from './wire/sdk-request-handler';
export { listen, type RunningServer } from './wire/http-server';
export { ManualClock, systemClock, type Clock } from './core/clock';
export type { FaultOptions } from './core/faults';
export { DEFAULT_ACCOUNT } from './core/service';
