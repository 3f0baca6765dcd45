/**
 * The import's files → the reports they make: page files of one report (pipeline/pages.ts's
 * rule, or every image given with --one-report) become one entry, named after them.
 */
import { readFileSync } from "node:fs";
import type { PageGroupTask } from "../batch/engine.ts";
import { DocumentLoadError } from "../pipeline/document.ts";
import { groupPageFiles, tiffPageCount } from "../pipeline/pages.ts";
import { UsageError } from "./args.ts";

/** How page files are taken: by their names, all as one report, or each on its own. */
export type PagesMode = "named" | "one-report" | "each-file";

/**
 * @param listed the paths found, in order (files and paths that failed to list)
 * @param isFile whether a path is a file to read (not one that failed to list)
 * @param mode --one-report, --each-file or the default rule
 * @returns the entries to import in order (a group by its name) and each group's page files
 */
export function pageGroupsOf(
	listed: readonly string[],
	isFile: (path: string) => boolean,
	mode: PagesMode,
): { files: string[]; groups: Map<string, PageGroupTask> } {
	const candidates = listed.filter(isFile);
	let units: ReturnType<typeof groupPageFiles>;
	try {
		units = groupPageFiles(candidates, {
			oneReport: mode === "one-report",
			separately: mode === "each-file",
			pagesIn: (path) => {
				if (!/\.tiff?$/i.test(path)) return 1;
				try {
					return tiffPageCount(new Uint8Array(readFileSync(path)));
				} catch {
					return 1;
				}
			},
		});
	} catch (error) {
		if (!(error instanceof DocumentLoadError)) throw error;
		throw new UsageError(
			`--one-report: ${error.file}: ${error.reason}`,
			error.fix ?? "see `tailan import --help`",
		);
	}
	const groups = new Map<string, PageGroupTask>();
	const nameOf = new Map<string, string>();
	for (const u of units)
		if (u.kind === "pages") {
			groups.set(u.name, {
				files: u.files,
				numbers: u.numbers,
				missing: u.missing,
			});
			for (const f of u.files) nameOf.set(f, u.name);
		}
	const files: string[] = [];
	const seen = new Set<string>();
	for (const path of listed) {
		const name = nameOf.get(path) ?? path;
		if (seen.has(name)) continue;
		seen.add(name);
		files.push(name);
	}
	return { files, groups };
}
