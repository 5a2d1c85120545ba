// Writes SHA256SUMS and metadata.json (last), then publishes the directory with one rename.
import { writeFile } from "node:fs/promises";
import { join, relative, isAbsolute } from "node:path";
import { publishBackup, backupStamp } from "../../backups/backup-store.js";
import { digestFile } from "../../backups/digest.js";
import { sha256sums, writeMetadata, FORMAT_VERSION, type BackupMetadata } from "../../backups/metadata.js";
import { toolVersion } from "../../package-info.js";
import type { StepImplementation } from "../../runtime/types.js";
import { backupRoot, backupState, DEFAULT_GZIP_LEVEL, required } from "./backup-state.js";
import { DUMP_FILE } from "./dump-database.js";

export const finalizeBackup: StepImplementation = {
  name: "finalize-backup",
  options: [],
  async run(ctx) {
    const state = backupState(ctx);
    const dir = required(state.stagingDir, "the staging directory");
    const server = required(state.server, "the server");
    const client = required(state.client, "the client version");
    const dump = required(state.dump, "the dump");
    const startedAt = required(state.startedAt, "the start time");
    const target = await ctx.target();
    await writeFile(join(dir, "SHA256SUMS"), sha256sums(state.files), { flush: true });
    state.files.SHA256SUMS = await digestFile(join(dir, "SHA256SUMS"));
    const completedAt = ctx.clock();
    const stamp = backupStamp(startedAt);
    const metadata: BackupMetadata = {
      format: "db-ops-backup",
      formatVersion: FORMAT_VERSION,
      tool: { name: "db-ops", version: toolVersion() },
      ...(state.purpose ? { purpose: state.purpose } : {}),
      createdAt: startedAt.toISOString(),
      completedAt: completedAt.toISOString(),
      durationMs: completedAt.getTime() - startedAt.getTime(),
      database: {
        name: server.database,
        serverVersion: server.serverVersion,
        serverVersionNum: server.serverVersionNum,
        encoding: server.encoding,
        collate: server.collate,
        ctype: server.ctype,
        sizeBytes: server.sizeBytes,
      },
      target: {
        kind: target.kind,
        source: target.source,
        ...(target.kind === "container" ? { container: target.container } : { ...(target.host ? { host: target.host } : {}), ...(target.port ? { port: target.port } : {}) }),
        ...(target.user ? { user: target.user } : {}),
      },
      dump: {
        file: DUMP_FILE,
        format: "plain",
        compression: "gzip",
        compressionLevel: DEFAULT_GZIP_LEVEL,
        clientVersion: client.text,
        uncompressedBytes: dump.facts.bytes,
        tables: dump.facts.tables,
      },
      files: state.files,
    };
    const root = backupRoot(ctx);
    await writeMetadata(dir, metadata);
    const id = await publishBackup(dir, root, stamp);
    state.stagingDir = undefined;
    const path = join(root, id);
    const shown = relative(ctx.cwd, path);
    ctx.output.backup = {
      id,
      dir: shown && !shown.startsWith("..") && !isAbsolute(shown) ? `${shown}/` : `${path}/`,
      path,
      database: server.database,
      target: target.kind === "container" ? { kind: "container", container: target.container } : { kind: target.kind, host: target.host ?? "local socket", port: target.port ?? null },
      server_version: server.serverVersion,
      files: Object.entries(state.files).map(([name, d]) => ({ name, bytes: d.bytes, sha256: d.sha256 })),
      compressed_bytes: dump.file.bytes,
      sql_bytes: dump.facts.bytes,
      tables: dump.facts.tables.length,
      rows: dump.facts.tables.reduce((n, t) => n + t.rows, 0),
      duration_ms: metadata.durationMs,
      created_at: metadata.createdAt,
    };
    return { backup_id: id };
  },
};
