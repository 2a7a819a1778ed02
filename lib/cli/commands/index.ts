import type { Command } from '../command';

/** Every `meshops` command, in the order `meshops --help` lists them. */
export const commands: Command[] = [];
