// Runs the real CLI as a child process.
import { fileURLToPath } from "node:url";
import { execa } from "execa";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const cliPath = fileURLToPath(new URL("../../bin/db-ops.js", import.meta.url));

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cwd: string;
  readonly env?: Record<string, string | undefined>;
}

/** Environment for the CLI: the test's own, minus anything that would pick a target implicitly. */
export function cliEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { ...process.env, DATABASE_URL: undefined, PGDATABASE: undefined, PGHOST: undefined, ...extra };
}

/** Starts `db-ops args...`; await it for the result. */
export function startCli(args: readonly string[], options: CliOptions) {
  return execa("node", [cliPath, ...args], { cwd: options.cwd, env: cliEnv(options.env), extendEnv: false, reject: false, stdin: "ignore" });
}

/** Runs `db-ops args...` to completion. */
export async function runCli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  const r = await startCli(args, options);
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}
