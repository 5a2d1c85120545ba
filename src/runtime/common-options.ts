// Options every runnable command accepts: where the database is, and how to print.
import type { OptionSpec } from "./types.js";

export const commonOptions: readonly OptionSpec[] = [
  { name: "url", type: "string", valueName: "URL", description: "PostgreSQL connection URL (password in it stays off every command line)" },
  { name: "container", type: "string", valueName: "NAME", description: "Docker container running PostgreSQL (default: the Supabase container when it runs)" },
  { name: "database", type: "string", valueName: "NAME", description: "database name (overrides the URL's or container default)" },
  { name: "user", type: "string", valueName: "ROLE", description: "role to connect as (in Supabase, supabase_admin can read every schema)" },
  { name: "config", type: "string", valueName: "FILE", description: "settings file (default: ./db-ops.yaml when present)" },
  { name: "json", type: "boolean", description: "print the result as one JSON object on stdout" },
  { name: "help", type: "boolean", description: "show this help" },
];
