// Resolves the target once, in DESIGN.md's order: flags, DATABASE_URL, db-ops.yaml, the
// Supabase container when Docker runs it, then libpq's own defaults.
import { existsSync, readFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import type { Config } from "../config/config.js";
import { capture, childEnv } from "./processes.js";
import type { ContainerTarget, HostTarget, Target, TargetSource } from "./target.js";

/** The seed's container, used when the project names no other. */
export const DEFAULT_CONTAINER = "supabase_db_api-dev";
const SUPABASE_DATABASE = "postgres";
const SUPABASE_USER = "postgres";

export interface TargetFlags {
  readonly url?: string | undefined;
  readonly container?: string | undefined;
  readonly database?: string | undefined;
  readonly user?: string | undefined;
}

export interface ResolveTargetInput {
  readonly flags: TargetFlags;
  readonly config: Config;
  readonly env: NodeJS.ProcessEnv;
  readonly projectDir: string;
  /** Whether a container is running; replaceable so that tests choose. */
  readonly isContainerRunning?: (name: string) => Promise<boolean>;
}

/** Parses a postgres:// URL into a target; the message never repeats the password. */
export function parseConnectionUrl(raw: string, source: TargetSource): HostTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not echoed: a URL that does not parse cannot be trusted to redact either.
    throw new UsageError(`${source}: not a valid connection URL (not shown, as it may hold a password)`, "expected postgresql://user[:password]@host[:port]/database");
  }
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") {
    throw new UsageError(`${source}: unsupported URL scheme "${url.protocol}"`, "expected postgresql://user[:password]@host[:port]/database");
  }
  const decode = (s: string) => (s ? decodeURIComponent(s) : undefined);
  const params: Record<string, string> = {};
  for (const [k, v] of url.searchParams) params[k] = v;
  const host = url.hostname ? url.hostname.replace(/^\[(.*)\]$/, "$1") : params.host;
  delete params.host;
  const port = url.port ? Number(url.port) : params.port ? Number(params.port) : undefined;
  delete params.port;
  return {
    kind: "url",
    source,
    host: host || undefined,
    port,
    database: decode(url.pathname.replace(/^\//, "")),
    user: decode(url.username),
    password: decode(url.password),
    params,
  };
}

/** The default container: `supabase_db_<project_id>` from supabase/config.toml, else the seed's. */
export function defaultContainerName(projectDir: string): string {
  const file = join(projectDir, "supabase", "config.toml");
  if (existsSync(file)) {
    const match = /^\s*project_id\s*=\s*"([^"]+)"/m.exec(readFileSync(file, "utf8"));
    if (match?.[1]) return `supabase_db_${match[1]}`;
  }
  return DEFAULT_CONTAINER;
}

/** True when Docker answers and lists `name` as running; false when Docker is absent or has no engine. */
export async function dockerContainerRunning(name: string): Promise<boolean> {
  try {
    const out = await capture(
      { file: "docker", args: ["ps", "--filter", `name=^/?${name}$`, "--format", "{{.Names}}"], env: childEnv({}, false), secrets: [] },
      { timeoutMs: 5000 },
    );
    return out.split("\n").some((line) => line.trim() === name);
  } catch {
    return false;
  }
}

function withOverrides<T extends Target>(target: T, flags: TargetFlags): T {
  return {
    ...target,
    ...(flags.database ? { database: flags.database } : {}),
    ...(flags.user ? { user: flags.user } : {}),
  };
}

function container(name: string, source: TargetSource, database: string | undefined, user: string | undefined, env: NodeJS.ProcessEnv): ContainerTarget {
  return { kind: "container", source, container: name, database: database ?? SUPABASE_DATABASE, user: user ?? SUPABASE_USER, password: env.PGPASSWORD || undefined };
}

/** Resolves the target; throws UsageError for contradictory or malformed settings. */
export async function resolveTarget(input: ResolveTargetInput): Promise<Target> {
  const { flags, config, env } = input;
  if (flags.url && flags.container) throw new UsageError("--url and --container cannot be used together", "choose one target");
  if (flags.url) return withOverrides(parseConnectionUrl(flags.url, "flag"), flags);
  if (flags.container) return withOverrides(container(flags.container, "flag", undefined, undefined, env), flags);
  if (env.DATABASE_URL) return withOverrides(parseConnectionUrl(env.DATABASE_URL, "DATABASE_URL"), flags);
  const fromConfig = config.target;
  if (fromConfig.url && fromConfig.container) throw new UsageError(`${config.file}: target.url and target.container cannot both be set`);
  if (fromConfig.url) return withOverrides({ ...parseConnectionUrl(fromConfig.url, "db-ops.yaml"), ...(fromConfig.database ? { database: fromConfig.database } : {}), ...(fromConfig.user ? { user: fromConfig.user } : {}) }, flags);
  if (fromConfig.container) return withOverrides(container(fromConfig.container, "db-ops.yaml", fromConfig.database, fromConfig.user, env), flags);
  const name = defaultContainerName(input.projectDir);
  const running = await (input.isContainerRunning ?? dockerContainerRunning)(name);
  if (running) return withOverrides(container(name, "supabase default", fromConfig.database, fromConfig.user, env), flags);
  const libpq: HostTarget = {
    kind: "libpq",
    source: "libpq defaults",
    host: undefined,
    port: undefined,
    database: fromConfig.database ?? env.PGDATABASE ?? env.PGUSER ?? userInfo().username,
    user: fromConfig.user,
    password: undefined,
    params: {},
  };
  return withOverrides(libpq, flags);
}
