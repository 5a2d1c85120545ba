// The catalog's runnable commands as Claude tools, generated from their definitions: a tool's
// description is the command's, its input schema the command's options.
import type { Catalog, CommandDefinition } from "../catalog/types.js";
import { commandOptions } from "../runtime/command-options.js";
import type { OptionValues, SkillImplementation } from "../runtime/types.js";

/** Options that make no sense for a tool call (printing, help, the settings file). */
const HIDDEN = new Set(["help", "json", "config", "yes"]);

export interface ToolDefinition {
  readonly name: string;
  readonly description: string;
  readonly input_schema: { type: "object"; properties: Record<string, { type: "string" | "boolean"; description: string }>; additionalProperties: false };
}

/** Whether running the command can replace or delete data: then the user is asked first. */
export function isDestructive(command: CommandDefinition): boolean {
  return command.disableModelInvocation;
}

export function catalogTools(catalog: Catalog, implementations: ReadonlyMap<string, SkillImplementation>): ToolDefinition[] {
  return [...catalog.commands.values()]
    .filter((c) => c.steps.length > 0)
    .map((c) => ({
      name: c.name,
      description: `${c.description}${isDestructive(c) ? " (replaces or deletes data: the user is asked to confirm before it runs)" : ""}`,
      input_schema: {
        type: "object",
        properties: Object.fromEntries(commandOptions(c, implementations).filter((o) => !HIDDEN.has(o.name)).map((o) => [o.name, { type: o.type, description: o.description }])),
        additionalProperties: false,
      },
    }));
}

/** A tool call's input as option values; anything not in the schema is refused. */
export function toolInputToOptions(tool: ToolDefinition, input: unknown): OptionValues | string {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return "the tool input must be an object";
  const values: Record<string, string | boolean> = {};
  for (const [key, value] of Object.entries(input)) {
    const spec = tool.input_schema.properties[key];
    if (!spec) return `unknown input "${key}" (known: ${Object.keys(tool.input_schema.properties).join(", ")})`;
    if (typeof value !== spec.type) return `input "${key}" must be a ${spec.type}`;
    values[key] = value as string | boolean;
  }
  return values;
}
