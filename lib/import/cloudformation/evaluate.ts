import type { PathSegment } from '../../model';
import type { SourceOrigins } from '../source-origins';

/** A resource attribute that has no value before CloudFormation creates the resource (a Cloud Map id). */
export class ResourceToken {
  constructor(
    readonly logicalId: string,
    readonly type: string,
    /** `Ref` or the attribute's name. */
    readonly attribute: string,
  ) {}

  describe(): string {
    return this.attribute === 'Ref' ? `!Ref ${this.logicalId}` : `!GetAtt ${this.logicalId}.${this.attribute}`;
  }
}

/** `!Ref AWS::NoValue`: the property is removed. */
export const NO_VALUE = Symbol('AWS::NoValue');

/** Evaluation cannot go on: the message, where, and the flag that supplies what is missing. */
export class Refusal extends Error {
  override name = 'Refusal';
  constructor(
    message: string,
    readonly path: PathSegment[],
    readonly flag?: string,
  ) {
    super(message);
  }
}

/** Values the user supplies on the command line for what a template leaves open. */
export interface TemplateInputs {
  /** `--parameter KEY=VALUE`: template parameters and pseudo parameters (`AWS::StackName`). */
  parameters: Record<string, string>;
  /** `--import-value NAME=VALUE`: what `Fn::ImportValue NAME` reads. */
  importValues: Record<string, string>;
  /** `--resource LOGICAL_ID=VALUE` / `LOGICAL_ID.ATTRIBUTE=VALUE`: a resource's `Ref` or attribute. */
  resourceValues: Record<string, string>;
  region: string;
}

