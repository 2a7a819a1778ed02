// lib/mapping: declared App Mesh documents → the Lattice resources that carry the same traffic
// (docs/lattice.md). Pure: no I/O, no SDK; imports only lib/resources.
export { mapToLattice, type LatticeMapping, type Locate } from './map-to-lattice';
export { latticeName, slug, shortHash, isValidName, NAME_RULES, type NameRule } from './lattice-names';
export { withRegisteredTargets, registeredTargetGroups, cloudMapRegistrations, targetsOf, compareTargets, type RegistrationInstance, type LatticeTarget, type InstancesByNode } from './lattice-targets';
