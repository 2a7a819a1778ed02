import { invalidInput } from './errors';

export type FilterCondition = 'EQ' | 'IN' | 'BETWEEN' | 'BEGINS_WITH';

export interface FilterInput {
  Name: string;
  Values: string[];
  Condition?: FilterCondition;
}

export interface Filter {
  name: string;
  values: string[];
  condition: FilterCondition;
}

/**
 * Checks list filters against what each filter name supports (the API reference's NamespaceFilter,
 * ServiceFilter and OperationFilter pages): EQ (the default) and BEGINS_WITH take one value, IN one
 * or more, BETWEEN exactly two.
 */
export function checkFilters(
  filters: FilterInput[] | undefined,
  supported: Record<string, readonly FilterCondition[]>,
  /** The values a filter name takes, where the model gives them as an enum (STATUS, TYPE). */
  enums: Record<string, readonly string[]> = {},
): Filter[] {
  return (filters ?? []).map((f, i) => {
    const condition = f.Condition ?? 'EQ';
    const allowed = supported[f.Name] ?? [];
    if (!allowed.includes(condition)) {
      throw invalidInput(`Filters[${i}].Condition: ${condition} is not supported for the filter ${f.Name} (supported: ${allowed.join(', ')})`);
    }
    const n = f.Values.length;
    if ((condition === 'EQ' || condition === 'BEGINS_WITH') && n !== 1) {
      throw invalidInput(`Filters[${i}].Values: ${condition} takes exactly one value (got ${n})`);
    }
    if (condition === 'IN' && n < 1) throw invalidInput(`Filters[${i}].Values: IN takes at least one value`);
    if (condition === 'BETWEEN' && n !== 2) throw invalidInput(`Filters[${i}].Values: BETWEEN takes a start and an end value (got ${n})`);
    const known = enums[f.Name];
    const unknown = known && condition !== 'BEGINS_WITH' ? f.Values.find((v) => !known.includes(v)) : undefined;
    if (known && unknown !== undefined) throw invalidInput(`Filters[${i}].Values: ${JSON.stringify(unknown)} is not a ${f.Name} (one of ${known.join(', ')})`);
    return { name: f.Name, values: f.Values, condition };
  });
}

/** Whether a string value passes an EQ, IN or BEGINS_WITH filter. */
export function matchesString(value: string | undefined, filter: Filter): boolean {
  if (value === undefined) return false;
  switch (filter.condition) {
    case 'EQ':
    case 'IN':
      return filter.values.includes(value);
    case 'BEGINS_WITH':
      return value.startsWith(filter.values[0]);
    case 'BETWEEN':
      return false;
  }
}
