// Every backup in the store, newest first by metadata, with whether its files still verify.
import { listStoredBackups } from "../../backups/read-backup.js";
import { verifyFiles } from "../../backups/verify-backup.js";
import type { StepImplementation } from "../../runtime/types.js";
import { backupRoot } from "./backup-state.js";

export interface ListedBackup {
  readonly id: string;
  readonly dir: string;
  readonly created_at: string | null;
  readonly database: string | null;
  readonly compressed_bytes: number | null;
  readonly duration_ms: number | null;
  readonly purpose: string | null;
  readonly verifies: boolean;
  readonly problems: readonly string[];
}

/** The store's backups with their file checks (sizes and sha256 against metadata.json). */
export async function listWithChecks(root: string): Promise<ListedBackup[]> {
  const stored = await listStoredBackups(root);
  return Promise.all(
    stored.map(async (b) => {
      if (!b.ok) return { id: b.id, dir: b.dir, created_at: null, database: null, compressed_bytes: null, duration_ms: null, purpose: null, verifies: false, problems: [b.problem] };
      const problems = await verifyFiles(b.dir, b.metadata);
      return {
        id: b.id,
        dir: b.dir,
        created_at: b.metadata.createdAt,
        database: b.metadata.database.name,
        compressed_bytes: b.metadata.files[b.metadata.dump.file]?.bytes ?? null,
        duration_ms: b.metadata.durationMs,
        purpose: b.metadata.purpose ?? null,
        verifies: problems.length === 0,
        problems,
      };
    }),
  );
}

export const listBackups: StepImplementation = {
  name: "list-backups",
  options: [{ name: "backup-root", type: "string", valueName: "DIR", description: "where backups are stored (default: storage/backups)" }],
  async run(ctx) {
    const root = backupRoot(ctx);
    const backups = await listWithChecks(root);
    ctx.output.store = root;
    ctx.output.backups = backups;
    return { backups: backups.length };
  },
};
