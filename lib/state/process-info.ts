import { hostname } from 'node:os';

/** This process, as recorded in a lock it takes. */
export function thisProcess(): { host: string; pid: number } {
  return { host: hostname(), pid: process.pid };
}

/** Whether a process with this id exists on this machine (EPERM: it exists, owned by another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
