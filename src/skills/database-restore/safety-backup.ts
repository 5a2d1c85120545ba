// Before a restore replaces a database, the database as it is now is backed up with the same
// steps as /backup-db, marked as a safety backup (which `latest` skips).
import { rm } from "node:fs/promises";
import type { RunContext, StepImplementation } from "../../runtime/types.js";
import { backupState } from "../database-backup/backup-state.js";
import { checkTarget } from "../database-backup/check-target.js";
import { dumpDatabase } from "../database-backup/dump-database.js";
import { finalizeBackup } from "../database-backup/finalize-backup.js";
import { writeScripts } from "../database-backup/write-scripts.js";
import { restoreState } from "./restore-state.js";

export const safetyBackup: StepImplementation = {
  name: "safety-backup",
  options: [{ name: "no-safety-backup", type: "boolean", description: "do not back up the target database before replacing it" }],
  async run(ctx) {
    const state = restoreState(ctx);
    if (ctx.options["no-safety-backup"] === true) return { skipped: "--no-safety-backup" };
    if (!state.exists) return { skipped: "the target database does not exist yet" };
    const sub: RunContext = { ...ctx, output: {} };
    backupState(sub).purpose = "safety-before-restore";
    try {
      for (const step of [checkTarget, dumpDatabase, writeScripts, finalizeBackup]) await step.run(sub);
    } finally {
      const staging = backupState(sub).stagingDir;
      if (staging) await rm(staging, { recursive: true, force: true });
    }
    const made = sub.output.backup as { id: string; dir: string; path: string };
    state.safetyBackup = { id: made.id, dir: made.dir };
    ctx.output.safety_backup = { id: made.id, dir: made.dir };
    return { safety_backup: made.id };
  },
};
