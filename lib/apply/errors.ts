/** The live resource moved since the plan was made: the plan is no longer what would run. */
export class StalePlanError extends Error {
  override name = 'StalePlanError';
}

/** The plan has errors (conflicts, maxDeletes, blocked deletes): nothing is applied. */
export class ApplyRefusedError extends Error {
  override name = 'ApplyRefusedError';
}

/** A Lattice resource settled as failed, or did not settle within the apply's bound. */
export class LatticeStatusError extends Error {
  override name = 'LatticeStatusError';
  constructor(message: string, readonly status: string) {
    super(message);
  }
}
