#!/usr/bin/env -S node --single-threaded-gc
// Runs the TypeScript CLI through tsx so `npx tailan` works right after `npm ci`, with no build step.
//
// --single-threaded-gc: tailan's heavy jobs keep every core busy (OCR workers on scans, parse
// threads in a batch import), so V8's parallel and concurrent GC helper threads only take CPU
// from them. Measured: a 17-page scan 4–5% less CPU, a batch of 400 reports with --jobs 2 about
// the same or faster, with --jobs 1 within the noise (0–4% slower). Started as
// `node bin/tailan.js`, the flag is not given: the same results.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
