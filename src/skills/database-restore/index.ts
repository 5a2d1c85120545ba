// database-restore-skill: choosing, verifying and restoring backups.
import type { SkillImplementation } from "../../runtime/types.js";
import { checkRestoreTarget } from "./check-restore-target.js";
import { confirmRestore } from "./confirm-restore.js";
import { deepVerify } from "./deep-verify.js";
import { restoreDatabase } from "./restore-database.js";
import { safetyBackup } from "./safety-backup.js";
import { selectBackup } from "./select-backup.js";
import { summarizePlan, summarizeRestore, summarizeVerify } from "./summary.js";
import { checkBackup, verifyBackupStep } from "./verify-steps.js";

export const databaseRestoreSkill: SkillImplementation = {
  name: "database-restore-skill",
  steps: [selectBackup, checkBackup, verifyBackupStep, deepVerify, checkRestoreTarget, confirmRestore, safetyBackup, restoreDatabase],
  summarize: (result) => summarizeRestore(result) ?? summarizePlan(result) ?? summarizeVerify(result),
};
