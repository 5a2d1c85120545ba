// Where the package lives and what version it is: the one source for both.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root: the folder holding package.json, commands/ and skills/ (from src/ or dist/). */
export const packageRoot: string = join(dirname(fileURLToPath(import.meta.url)), "..");

let cachedVersion: string | undefined;

/** The version from package.json, read once. */
export function toolVersion(): string {
  if (cachedVersion === undefined) {
    const pkg = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version?: unknown };
    cachedVersion = typeof pkg.version === "string" ? pkg.version : "0.0.0";
  }
  return cachedVersion;
}
