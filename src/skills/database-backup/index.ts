// database-backup-skill: taking backups and managing the store (list, prune), and cleanup around the run.
import { rm } from "node:fs/promises";
import type { SkillImplementation } from "../../runtime/types.js";
import { backupState } from "./backup-state.js";
import { checkTarget } from "./check-target.js";
import { dumpDatabase } from "./dump-database.js";
import { finalizeBackup } from "./finalize-backup.js";
import { listBackups } from "./list-backups.js";
import { pruneBackups } from "./prune-backups.js";
import { summarizeList, summarizePrune } from "./store-summary.js";
import { summarizeBackup } from "./summary.js";
import { writeScripts } from "./write-scripts.js";

export const databaseBackupSkill: SkillImplementation = {
  name: "database-backup-skill",
  steps: [checkTarget, dumpDatabase, writeScripts, finalizeBackup, listBackups, pruneBackups],
  /** Whatever happens, no half-written staging directory outlives the run. */
  async around(ctx, run) {
    try {
      return await run();
    } finally {
      const staging = backupState(ctx).stagingDir;
      if (staging) await rm(staging, { recursive: true, force: true });
    }
  },
  summarize: (result) => summarizeBackup(result) ?? summarizeList(result) ?? summarizePrune(result),
};
