import { parseArgs } from 'node:util';
import type { CommandModule } from '../command';
import { UsageError } from '../command';
import { documentJsonSchema, settingsJsonSchema } from '../../model';

const USAGE = `Usage: meshops schema [--settings]

Prints the JSON Schema (draft 2020-12) of a resource document, or with --settings of
meshops.yaml. Both are generated from the schemas \`meshops validate\` uses; point your editor at
them (yaml-language-server: a "# yaml-language-server: $schema=<file>" line, or yaml.schemas).
`;

export const schemaCommand: CommandModule = {
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseArgs({ args: ctx.argv, options: { settings: { type: 'boolean' } }, allowPositionals: true, strict: true });
    if (positionals.length) throw new UsageError(`takes no arguments (got ${positionals.join(' ')})`);
    const schema = values.settings ? settingsJsonSchema() : documentJsonSchema();
    ctx.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
    return 0;
  },
};
