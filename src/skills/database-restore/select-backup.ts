// Picks the backup to work on: BACKUP as an id, a path, or `latest` (the default).
import { resolveBackup } from "../../backups/read-backup.js";
import { UsageError } from "../../errors.js";
import type { StepImplementation } from "../../runtime/types.js";
import { backupRoot } from "../database-backup/backup-state.js";
import { restoreState } from "./restore-state.js";

export const selectBackup: StepImplementation = {
  name: "select-backup",
  options: [
    { name: "backup", type: "string", positional: true, valueName: "BACKUP", description: "a backup id (YYYYMMDD_HHMMSS), a path to a backup directory, or latest (default)" },
    { name: "backup-root", type: "string", valueName: "DIR", description: "where backups are stored (default: storage/backups)" },
  ],
  async run(ctx) {
    const ref = typeof ctx.options.backup === "string" ? ctx.options.backup : "latest";
    const found = await resolveBackup(backupRoot(ctx), ref, ctx.cwd);
    if (!found.ok) throw new UsageError(`backup ${found.id} cannot be used: ${found.problem}`, "see `db-ops list-backups`");
    restoreState(ctx).backup = { id: found.id, dir: found.dir, metadata: found.metadata };
    ctx.output.selected_backup = { id: found.id, dir: found.dir, database: found.metadata.database.name, created_at: found.metadata.createdAt };
    return { backup_id: found.id };
  },
};
