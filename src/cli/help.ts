// --help texts, generated from the catalog and the options the steps declare.
import type { Catalog, CommandDefinition } from "../catalog/types.js";
import type { OptionSpec } from "../runtime/types.js";

/** The top-level help: usage, built-in subcommands, then every catalog command. */
export function generalHelp(catalog: Catalog, version: string): string {
  const commands = [...catalog.commands.values()];
  const width = Math.max(10, ...commands.map((c) => c.name.length)) + 2;
  return [
    `db-ops ${version}: trustworthy PostgreSQL backups and restores`,
    "",
    "Usage: db-ops <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.description}`),
    `  ${"commands".padEnd(width)}List every command with its category, skills and related commands (--json)`,
    `  ${"agent".padEnd(width)}Interactive prompt: /commands run here, free text goes to Claude (also: db-ops on a terminal)`,
    "",
    "Run `db-ops <command> --help` for a command's options.",
    "Exit codes: 0 ok, 1 failed, 2 usage or invalid definitions, 3 database unreachable, 4 pre-flight refused, 130 interrupted.",
  ].join("\n");
}

function optionLine(o: OptionSpec): [string, string] {
  if (o.positional) return [o.valueName ?? o.name.toUpperCase(), o.description];
  return [`--${o.name}${o.type === "string" ? ` ${o.valueName ?? "VALUE"}` : ""}`, o.description];
}

/** One command's help: its description, usage, options and related commands. */
export function commandHelp(command: CommandDefinition, options: readonly OptionSpec[]): string {
  const rows = options.map(optionLine);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return [
    `db-ops ${command.name}: ${command.description}`,
    "",
    `Usage: db-ops ${command.name}${command.argumentHint ? ` ${command.argumentHint}` : " [options]"}`,
    "",
    "Arguments and options:",
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`),
    ...(command.relatedCommands.length > 0 ? ["", `Related: ${command.relatedCommands.map((c) => `db-ops ${c}`).join(", ")}`] : []),
  ].join("\n");
}

/** `db-ops commands`: one block per command. */
export function listCommands(catalog: Catalog): string {
  return [...catalog.commands.values()]
    .map((c) =>
      [
        `${c.name}${c.category ? ` [${c.category}]` : ""}`,
        `  ${c.description}`,
        `  skills: ${c.usesSkills.join(", ") || "none"}`,
        `  related: ${c.relatedCommands.join(", ") || "none"}`,
      ].join("\n"),
    )
    .join("\n\n");
}

/** `db-ops commands --json`: the same facts as data. */
export function commandsAsJson(catalog: Catalog): unknown {
  return [...catalog.commands.values()].map((c) => ({
    name: c.name,
    description: c.description,
    category: c.category ?? null,
    skills: c.usesSkills,
    related_commands: c.relatedCommands,
    steps: c.steps.map((s) => `${s.skill}/${s.step}`),
    runnable: c.steps.length > 0,
  }));
}
