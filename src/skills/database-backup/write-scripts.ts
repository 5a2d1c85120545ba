// Saves backup.sh (the skill's own script) and a restore.sh for this backup.
import { copyFile, chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { digestFile } from "../../backups/digest.js";
import { backupScriptPath, renderRestoreScript } from "../../backups/portable-scripts.js";
import type { StepImplementation } from "../../runtime/types.js";
import { backupState, required } from "./backup-state.js";

export const writeScripts: StepImplementation = {
  name: "write-scripts",
  options: [],
  async run(ctx) {
    const state = backupState(ctx);
    const dir = required(state.stagingDir, "the staging directory");
    const server = required(state.server, "the server");
    const target = await ctx.target();
    const skillDir = required(ctx.catalog.skills.get("database-backup-skill")?.dir, "the database-backup-skill folder");
    await copyFile(backupScriptPath(skillDir), join(dir, "backup.sh"));
    const restore = await renderRestoreScript(skillDir, {
      container: target.kind === "container" ? target.container : undefined,
      database: server.database,
      user: target.user,
    });
    await writeFile(join(dir, "restore.sh"), restore, { flush: true });
    for (const name of ["backup.sh", "restore.sh"]) {
      await chmod(join(dir, name), 0o755);
      state.files[name] = await digestFile(join(dir, name));
    }
    return { scripts: ["backup.sh", "restore.sh"] };
  },
};
