import type { Command } from '../command';
import { applyCommand } from './apply';
import { driftCommand } from './drift';
import { emulatorCommand } from './emulator';
import { importCommand } from './import';
import { planCommand } from './plan';
import { schemaCommand } from './schema';
import { validateCommand } from './validate';

/** Every `meshops` command, in the order `meshops --help` lists them. */
export const commands: Command[] = [validateCommand, planCommand, applyCommand, driftCommand, importCommand, schemaCommand, emulatorCommand];
