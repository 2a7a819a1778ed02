import type { Command } from '../command';
import { emulatorCommand } from './emulator';

/** Every `meshops` command, in the order `meshops --help` lists them. */
export const commands: Command[] = [emulatorCommand];
