// Which frontmatter keys each kind of definition may carry, and of what type: db-ops's own
// keys (from the seed) plus the Claude Code keys we accept. Unknown keys are problems.
import type { Frontmatter } from "./frontmatter.js";

type Kind = "string" | "string-list" | "boolean" | "string-or-list" | "any";

interface KeySpec {
  readonly kind: Kind;
  readonly required?: boolean;
}

const shared: Record<string, KeySpec> = {
  description: { kind: "string", required: true },
  category: { kind: "string" },
  "uses-skills": { kind: "string-list" },
  "uses-agents": { kind: "string-list" },
  "related-commands": { kind: "string-list" },
  steps: { kind: "string-list" },
  // Claude Code keys
  "allowed-tools": { kind: "string-or-list" },
  "argument-hint": { kind: "string" },
  model: { kind: "string" },
  "disable-model-invocation": { kind: "boolean" },
};

/** Keys of `commands/<name>.md`. */
export const commandKeys: Record<string, KeySpec> = { ...shared };

/** Keys of `skills/<name>/SKILL.md`. */
export const skillKeys: Record<string, KeySpec> = {
  ...shared,
  name: { kind: "string", required: true },
  "user-invocable": { kind: "boolean" },
  license: { kind: "string" },
  metadata: { kind: "any" },
};

const expected: Record<Kind, string> = {
  string: "a non-empty string",
  "string-list": "a list of strings",
  boolean: "true or false",
  "string-or-list": "a string or a list of strings",
  any: "any value",
};

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `a list (${JSON.stringify(value).slice(0, 60)})`;
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return `${typeof value} ${JSON.stringify(value)}`;
}

function fits(kind: Kind, value: unknown): boolean {
  const isStringList = Array.isArray(value) && value.every((v) => typeof v === "string" && v.length > 0);
  switch (kind) {
    case "string":
      return typeof value === "string" && value.trim().length > 0;
    case "string-list":
      return isStringList;
    case "boolean":
      return typeof value === "boolean";
    case "string-or-list":
      return (typeof value === "string" && value.length > 0) || isStringList;
    case "any":
      return true;
  }
}

/** Every problem with the keys of `fm` against `keys`, each as `file:line: key: what (expected, found)`. */
export function checkKeys(file: string, fm: Frontmatter, keys: Record<string, KeySpec>): string[] {
  const problems: string[] = [];
  for (const [key, spec] of Object.entries(keys)) {
    if (spec.required && !(key in fm.data)) problems.push(`${file}:${fm.lineOf(key)}: ${key}: missing (expected ${expected[spec.kind]})`);
  }
  for (const [key, value] of Object.entries(fm.data)) {
    const spec = keys[key];
    if (!spec) {
      problems.push(`${file}:${fm.lineOf(key)}: ${key}: unknown key (expected one of: ${Object.keys(keys).join(", ")})`);
    } else if (!fits(spec.kind, value)) {
      problems.push(`${file}:${fm.lineOf(key)}: ${key}: expected ${expected[spec.kind]}, found ${describe(value)}`);
    }
  }
  return problems;
}

/** A string-list value, or [] when absent or mistyped (the mistype is reported by checkKeys). */
export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
