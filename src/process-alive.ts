// Whether a process id belongs to a live process: how staging and spool files tell an owner
// that is still working from one that died.

/** True when `pid` runs (or exists under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
