// The one place that spawns pg_dump, psql and docker: argument arrays, never a shell string,
// and an explicit environment built from a short allow-list.
import { execa } from "execa";
import { redact } from "../redact.js";

/** A program to run: what, with which arguments, in which environment, and which values are secret. */
export interface Invocation {
  readonly file: string;
  readonly args: readonly string[];
  /** Variables added to the allow-listed parent environment. */
  readonly env: Readonly<Record<string, string>>;
  /** Values to redact from anything this invocation prints. */
  readonly secrets: readonly string[];
}

const PASSED_THROUGH = /^(PATH|HOME|USER|LOGNAME|LANG|LC_[A-Z]+|TZ|TMPDIR|DOCKER_[A-Z_]+|PG[A-Z]+|DB_OPS_[A-Z_]+)$/;

/** The child's environment: allow-listed parent variables (with PG* only when `withLibpq`), plus `extra`. */
export function childEnv(extra: Readonly<Record<string, string>>, withLibpq: boolean, parent: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(parent)) {
    if (value === undefined || !PASSED_THROUGH.test(key)) continue;
    if (key.startsWith("PG") && !withLibpq) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** A process that did not exit cleanly, with its stderr already redacted. */
export class ProcessError extends Error {
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
  readonly stderr: string;
  readonly notFound: boolean;
  constructor(file: string, result: { exitCode?: number | undefined; signal?: string | undefined; stderr: string; notFound: boolean }) {
    const why = result.notFound
      ? `${file} was not found on PATH`
      : result.signal
        ? `${file} was killed by ${result.signal}`
        : `${file} exited with code ${result.exitCode}`;
    super(result.stderr ? `${why}: ${lastLines(result.stderr)}` : why);
    this.exitCode = result.exitCode;
    this.signal = result.signal;
    this.stderr = result.stderr;
    this.notFound = result.notFound;
  }
}

function lastLines(text: string, count = 6): string {
  return text.trim().split("\n").slice(-count).join("\n");
}

/** The ProcessError for a failed execa result. */
function failure(inv: Invocation, result: { exitCode?: number | undefined; signal?: string | undefined; stderr?: unknown }): ProcessError {
  return new ProcessError(inv.file, {
    exitCode: result.exitCode,
    signal: result.signal,
    stderr: redact(String(result.stderr ?? ""), inv.secrets),
    notFound: (result as { code?: string }).code === "ENOENT",
  });
}

export interface CaptureOptions {
  readonly input?: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** Runs to completion and returns stdout; throws ProcessError (redacted) on any failure. */
export async function capture(inv: Invocation, options: CaptureOptions = {}): Promise<string> {
  const result = await execa(inv.file, [...inv.args], {
    env: inv.env,
    extendEnv: false,
    reject: false,
    stripFinalNewline: false,
    ...(options.input !== undefined ? { input: options.input } : { stdin: "ignore" as const }),
    ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
    ...(options.signal ? { cancelSignal: options.signal } : {}),
  });
  if (result.failed) throw failure(inv, result);
  return String(result.stdout);
}

/** A running child: write `stdin` and/or read `stdout`, then await `done()`, which throws ProcessError on failure. */
export interface StreamingProcess {
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stdin: NodeJS.WritableStream | null;
  readonly pid: number | undefined;
  /** Resolves with stdout's text when it was captured, else "". */
  done(): Promise<string>;
  kill(signal?: NodeJS.Signals): void;
}

export interface SpawnOptions {
  readonly signal?: AbortSignal;
  readonly withStdin?: boolean;
  /** "stream" (default): read `stdout`; "capture": collected for `done()`; "ignore": discarded. */
  readonly stdout?: "stream" | "capture" | "ignore";
}

/** Starts `inv`; stderr is kept (redacted) for the error message. */
export function spawnStreaming(inv: Invocation, options: SpawnOptions = {}): StreamingProcess {
  const stdout = options.stdout ?? "stream";
  const child = execa(inv.file, [...inv.args], {
    env: inv.env,
    extendEnv: false,
    reject: false,
    buffer: { stdout: stdout === "capture", stderr: true },
    stdin: options.withStdin ? "pipe" : "ignore",
    stdout: stdout === "ignore" ? "ignore" : "pipe",
    stderr: "pipe",
    maxBuffer: { stdout: 64 * 1024 * 1024, stderr: 1024 * 1024 },
    ...(options.signal ? { cancelSignal: options.signal } : {}),
  });
  if (stdout === "stream" && !child.stdout) throw new Error(`${inv.file}: no stdout pipe`);
  return {
    stdout: stdout === "stream" ? child.stdout : null,
    stdin: child.stdin ?? null,
    pid: child.pid,
    kill: (signal = "SIGTERM") => {
      child.kill(signal);
    },
    done: async () => {
      const result = await child;
      if (result.failed) throw failure(inv, result);
      return stdout === "capture" ? String(result.stdout ?? "") : "";
    },
  };
}
