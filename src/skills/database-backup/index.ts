// database-backup-skill: the step functions its SKILL.md names, and cleanup around the run.
import { rm } from "node:fs/promises";
import type { SkillImplementation } from "../../runtime/types.js";
import { backupState } from "./backup-state.js";
import { checkTarget } from "./check-target.js";
import { dumpDatabase } from "./dump-database.js";
import { finalizeBackup } from "./finalize-backup.js";
import { summarizeBackup } from "./summary.js";
import { writeScripts } from "./write-scripts.js";

export const databaseBackupSkill: SkillImplementation = {
  name: "database-backup-skill",
  steps: [checkTarget, dumpDatabase, writeScripts, finalizeBackup],
  /** Whatever happens, no half-written staging directory outlives the run. */
  async around(ctx, run) {
    try {
      return await run();
    } finally {
      const staging = backupState(ctx).stagingDir;
      if (staging) await rm(staging, { recursive: true, force: true });
    }
  },
  summarize: summarizeBackup,
};