/** How the importer answers `Ref`/`Fn::GetAtt` on a resource of the template. */
export type AttributeResolver = (logicalId: string, attribute: string, path: PathSegment[]) => unknown;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const PSEUDO_FROM_REGION: Record<string, (region: string) => string> = {
  'AWS::Region': (r) => r,
  'AWS::Partition': (r) => (r.startsWith('cn-') ? 'aws-cn' : r.startsWith('us-gov-') ? 'aws-us-gov' : 'aws'),
  'AWS::URLSuffix': (r) => (r.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'),
};

/**
 * Evaluates CloudFormation's intrinsic functions over plain values (short forms were turned into
 * long forms by the YAML tag schema): parameters, pseudo parameters, Ref, Fn::Sub (both forms),
 * Fn::Join, Fn::Select, Fn::Split, Fn::If and conditions (Fn::Equals/And/Or/Not/Condition),
 * Fn::FindInMap, Fn::Base64, Fn::Length, Fn::ToJsonString; Ref and Fn::GetAtt on resources go to
 * the importer. Objects it builds keep the source path of what they were made from.
 */
export class TemplateEvaluator {
  private readonly conditionValues = new Map<string, boolean>();
  private readonly evaluatingConditions = new Set<string>();

  constructor(
    private readonly template: Obj,
    private readonly origins: SourceOrigins,
    private readonly inputs: TemplateInputs,
    private readonly resolveAttribute: AttributeResolver,
  ) {}

  evaluate(value: unknown, path: PathSegment[]): unknown {
    if (Array.isArray(value)) {
      const out = value.map((v, i) => this.evaluate(v, [...path, i])).filter((v) => v !== NO_VALUE);
      this.origins.record(out, path);
      return out;
    }
    if (!isObj(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0].startsWith('Fn::'))) {
      return this.intrinsic(keys[0], value[keys[0]], [...path, keys[0]]);
    }
    const out: Obj = {};
    for (const k of keys) {
      const v = this.evaluate(value[k], [...path, k]);
      if (v !== NO_VALUE) out[k] = v;
    }
    this.origins.record(out, path);
    return out;
  }

  /** The value of a condition of the template's Conditions section. */
  condition(name: unknown, path: PathSegment[]): boolean {
    if (typeof name !== 'string') throw new Refusal('a condition is named by a string', path);
    const known = this.conditionValues.get(name);
    if (known !== undefined) return known;
    const conditions = isObj(this.template.Conditions) ? this.template.Conditions : {};
    if (!Object.hasOwn(conditions, name)) throw new Refusal(`no condition named ${name} in the template's Conditions`, path);
    if (this.evaluatingConditions.has(name)) throw new Refusal(`condition ${name} depends on itself`, path);
    this.evaluatingConditions.add(name);
    try {
      const value = this.evaluate(conditions[name], ['Conditions', name]);
      if (typeof value !== 'boolean') throw new Refusal(`condition ${name} must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition`, ['Conditions', name]);
      this.conditionValues.set(name, value);
      return value;
    } finally {
      this.evaluatingConditions.delete(name);
    }
  }

  private intrinsic(fn: string, arg: unknown, path: PathSegment[]): unknown {
    switch (fn) {
      case 'Ref':
        return this.ref(this.evaluate(arg, path), path);
      case 'Condition':
        return this.condition(arg, path);
      case 'Fn::GetAtt': {
        const a = this.evaluate(arg, path);
        const [id, attribute] = typeof a === 'string' ? splitOnce(a) : Array.isArray(a) && a.length === 2 ? a : [];
        if (typeof id !== 'string' || typeof attribute !== 'string' || !id || !attribute) throw new Refusal('Fn::GetAtt takes LogicalId.Attribute or [LogicalId, Attribute]', path);
        return this.resourceAttribute(id, attribute, path);
      }
      case 'Fn::Sub':
        return this.sub(arg, path);
      case 'Fn::Join': {
        const a = this.evaluate(arg, path);
        if (!Array.isArray(a) || a.length !== 2 || typeof a[0] !== 'string' || !Array.isArray(a[1])) throw new Refusal('Fn::Join takes [delimiter, [values…]]', path);
        return (a[1] as unknown[]).map((v, i) => this.text(v, [...path, 1, i])).join(a[0]);
      }
      case 'Fn::Select': {
        const a = this.evaluate(arg, path);
        if (!Array.isArray(a) || a.length !== 2 || !Array.isArray(a[1])) throw new Refusal('Fn::Select takes [index, [values…]]', path);
        const index = Number(a[0]);
        if (!Number.isInteger(index) || index < 0 || index >= a[1].length) throw new Refusal(`Fn::Select index ${JSON.stringify(a[0])} is outside the list of ${a[1].length}`, path);
        return a[1][index];
      }
      case 'Fn::Split': {
        const a = this.evaluate(arg, path);
        if (!Array.isArray(a) || a.length !== 2 || typeof a[0] !== 'string') throw new Refusal('Fn::Split takes [delimiter, string]', path);
        return this.text(a[1], [...path, 1]).split(a[0]);
      }
      case 'Fn::If': {
        if (!Array.isArray(arg) || arg.length !== 3) throw new Refusal('Fn::If takes [condition, value if true, value if false]', path);
        const chosen = this.condition(arg[0], [...path, 0]) ? 1 : 2;
        return this.evaluate(arg[chosen], [...path, chosen]);
      }
      case 'Fn::Equals': {
        const a = this.evaluate(arg, path);
        if (!Array.isArray(a) || a.length !== 2) throw new Refusal('Fn::Equals takes [value, value]', path);
        return JSON.stringify(scalarText(a[0])) === JSON.stringify(scalarText(a[1]));
      }
      case 'Fn::And':
      case 'Fn::Or': {
        if (!Array.isArray(arg) || arg.length < 2 || arg.length > 10) throw new Refusal(`${fn} takes 2 to 10 conditions`, path);
        const values = arg.map((c, i) => this.booleanOf(c, [...path, i]));
        return fn === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
      }
      case 'Fn::Not': {
        if (!Array.isArray(arg) || arg.length !== 1) throw new Refusal('Fn::Not takes [condition]', path);
        return !this.booleanOf(arg[0], [...path, 0]);
      }
      case 'Fn::FindInMap': {
        const a = this.evaluate(arg, path);
        if (!Array.isArray(a) || a.length < 3) throw new Refusal('Fn::FindInMap takes [map, top-level key, second-level key]', path);
        const [map, top, second] = a.map((v, i) => this.text(v, [...path, i]));
        const mappings = isObj(this.template.Mappings) ? this.template.Mappings : {};
        const found = isObj(mappings[map]) && isObj((mappings[map] as Obj)[top]) ? ((mappings[map] as Obj)[top] as Obj)[second] : undefined;
        if (found !== undefined) return this.evaluate(found, ['Mappings', map, top, second]);
        const fallback = a.length > 3 && isObj(a[3]) ? a[3].DefaultValue : undefined;
        if (fallback !== undefined) return fallback;
        throw new Refusal(`Fn::FindInMap: no ${map}.${top}.${second} in the template's Mappings`, path);
      }
      case 'Fn::ImportValue': {
        const name = this.text(this.evaluate(arg, path), path);
        if (Object.hasOwn(this.inputs.importValues, name)) return this.inputs.importValues[name];
        throw new Refusal(`Fn::ImportValue ${JSON.stringify(name)} reads another stack's export, which is not in the input`, path, `--import-value ${name}=VALUE`);
      }
      case 'Fn::Base64':
        return Buffer.from(this.text(this.evaluate(arg, path), path)).toString('base64');
      case 'Fn::Length': {
        const a = this.evaluate(arg, path);
        if (!Array.isArray(a)) throw new Refusal('Fn::Length takes a list', path);
        return a.length;
      }
      case 'Fn::ToJsonString':
        return JSON.stringify(this.evaluate(arg, path));
      default:
        throw new Refusal(`${fn} cannot be evaluated without an AWS account (the import reads the template only)`, path);
    }
  }

  private booleanOf(value: unknown, path: PathSegment[]): boolean {
    const v = this.evaluate(value, path);
    if (typeof v !== 'boolean') throw new Refusal('expected a condition (Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition)', path);
    return v;
  }

  private ref(name: unknown, path: PathSegment[]): unknown {
    if (typeof name !== 'string') throw new Refusal('Ref takes the name of a parameter or a resource', path);
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (Object.hasOwn(this.inputs.parameters, name) && (name.startsWith('AWS::') || this.isParameter(name))) return this.parameter(name, path);
    if (name.startsWith('AWS::')) {
      const fromRegion = PSEUDO_FROM_REGION[name];
      if (fromRegion) return fromRegion(this.inputs.region);
      throw new Refusal(`${name} is only known inside a stack`, path, `--parameter ${name}=VALUE`);
    }
    if (this.isParameter(name)) return this.parameter(name, path);
    return this.resourceAttribute(name, 'Ref', path);
  }

  private isParameter(name: string): boolean {
    return isObj(this.template.Parameters) && Object.hasOwn(this.template.Parameters, name);
  }

  private parameter(name: string, path: PathSegment[]): unknown {
    const declared = isObj(this.template.Parameters) && isObj(this.template.Parameters[name]) ? (this.template.Parameters[name] as Obj) : {};
    let value: string;
    if (Object.hasOwn(this.inputs.parameters, name)) value = this.inputs.parameters[name];
    else if (declared.Default !== undefined && declared.Default !== null) value = String(declared.Default);
    else throw new Refusal(`parameter ${name} has no default value`, path, `--parameter ${name}=VALUE`);
    if (Array.isArray(declared.AllowedValues) && !declared.AllowedValues.map(String).includes(value)) {
      throw new Refusal(`parameter ${name} is ${JSON.stringify(value)}, not one of its AllowedValues (${declared.AllowedValues.map(String).join(', ')})`, path, `--parameter ${name}=VALUE`);
    }
    const type = typeof declared.Type === 'string' ? declared.Type : 'String';
    return type === 'CommaDelimitedList' || type.startsWith('List<') ? value.split(',') : value;
  }

  private resourceAttribute(id: string, attribute: string, path: PathSegment[]): unknown {
    const supplied = attribute === 'Ref' ? this.inputs.resourceValues[id] : this.inputs.resourceValues[`${id}.${attribute}`];
    if (supplied !== undefined) return supplied;
    const resources = isObj(this.template.Resources) ? this.template.Resources : {};
    if (!Object.hasOwn(resources, id)) {
      throw new Refusal(`${attribute === 'Ref' ? `Ref ${id}` : `Fn::GetAtt ${id}.${attribute}`}: the template has no parameter or resource named ${id}`, path, `--${attribute === 'Ref' ? 'parameter' : 'resource'} ${attribute === 'Ref' ? id : `${id}.${attribute}`}=VALUE`);
    }
    return this.resolveAttribute(id, attribute, path);
  }

  private sub(arg: unknown, path: PathSegment[]): string {
    let template: unknown = arg;
    let vars: Obj = {};
    let templatePath = path;
    if (Array.isArray(arg)) {
      if (arg.length !== 2 || !isObj(arg[1])) throw new Refusal('Fn::Sub takes a string or [string, { name: value }]', path);
      template = this.evaluate(arg[0], [...path, 0]);
      templatePath = [...path, 0];
      vars = Object.fromEntries(Object.entries(arg[1]).map(([k, v]) => [k, this.evaluate(v, [...path, 1, k])]));
    }
    if (typeof template !== 'string') throw new Refusal('Fn::Sub takes a string or [string, { name: value }]', path);
    return template.replace(/\$\{([^}]*)\}/g, (_m, inner: string) => {
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      const name = inner.trim();
      if (Object.hasOwn(vars, name)) return this.text(vars[name], [...path, 1, name]);
      const dot = name.indexOf('.');
      if (dot > 0 && !name.startsWith('AWS::')) return this.text(this.resourceAttribute(name.slice(0, dot), name.slice(dot + 1), templatePath), templatePath);
      return this.text(this.ref(name, templatePath), templatePath);
    });
  }

  /** A value used inside a string (Fn::Sub, Fn::Join): must be known now. */
  private text(value: unknown, path: PathSegment[]): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (value instanceof ResourceToken) {
      throw new Refusal(`${value.describe()} is only known once CloudFormation has created ${value.logicalId}`, path, `--resource ${value.attribute === 'Ref' ? value.logicalId : `${value.logicalId}.${value.attribute}`}=VALUE`);
    }
    throw new Refusal(`expected a string here, got ${Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : String(value)}`, path);
  }
}

function splitOnce(s: string): [string, string] {
  const dot = s.indexOf('.');
  return dot < 0 ? [s, ''] : [s.slice(0, dot), s.slice(dot + 1)];
}

function scalarText(v: unknown): unknown {
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v instanceof ResourceToken ? v.describe() : v;
}
