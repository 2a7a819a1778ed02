import { createHash } from 'node:crypto';
import type { LatticeKind } from '../resources/kinds';

/**
 * How meshops names the Lattice resources it derives (docs/lattice.md, "Names"). Lattice names
 * are 3 to N characters of [a-z0-9-], with no leading, trailing or doubled hyphen, and some kinds
 * refuse a prefix (`svc-`, `listener-`, `rule-`, `tg-`). A name is the App Mesh name made into
 * that alphabet (lower case; every other character becomes a hyphen; hyphens collapsed). When that
 * loses information (the name changed, was cut to fit, or joins several names), an 8-character hash
 * of the original names is appended, so two App Mesh names never meet in one Lattice name and the
 * same repository always derives the same names.
 */
export interface NameRule {
  min: number;
  max: number;
  /** A prefix the API refuses. */
  forbiddenPrefix?: string;
}

export const NAME_RULES: Record<Exclude<LatticeKind, 'ServiceNetworkVpcAssociation' | 'ServiceNetworkServiceAssociation'>, NameRule> = {
  ServiceNetwork: { min: 3, max: 63 },
  LatticeService: { min: 3, max: 40, forbiddenPrefix: 'svc-' },
  Listener: { min: 3, max: 63, forbiddenPrefix: 'listener-' },
  Rule: { min: 3, max: 63, forbiddenPrefix: 'rule-' },
  TargetGroup: { min: 3, max: 128, forbiddenPrefix: 'tg-' },
};

const HASH_LENGTH = 8;

/** `[a-z0-9-]`, no leading, trailing or doubled hyphen. */
export function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function shortHash(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, HASH_LENGTH);
}

/** Whether `name` is valid for a rule (the API's pattern and length). */
export function isValidName(name: string, rule: NameRule): boolean {
  return (
    name.length >= rule.min &&
    name.length <= rule.max &&
    /^[a-z0-9-]+$/.test(name) &&
    !name.startsWith('-') &&
    !name.endsWith('-') &&
    !name.includes('--') &&
    !(rule.forbiddenPrefix && name.startsWith(rule.forbiddenPrefix))
  );
}

/**
 * The Lattice name for one or more App Mesh names. `hashInput` adds facts that must change the name
 * when they change (a target group's port and protocol cannot change in place: a new name makes
 * the plan create the new group, move the rules to it, then delete the old one).
 */
export function latticeName(parts: readonly string[], rule: NameRule, hashInput: readonly string[] = []): string {
  const base = parts.map(slug).filter((p) => p !== '').join('-');
  const lossless = parts.length === 1 && hashInput.length === 0 && base === parts[0];
  if (lossless && isValidName(base, rule)) return base;
  const hash = shortHash([...parts, ...hashInput]);
  let head = base;
  if (rule.forbiddenPrefix && head.startsWith(rule.forbiddenPrefix)) head = `m-${head}`;
  head = head.slice(0, rule.max - HASH_LENGTH - 1).replace(/-+$/, '');
  return head ? `${head}-${hash}` : `m${hash}`;
}
