// Which database an operation talks to, and how to run a PostgreSQL client tool against it.
// Passwords live only in the target object and in the child's PGPASSWORD, never in argv.
import { childEnv, type Invocation } from "./processes.js";

/** Where the target came from, in resolution order. */
export type TargetSource = "flag" | "DATABASE_URL" | "db-ops.yaml" | "supabase default" | "libpq defaults";

interface Common {
  readonly source: TargetSource;
  /** The database name, when known before connecting. */
  readonly database: string | undefined;
  readonly user: string | undefined;
  readonly password: string | undefined;
}

/** A connection URL (or libpq's environment): local client binaries. */
export interface HostTarget extends Common {
  readonly kind: "url" | "libpq";
  readonly host: string | undefined;
  readonly port: number | undefined;
  /** Other libpq keywords from the URL's query string (sslmode, ...). */
  readonly params: Readonly<Record<string, string>>;
}

/** A Docker container: client binaries run inside it, so they always match the server. */
export interface ContainerTarget extends Common {
  readonly kind: "container";
  readonly container: string;
}

export type Target = HostTarget | ContainerTarget;

export type ClientTool = "pg_dump" | "psql" | "pg_dumpall";

/** Quotes a value for a libpq conninfo string ('...' with \ and ' escaped). */
function conninfoValue(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** The libpq keyword string for `target`, without the password (which travels in PGPASSWORD). */
export function conninfo(target: Target): string {
  const parts: [string, string | number | undefined][] =
    target.kind === "container"
      ? [
          ["dbname", target.database],
          ["user", target.user],
        ]
      : [
          ["host", target.host],
          ["port", target.port],
          ["dbname", target.database],
          ["user", target.user],
          ...Object.entries(target.params),
        ];
  return parts
    .filter((p): p is [string, string | number] => p[1] !== undefined && p[1] !== "")
    .map(([k, v]) => `${k}=${conninfoValue(String(v))}`)
    .join(" ");
}

/** A one-line description for people: never contains the password. */
export function describeTarget(target: Target): string {
  const db = target.database ?? "(default database)";
  if (target.kind === "container") return `container ${target.container}, database ${db}${target.user ? ` as ${target.user}` : ""}`;
  const where = target.host ? `${target.host}${target.port ? `:${target.port}` : ""}` : "local socket";
  return `${where}, database ${db}${target.user ? ` as ${target.user}` : ""}`;
}

/** How to run `tool args...` against `target`: `docker exec -i` for containers, the local binary otherwise. */
export function clientInvocation(target: Target, tool: ClientTool, args: readonly string[], options: { stdin?: boolean } = {}): Invocation {
  const secrets = target.password ? [target.password] : [];
  const passwordEnv: Record<string, string> = target.password ? { PGPASSWORD: target.password } : {};
  const connection = conninfo(target);
  const dbArgs = connection ? [`--dbname=${connection}`] : [];
  const toolArgs = tool === "pg_dumpall" ? [...(connection ? [`--dbname=${connection}`] : []), ...args] : [...dbArgs, ...args];
  if (target.kind === "container") {
    const execArgs = ["exec", ...(options.stdin ? ["-i"] : []), ...(target.password ? ["-e", "PGPASSWORD"] : []), target.container, tool, ...toolArgs];
    return { file: "docker", args: execArgs, env: childEnv(passwordEnv, false), secrets };
  }
  return { file: tool, args: toolArgs, env: childEnv({ ...passwordEnv, PGAPPNAME: "db-ops" }, target.kind === "libpq"), secrets };
}

/** `tool --version` run where the target's tools run (inside the container, or locally). */
export function versionInvocation(target: Target, tool: ClientTool): Invocation {
  if (target.kind === "container") return { file: "docker", args: ["exec", target.container, tool, "--version"], env: childEnv({}, false), secrets: [] };
  return { file: tool, args: ["--version"], env: childEnv({}, false), secrets: [] };
}
