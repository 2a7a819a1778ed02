import type { CollectionTag, ScalarTag, Tags } from 'yaml';
import type { YamlTagSchema } from '../../model';

/** CloudFormation's short forms (`!Ref X`) and the long form each stands for (`{ Ref: X }`). */
const SHORT_FORMS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  ...Object.fromEntries(
    ['Sub', 'GetAtt', 'Join', 'Select', 'Split', 'If', 'Equals', 'And', 'Or', 'Not', 'FindInMap', 'ImportValue', 'Base64', 'GetAZs', 'Cidr', 'Length', 'ToJsonString', 'Transform'].map((f) => [`!${f}`, `Fn::${f}`]),
  ),
};

// Each tag may sit on a scalar, a sequence or a mapping; the evaluator checks the arguments.
const customTags: Tags = Object.keys(SHORT_FORMS).flatMap((tag): (ScalarTag | CollectionTag)[] => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq', resolve: (seq) => seq },
  { tag, collection: 'map', resolve: (map) => map },
]);

/** The YAML tag schema of CloudFormation templates: short forms become their long form while parsing. */
export const cloudFormationTags: YamlTagSchema = {
  customTags,
  longForm: (tag) => SHORT_FORMS[tag],
};
