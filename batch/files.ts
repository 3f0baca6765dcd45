/** Expanding the import arguments: files as given, directories walked for report files. */
import { readdirSync, statSync } from "node:fs";
import { extname, join } from "node:path";

/**
 * Extensions picked up when walking a directory. A file named explicitly is always read (its
 * format is sniffed from its content).
 */
export const WALKED_EXTENSIONS = [
	".md",
	".markdown",
	".txt",
	".docx",
	".pdf",
	".png",
	".jpg",
	".jpeg",
	".tif",
	".tiff",
] as const;

export type Expanded =
	| { kind: "file"; path: string }
	| { kind: "error"; path: string; reason: string; fix: string };

/** Each argument → the files to import, in order (directories sorted, recursively), or an error. */
export function expandPaths(args: string[]): Expanded[] {
	const seen = new Set<string>();
	const out: Expanded[] = [];
	const add = (path: string) => {
		if (seen.has(path)) return;
		seen.add(path);
		out.push({ kind: "file", path });
	};
	for (const arg of args) {
		let stats: ReturnType<typeof statSync>;
		try {
			stats = statSync(arg);
		} catch {
			out.push({
				kind: "error",
				path: arg,
				reason: "no such file or directory",
				fix: "check the path",
			});
			continue;
		}
		if (!stats.isDirectory()) {
			add(arg);
			continue;
		}
		const found = walk(arg);
		if (found.length === 0) {
			out.push({
				kind: "error",
				path: arg,
				reason: `no ${WALKED_EXTENSIONS.join(", ")} files in this directory`,
				fix: "pass the report files themselves or another directory",
			});
		}
		for (const file of found) add(file);
	}
	return out;
}

function walk(dir: string): string[] {
	const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
		a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
	);
	const files: string[] = [];
	for (const entry of entries) {
		// Hidden folders (.git) and dependencies are never reports.
		if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
		const path = join(dir, entry.name);
		if (entry.isDirectory()) {
			files.push(...walk(path));
		} else if (
			isReportName(entry.name) &&
			(entry.isFile() || isFileLink(path))
		) {
			// Symlinked directories are not followed (no loops); symlinked files are.
			files.push(path);
		}
	}
	return files;
}

function isReportName(name: string): boolean {
	return (WALKED_EXTENSIONS as readonly string[]).includes(
		extname(name).toLowerCase(),
	);
}

function isFileLink(path: string): boolean {
	try {
		return statSync(path).isFile();
	} catch {
		return false;
	}
}
