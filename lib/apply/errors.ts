/** The live resource moved since the plan was made: the plan is no longer what would run. */
export class StalePlanError extends Error {
  override name = 'StalePlanError';
}

/** The plan has errors (conflicts, maxDeletes, blocked deletes): nothing is applied. */
export class ApplyRefusedError extends Error {
  override name = 'ApplyRefusedError';
}
