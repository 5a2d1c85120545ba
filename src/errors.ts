// Typed failures with stable exit codes: everything below cli.ts throws one of these,
// and cli.ts is the only place that turns them into an exit status.

/** Exit codes, stable and documented in the README. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  target: 3,
  preflight: 4,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Base class: a message for people, an exit code for scripts, an optional hint on what to do. */
export class DbOpsError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  constructor(message: string, exitCode: ExitCode, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

/** Bad flags, unknown command, bad backup id: the user can fix the invocation. */
export class UsageError extends DbOpsError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.usage, hint);
  }
}

/** Invalid Markdown definitions or configuration; `problems` lists every one found. */
export class DefinitionError extends DbOpsError {
  readonly problems: readonly string[];
  constructor(what: string, problems: readonly string[]) {
    super(`${what}:\n${problems.map((p) => `  - ${p}`).join("\n")}`, ExitCode.usage);
    this.problems = problems;
  }
}

/** The database could not be reached or identified. */
export class TargetError extends DbOpsError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.target, hint);
  }
}

/** A pre-flight check refused to start (space, client version, ...). */
export class PreflightError extends DbOpsError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.preflight, hint);
  }
}

/** The operation started and failed. */
export class OperationError extends DbOpsError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.failed, hint);
  }
}

/** The user interrupted the run (Ctrl-C, SIGTERM). */
export class InterruptedError extends DbOpsError {
  constructor(message = "interrupted") {
    super(message, ExitCode.interrupted);
  }
}

/** Any thrown value as a DbOpsError, keeping typed ones as they are. */
export function asDbOpsError(error: unknown): DbOpsError {
  if (error instanceof DbOpsError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new OperationError(message);
}
