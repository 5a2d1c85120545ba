#!/usr/bin/env node
// Launcher: runs the compiled CLI, turning Ctrl-C and SIGTERM into a clean, reported stop.
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write("db-ops: the runtime is not built (dist/cli.js is missing); run `npm ci` or `npm run build` in the package folder\n");
  process.exit(1);
}
const { main } = await import(cli.href);
const controller = new AbortController();
let signals = 0;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    signals += 1;
    if (signals > 1) process.exit(130);
    process.stderr.write(`\ndb-ops: ${signal} received, stopping and cleaning up (again to force)\n`);
    controller.abort();
  });
}
process.exitCode = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
