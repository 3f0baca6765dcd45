/**
 * npm run corpus [-- --corpus DIR]: scores tailan's parsers on the peers' corpus
 * (../shared/corpora/MANIFEST.json): scripts/corpus-docx.ts for the DOCX cases,
 * scripts/corpus-pdf.ts for the PDF cases and scripts/corpus-icdar.ts for the ICDAR 2013 cases
 * (MANIFEST.icdar2013.json), each when present, one after the other. Arguments
 * are passed to each; the exit code is the worst of theirs.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const scripts = ["corpus-docx.ts", "corpus-pdf.ts", "corpus-icdar.ts"]
	.map((name) => fileURLToPath(new URL(name, import.meta.url)))
	.filter((path) => existsSync(path));

let exitCode = 0;
for (const script of scripts) {
	const run = spawnSync(
		process.execPath,
		["--import", "tsx", script, ...process.argv.slice(2)],
		{ stdio: "inherit" },
	);
	exitCode = Math.max(exitCode, run.status ?? 1);
}
process.exitCode = exitCode;
