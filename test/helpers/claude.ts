// Runs the real Claude Code CLI offline: a temporary HOME, the Messages API stand-in as its API.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { repoRoot } from "./cli.js";

/**
 * The real Claude Code CLI. Its postinstall (which only copies the platform binary over a
 * placeholder) is not allowed to run here, so it is started through the package's own
 * cli-wrapper.cjs, which finds the same native binary in the platform package and runs it.
 */
const claudeWrapper = join(repoRoot, "node_modules/@anthropic-ai/claude-code/cli-wrapper.cjs");

/** A fresh HOME for Claude Code, so that nothing of the machine's own settings leaks in. */
export async function claudeHome(): Promise<string> {
  return mkdtemp(join(tmpdir(), "db-ops-claude-home-"));
}

export interface ClaudeRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stream-json events, when --output-format stream-json was used. */
  readonly events: any[];
}

/** `claude args...` with HOME and, when given, the stand-in as the API. */
export async function runClaude(args: readonly string[], options: { home: string; cwd: string; apiUrl?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<ClaudeRun> {
  const r = await execa("node", [claudeWrapper, ...args], {
    cwd: options.cwd,
    reject: false,
    input: "",
    timeout: options.timeoutMs ?? 240_000,
    env: {
      ...process.env,
      HOME: options.home,
      ANTHROPIC_API_KEY: "sk-ant-stand-in",
      ...(options.apiUrl ? { ANTHROPIC_BASE_URL: options.apiUrl } : { ANTHROPIC_BASE_URL: "http://127.0.0.1:9" }),
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
      DISABLE_AUTOUPDATER: "1",
      CLAUDE_CODE_MAX_RETRIES: "0",
      DATABASE_URL: "",
      ...options.env,
    },
  });
  const stdout = String(r.stdout);
  const events = stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        return undefined;
      }
    })
    .filter((e) => e !== undefined);
  return { exitCode: r.exitCode ?? -1, stdout, stderr: String(r.stderr), events };
}

/** Every text the stand-in received in user turns, joined: what Claude was shown. */
export function promptText(body: any): string {
  const parts: string[] = [];
  for (const m of body?.messages ?? []) {
    if (typeof m.content === "string") parts.push(m.content);
    else for (const c of m.content ?? []) if (typeof c.text === "string") parts.push(c.text);
  }
  return parts.join("\n");
}
