/* eslint-disable @typescript-eslint/no-require-imports -- deliberate: a command's module loads when it is used */
import type { Command, CommandModule } from '../command';

/** A command whose module is loaded the first time it runs or shows its usage. */
function lazyCommand(name: string, summary: string, load: () => CommandModule): Command {
  let loaded: CommandModule | undefined;
  const module = () => (loaded ??= load());
  return {
    name,
    summary,
    get usage() {
      return module().usage;
    },
    run: (ctx) => module().run(ctx),
  };
}

/** Every `meshops` command, in the order `meshops --help` lists them. */
export const commands: Command[] = [
  lazyCommand('validate', 'check a mesh repository (YAML, schemas, references); no AWS access', () => (require('./validate') as typeof import('./validate')).validateCommand),
  lazyCommand('plan', 'show what apply would change (and the traffic shift), changing nothing', () => (require('./plan') as typeof import('./plan')).planCommand),
  lazyCommand('apply', 'make live state match the repo (asks first on a terminal)', () => (require('./apply') as typeof import('./apply')).applyCommand),
  lazyCommand('drift', 'find changes made outside Git (changed, missing, unmanaged, pending)', () => (require('./drift') as typeof import('./drift')).driftCommand),
  lazyCommand('rollout', 'progressive rollouts of route weights: status, tick, promote, abort', () => (require('./rollout') as typeof import('./rollout')).rolloutCommand),
  lazyCommand('import', 'write a live mesh as a repo that plans to zero changes', () => (require('./import') as typeof import('./import')).importCommand),
  lazyCommand('schema', 'print the JSON Schema of resource documents (--settings: of meshops.yaml)', () => (require('./schema') as typeof import('./schema')).schemaCommand),
  lazyCommand('dev', 'run the GitHub flow locally: webhook, FIFO queue, reconcile and drift schedule on one port', () => (require('./dev') as typeof import('./dev')).devCommand),
  lazyCommand('emulator', 'serve the App Mesh + Cloud Map + VPC Lattice API emulator over HTTP (for the AWS CLI and SDKs)', () => (require('./emulator') as typeof import('./emulator')).emulatorCommand),
];
