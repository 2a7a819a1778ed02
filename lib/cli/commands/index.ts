import type { Command } from '../command';
import { validateCommand } from './validate';
import { schemaCommand } from './schema';
import { emulatorCommand } from './emulator';

/** Every `meshops` command, in the order `meshops --help` lists them. */
export const commands: Command[] = [validateCommand, schemaCommand, emulatorCommand];
