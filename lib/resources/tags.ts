/**
 * Tags whose key starts with `aws:` (in any case) are AWS's own: users cannot set them, and meshops
 * never compares, adds or removes them (docs/aws-behaviour.md §9, docs/design.md §2).
 */
export function isAwsTag(key: string): boolean {
  return key.slice(0, 4).toLowerCase() === 'aws:';
}
