/**
 * The Node flags of the CLI's launcher (the shebang line of bin/tailan.js): the benchmarks start
 * their child processes with them, so that they measure what `npx tailan` runs.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../bin/tailan.js", import.meta.url));

/** The flags after `node` on the launcher's "#!/usr/bin/env -S node …" line. */
export function launcherNodeFlags(bin: string = BIN): string[] {
	const first = readFileSync(bin, "utf8").split("\n", 1)[0] ?? "";
	const m = /^#!.*?\bnode\b(.*)$/.exec(first);
	return (m?.[1] ?? "").trim().split(/\s+/).filter(Boolean);
}
