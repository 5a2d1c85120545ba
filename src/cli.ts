// The db-ops command line: parse argv, call the library, print, return the exit code.
// Nothing below this file prints or exits.
import { loadCatalog } from "./catalog/load-catalog.js";
import type { Catalog } from "./catalog/types.js";
import { commandHelp, commandsAsJson, generalHelp, listCommands } from "./cli/help.js";
import { parseOptions } from "./cli/parse-options.js";
import { progressLine, renderResult } from "./cli/render.js";
import { DbOpsError, DefinitionError, ExitCode, UsageError, asDbOpsError } from "./errors.js";
import { packageRoot, toolVersion } from "./package-info.js";
import { commandOptions } from "./runtime/command-options.js";
import { runCommand } from "./runtime/run-command.js";
import { implementedSteps, skillImplementations } from "./skills/registry.js";
import { nearest } from "./suggest.js";

/** Where output goes; the real process streams by default, buffers in tests. */
export interface CliIO {
  readonly stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly signal?: AbortSignal;
}

const BUILTINS = ["commands", "help", "agent"];

function pluginRoot(env: NodeJS.ProcessEnv): string {
  return env.DB_OPS_PLUGIN_ROOT || packageRoot;
}

/** Asks on the terminal; only "y" or "yes" is a yes. */
async function askYesNo(io: CliIO, question: string): Promise<boolean> {
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: io.stdin as NodeJS.ReadableStream, output: io.stderr as NodeJS.WritableStream, terminal: true });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

function printError(io: CliIO, error: DbOpsError): void {
  io.stderr.write(`db-ops: ${error.message}\n`);
  if (error.hint) io.stderr.write(`   what to do: ${error.hint}\n`);
}

async function runCatalogCommand(catalog: Catalog, name: string, argv: readonly string[], io: CliIO): Promise<number> {
  const command = catalog.commands.get(name);
  if (!command) {
    const guess = nearest(name, [...catalog.commands.keys(), ...BUILTINS]);
    throw new UsageError(`unknown command "${name}"${guess ? `; did you mean "${guess}"?` : ""}`, "run `db-ops commands` to list them");
  }
  const specs = commandOptions(command, skillImplementations);
  const { values, positionals } = parseOptions(name, argv, specs);
  if (values.help === true) {
    io.stdout.write(`${commandHelp(command, specs)}\n`);
    return ExitCode.ok;
  }
  if (positionals.length > 0) throw new UsageError(`${name}: unexpected argument "${positionals[0]}"`, `see: db-ops ${name} --help`);
  const json = values.json === true;
  const showProgress = io.stderr.isTTY === true;
  let progressShown = false;
  const result = await runCommand({
    catalog,
    implementations: skillImplementations,
    command: name,
    options: values,
    cwd: io.cwd,
    env: io.env,
    triggeredBy: io.env.DB_OPS_TRIGGERED_BY || "cli",
    ...(io.signal ? { signal: io.signal } : {}),
    ...(io.stdin?.isTTY === true && io.stderr.isTTY === true ? { confirm: (question: string) => askYesNo(io, question) } : {}),
    progress: (p) => {
      if (!showProgress) return;
      progressShown = true;
      io.stderr.write(progressLine(p));
    },
  });
  if (progressShown) io.stderr.write("\r\u001b[K");
  const printed = renderResult(result, command, skillImplementations, json);
  io.stdout.write(printed.stdout);
  io.stderr.write(printed.stderr);
  return result.ok ? ExitCode.ok : (result.error?.exitCode ?? ExitCode.failed);
}

/** Runs the CLI for `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === "--version" || first === "-v") {
      io.stdout.write(`${toolVersion()}\n`);
      return ExitCode.ok;
    }
    const catalog = await loadCatalog(pluginRoot(io.env), { implementedSteps: implementedSteps() });
    const interactive = io.stdin?.isTTY === true && io.stdout.isTTY === true;
    if (first === "agent" || (first === undefined && interactive)) {
      const { runAgent } = await import("./agent/agent.js");
      return await runAgent({ input: io.stdin ?? process.stdin, output: io.stdout as NodeJS.WritableStream & { isTTY?: boolean }, env: io.env, cwd: io.cwd, ...(io.signal ? { signal: io.signal } : {}) }, catalog, skillImplementations);
    }
    if (first === undefined || first === "--help" || first === "-h" || first === "help") {
      io.stdout.write(`${generalHelp(catalog, toolVersion())}\n`);
      return ExitCode.ok;
    }
    if (first === "commands") {
      const { values } = parseOptions("commands", rest, [{ name: "json", type: "boolean", description: "" }]);
      io.stdout.write(values.json === true ? `${JSON.stringify(commandsAsJson(catalog), null, 2)}\n` : `${listCommands(catalog)}\n`);
      return ExitCode.ok;
    }
    if (first.startsWith("-")) throw new UsageError(`unknown option ${first}`, "run `db-ops --help`");
    return await runCatalogCommand(catalog, first, rest, io);
  } catch (thrown) {
    const error = asDbOpsError(thrown);
    if (error instanceof DefinitionError) io.stderr.write(`db-ops: ${error.message}\n`);
    else printError(io, error);
    return error.exitCode;
  }
}
