// db-ops.yaml: the project's settings, read as unknown and returned as a validated type.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { DefinitionError } from "../errors.js";

/** Validated project configuration; every key optional. */
export interface Config {
  readonly file: string | undefined;
  readonly target: {
    readonly url?: string;
    readonly container?: string;
    readonly database?: string;
    readonly user?: string;
  };
  readonly backupRoot?: string;
  readonly events: {
    readonly url?: string;
    readonly enabled: boolean;
  };
}

export const CONFIG_FILE = "db-ops.yaml";

const emptyConfig: Config = { file: undefined, target: {}, events: { enabled: true } };

const shape: Record<string, Record<string, "string" | "boolean"> | "string"> = {
  target: { url: "string", container: "string", database: "string", user: "string" },
  "backup-root": "string",
  events: { url: "string", enabled: "boolean" },
};

/**
 * Reads `db-ops.yaml` from `dir` (or `explicitFile`); a missing default file is an empty config.
 * @throws DefinitionError naming every bad key with its line.
 */
export async function loadConfig(dir: string, explicitFile?: string): Promise<Config> {
  const file = explicitFile ?? join(dir, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" && explicitFile === undefined) return emptyConfig;
    throw new DefinitionError(`cannot read configuration`, [`${file}: ${(error as Error).message}`]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const problems = doc.errors.map((e) => `${file}:${e.linePos?.[0]?.line ?? 1}: not valid YAML: ${e.message.split("\n")[0]}`);
  if (problems.length > 0) throw new DefinitionError("invalid configuration", problems);
  const data: unknown = doc.toJS() ?? {};
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new DefinitionError("invalid configuration", [`${file}:1: expected a mapping of settings`]);
  }
  const lineOf = (path: string[]) => {
    const node = doc.getIn(path, true) as { range?: [number] } | undefined;
    return node?.range ? lineCounter.linePos(node.range[0]).line : 1;
  };
  const out: Record<string, Record<string, unknown> | unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const spec = shape[key];
    if (spec === undefined) {
      problems.push(`${file}:${lineOf([key])}: ${key}: unknown setting (expected one of: ${Object.keys(shape).join(", ")})`);
    } else if (spec === "string") {
      if (typeof value === "string" && value.length > 0) out[key] = value;
      else problems.push(`${file}:${lineOf([key])}: ${key}: expected a non-empty string, found ${JSON.stringify(value)}`);
    } else if (typeof value !== "object" || value === null || Array.isArray(value)) {
      problems.push(`${file}:${lineOf([key])}: ${key}: expected a mapping with keys ${Object.keys(spec).join(", ")}, found ${JSON.stringify(value)}`);
    } else {
      const section: Record<string, unknown> = {};
      for (const [sub, subValue] of Object.entries(value)) {
        const kind = spec[sub];
        if (kind === undefined) problems.push(`${file}:${lineOf([key, sub])}: ${key}.${sub}: unknown setting (expected one of: ${Object.keys(spec).join(", ")})`);
        else if (kind === "string" ? typeof subValue === "string" && subValue.length > 0 : typeof subValue === "boolean") section[sub] = subValue;
        else problems.push(`${file}:${lineOf([key, sub])}: ${key}.${sub}: expected ${kind === "string" ? "a non-empty string" : "true or false"}, found ${JSON.stringify(subValue)}`);
      }
      out[key] = section;
    }
  }
  if (problems.length > 0) throw new DefinitionError("invalid configuration", problems);
  const target = (out.target ?? {}) as Config["target"];
  const events = (out.events ?? {}) as { url?: string; enabled?: boolean };
  return {
    file,
    target,
    ...(typeof out["backup-root"] === "string" ? { backupRoot: out["backup-root"] } : {}),
    events: { ...(events.url ? { url: events.url } : {}), enabled: events.enabled ?? true },
  };
}
