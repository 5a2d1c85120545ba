// Polling for things that happen in another process.
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/** Resolves once `check` returns a value, polling every 20 ms; rejects after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until a staging directory in `root` holds at least `bytes` of dump. */
export async function waitForDumpBytes(root: string, bytes: number): Promise<void> {
  await waitFor(
    async () => {
      const entries = await readdir(root).catch(() => [] as string[]);
      for (const entry of entries.filter((e) => e.startsWith(".staging-"))) {
        const size = await stat(join(root, entry, "backup.sql.gz")).then((s) => s.size).catch(() => 0);
        if (size >= bytes) return true;
      }
      return undefined;
    },
    60_000,
    `${bytes} bytes of dump in ${root}`,
  );
}
