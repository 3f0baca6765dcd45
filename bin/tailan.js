#!/usr/bin/env -S node --single-threaded-gc
// Runs the TypeScript CLI through tsx so `npx tailan` works right after `npm ci`, with no build step.
//
// --single-threaded-gc: tailan's heavy jobs keep every core busy (OCR workers on scans, parse
// threads in a batch import with the default --jobs), so V8's parallel and concurrent GC helper
// threads only take CPU from them. Measured: the 17-page gold scan 4–5% less CPU; a batch of
// 1,000 reports with --jobs 2 the same; with --jobs 1, where the second core is idle and the
// helpers were free, 5–10% slower (53.5 s against 48–49 s, before the parsers were loaded
// lazily; 43.3 s since). Started as `node bin/tailan.js`, the flag is not given: the same results.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
