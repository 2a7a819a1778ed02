// The meshops:owner values a deployment's IAM role may write (serverless.yml `ownerTagValues`, IAM
// StringLike patterns). meshops checks an owner against them before planning, so a repository whose
// owner the role cannot write gets a plan error, not an AccessDenied in the middle of an apply.

/**
 * Comma-separated IAM StringLike patterns; undefined when every value is allowed (empty, or `*`
 * alone: the role only requires the tag to be present).
 */
export function parseOwnerTagValues(text: string | undefined): string[] | undefined {
  const patterns = (text ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
  return patterns.length === 0 || patterns.includes('*') ? undefined : patterns;
}

/** IAM StringLike: `*` any run of characters, `?` one character, case-sensitive. */
export function ownerTagAllows(patterns: readonly string[], owner: string): boolean {
  return patterns.some((pattern) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's').test(owner));
}
