import { documentJsonSchema, parseYamlFile, validateDocument } from '../../lib/model';
import { brief, validateFile } from './support/repo';

const route = (rollout: string) => `kind: Route
name: canary
mesh: watches
virtualRouter: search-router
spec:
  httpRoute:
    match: { prefix: / }
    action:
      weightedTargets:
        - { virtualNode: search-v1, weight: 90 }
        - { virtualNode: search-v2, weight: 10 }
${rollout}`;

describe('the rollout field of a Route', () => {
  it('is read into the resource, with the interval in milliseconds', () => {
    const [doc] = parseYamlFile('mesh/route.yaml', route('rollout:\n  steps: [10, 25, 50]\n  interval: 1h30m\n  alarms: [search-v2-5xx]\n')).documents;
    const result = validateDocument(doc!);
    expect(result.diagnostics).toEqual([]);
    expect(result.resource!.rollout).toEqual({ steps: [10, 25, 50], interval: '1h30m', intervalMs: 90 * 60_000, alarms: ['search-v2-5xx'] });
    expect(result.resource!.spec).not.toHaveProperty('rollout');
  });

  it.each([
    ['steps that do not increase', 'rollout:\n  steps: [10, 50, 25]\n  interval: 5m\n  alarms: [a]\n', ['rollout-steps@13:19 rollout.steps[2]']],
    ['a step of 100', 'rollout:\n  steps: [10, 100]\n  interval: 5m\n  alarms: [a]\n', ['range@13:15 rollout.steps[1]']],
    ['a step of 0', 'rollout:\n  steps: [0]\n  interval: 5m\n  alarms: [a]\n', ['range@13:11 rollout.steps[0]']],
    ['no alarm', 'rollout:\n  steps: [10]\n  interval: 5m\n  alarms: []\n', ['size@15:11 rollout.alarms']],
    ['an alarm twice', 'rollout:\n  steps: [10]\n  interval: 5m\n  alarms: [a, a]\n', ['rollout-alarms@15:15 rollout.alarms[1]']],
    ['a bad duration', 'rollout:\n  steps: [10]\n  interval: 5 minutes\n  alarms: [a]\n', ['duration@14:13 rollout.interval']],
    ['an interval over a day', 'rollout:\n  steps: [10]\n  interval: 25h\n  alarms: [a]\n', ['rollout-interval@14:13 rollout.interval']],
    ['an unknown field', 'rollout:\n  steps: [10]\n  interval: 5m\n  alarms: [a]\n  pause: true\n', ['unknown-field@16:3 rollout.pause']],
    ['no interval', 'rollout:\n  steps: [10]\n  alarms: [a]\n', ['required@12:1 rollout']],
  ])('refuses %s with file:line', (_name, rollout, expected) => {
    expect(validateFile(route(rollout)).map(brief)).toEqual(expected);
  });

  it('is refused on other kinds, saying which kind takes it', () => {
    const [d] = validateFile('kind: VirtualRouter\nname: r\nmesh: m\nspec: { listeners: [{ portMapping: { port: 80, protocol: http } }] }\nrollout: { steps: [10], interval: 5m, alarms: [a] }\n');
    expect(d!.message).toBe('"rollout" is only used by Route (progressive delivery of its weights), not by VirtualRouter');
    expect(d!.line).toBe(5);
  });

  it('is in the JSON Schema, on Route only', () => {
    const schema = documentJsonSchema() as { $defs: Record<string, { properties?: Record<string, unknown> }> };
    expect(Object.keys(schema.$defs['Meshops.Document.Route']!.properties!)).toContain('rollout');
    expect(Object.keys(schema.$defs['Meshops.Document.VirtualRouter']!.properties!)).not.toContain('rollout');
    expect(schema.$defs['Meshops.Rollout']).toMatchObject({ required: ['steps', 'interval', 'alarms'] });
  });
});
