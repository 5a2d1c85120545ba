// Turns argv into validated option values for a command, with errors that say what to do.
import { parseArgs } from "node:util";
import { UsageError } from "../errors.js";
import { nearest } from "../suggest.js";
import type { OptionSpec, OptionValues } from "../runtime/types.js";

export interface ParsedInvocation {
  readonly values: OptionValues;
  readonly positionals: readonly string[];
}

/** Parses `argv` strictly against `specs`; unknown flags suggest the nearest known one. */
export function parseOptions(command: string, argv: readonly string[], specs: readonly OptionSpec[]): ParsedInvocation {
  const flags = specs.filter((s) => !s.positional);
  const bare = specs.filter((s) => s.positional);
  const options = Object.fromEntries(flags.map((s) => [s.name, { type: s.type }])) as Record<string, { type: "string" | "boolean" }>;
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    const message = (error as Error).message;
    const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
    const code = (error as { code?: string }).code;
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && flag) {
      const guess = nearest(flag.replace(/^-+/, ""), specs.map((s) => s.name));
      throw new UsageError(`${command}: unknown option ${flag}${guess ? `; did you mean --${guess}?` : ""}`, `see: db-ops ${command} --help`);
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new UsageError(`${command}: ${message.replace(/^Option /, "option ")}`, `see: db-ops ${command} --help`);
    throw new UsageError(`${command}: ${message}`, `see: db-ops ${command} --help`);
  }
  const values: Record<string, string | boolean | undefined> = { ...(parsed.values as OptionValues) };
  bare.forEach((spec, i) => {
    if (parsed.positionals[i] !== undefined) values[spec.name] = parsed.positionals[i];
  });
  return { values, positionals: parsed.positionals.slice(bare.length) };
}
