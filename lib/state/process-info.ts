import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** This process, as recorded in a lock it takes. */
export function thisProcess(): { host: string; pid: number } {
  return { host: hostname(), pid: process.pid };
}

/**
 * Whether a process with this id runs on this machine (EPERM: it exists, owned by another user).
 * A zombie (killed or exited, not yet reaped by a parent that does not wait for it) still answers
 * signal 0 but will never act again: on Linux its state in /proc says so, and it counts as gone.
 */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

/** `/proc/<pid>/stat` reads `pid (comm) S …`; the state follows the last `)` (comm may hold one). */
function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false; // no /proc (macOS), or the process just went: signal 0 already answered
  }
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X';
}
