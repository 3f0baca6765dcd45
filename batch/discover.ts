/**
 * Finding the files of an import (below cli/: the import command, the review app and the
 * import workers use it): each argument → the files to read, the folders walked, the skipped
 * files named with why.
 */
import {
	type Dirent,
	existsSync,
	lstatSync,
	readdirSync,
	realpathSync,
	statSync,
} from "node:fs";
import { basename, extname, join, relative, resolve, sep } from "node:path";
import { WALKED_EXTENSIONS } from "./files.ts";
import {
	hiddenEntry,
	isLockFile,
	type SkipKind,
	unsupportedFile,
} from "./skipped.ts";

export type Target =
	| { kind: "file"; path: string }
	| { kind: "error"; path: string; reason: string; fix: string }
	| SkippedTarget;

/** A file or folder not read: a lock file (counted), hidden or unsupported (named). */
export interface SkippedTarget {
	kind: "skipped";
	path: string;
	what: SkipKind;
	reason: string;
	fix: string;
}

const GLOB_CHARS = /[*?[]/;

/**
 * Each argument → the files to import, in order: a file as given (its format is sniffed from
 * its content, whatever its name), a directory walked recursively for report files (sorted;
 * hidden folders and node_modules skipped; symlinked folders followed, loops reported), a glob
 * (`*`, `**`, `?`, `[…]`) expanded the same way.
 */
export function discover(args: readonly string[]): Target[] {
	const out: Target[] = [];
	const seen = new Set<string>();
	const add = (t: Target) => {
		const key = `${t.kind}:${t.path}`;
		if (seen.has(key)) return;
		seen.add(key);
		out.push(t);
	};
	for (const arg of args) {
		if (GLOB_CHARS.test(arg) && !existsSync(arg)) {
			const found = expandGlob(arg);
			if (found.length === 0)
				add({
					kind: "error",
					path: arg,
					reason: "no files match this pattern",
					fix: "check the pattern (quote it so that tailan expands ** itself)",
				});
			for (const t of found) add(t);
			continue;
		}
		const stats = statSync(arg, { throwIfNoEntry: false });
		if (!stats) {
			const link = lstatSync(arg, { throwIfNoEntry: false });
			add(
				link?.isSymbolicLink()
					? {
							kind: "error",
							path: arg,
							reason: "a broken symbolic link (its target does not exist)",
							fix: "fix or remove the link",
						}
					: {
							kind: "error",
							path: arg,
							reason: "no such file or directory",
							fix: "check the path",
						},
			);
			continue;
		}
		if (!stats.isDirectory()) {
			// Named, it is read whatever its name — but an office program's lock file never is a
			// report (a shell's *.docx lists Word's ~$x.docx too).
			add(
				isLockFile(basename(arg))
					? { kind: "skipped", path: arg, what: "lock", ...LOCK_FILE }
					: { kind: "file", path: arg },
			);
			continue;
		}
		const found = walkDir(arg, () => true);
		if (!found.some((t) => t.kind === "file" || t.kind === "error"))
			add({
				kind: "error",
				path: arg,
				reason: `no ${WALKED_EXTENSIONS.join(", ")} files in this directory`,
				fix: "pass the report files themselves or another directory",
			});
		for (const t of found) add(t);
	}
	return out;
}

/**
 * Walk `dir` for report files whose path passes `keep`. Folders are followed through symlinks;
 * a link back to a folder on the current path is a loop: reported once, not followed.
 */
function walkDir(
	dir: string,
	keep: (path: string) => boolean,
	maxDepth = Number.POSITIVE_INFINITY,
): Target[] {
	const out: Target[] = [];
	// Each real folder is walked once, however many links lead to it.
	const walked = new Set<string>();
	const visit = (path: string, ancestors: Set<string>, depth: number) => {
		let real: string;
		let entries: Dirent[];
		try {
			real = realpathSync(path);
			if (walked.has(real)) return;
			walked.add(real);
			// Sorted, so a folder imports in the same order (and gets the same report ids) everywhere.
			entries = readdirSync(path, { withFileTypes: true }).sort((a, b) =>
				a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
			);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			out.push({
				kind: "error",
				path,
				reason:
					code === "EACCES"
						? "permission denied (cannot list this directory)"
						: `cannot list this directory (${code ?? String(error)})`,
				fix: "check its permissions",
			});
			return;
		}
		const inner = new Set(ancestors).add(real);
		entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		for (const entry of entries) {
			const child = join(path, entry.name);
			// Lock and temporary files: counted, never reports.
			if (isLockFile(entry.name)) {
				if (keep(child))
					out.push({
						kind: "skipped",
						path: child,
						what: "lock",
						...LOCK_FILE,
					});
				continue;
			}
			// Hidden folders (.git) and files, and dependencies: named, not read.
			if (entry.name.startsWith(".") || entry.name === "node_modules") {
				const folder = entry.isDirectory() || isFolderLink(child);
				if (folder ? depth < maxDepth : keep(child)) {
					const { reason, fix } = hiddenEntry(entry.name, folder);
					out.push({
						kind: "skipped",
						path: child,
						what: "hidden",
						reason,
						fix,
					});
				}
				continue;
			}
			let isDir = entry.isDirectory();
			if (entry.isSymbolicLink()) {
				const target = statSync(child, { throwIfNoEntry: false });
				if (target?.isDirectory()) {
					const targetReal = safeRealpath(child);
					if (targetReal !== undefined && inner.has(targetReal)) {
						out.push({
							kind: "error",
							path: child,
							reason: `a directory symlink loop (it leads back to ${targetReal})`,
							fix: "remove the link, or pass the folder it points to",
						});
						continue;
					}
					isDir = true;
				}
			}
			if (isDir) {
				if (depth < maxDepth) visit(child, inner, depth + 1);
			} else if (isReportName(entry.name) && keep(child)) {
				// Named like a report: listed even when it is a broken link or a pipe, so that it
				// gets an error line rather than vanishing.
				out.push({ kind: "file", path: child });
			} else if (keep(child)) {
				// Another format (.doc, .xlsx, …): named with what to do.
				const { reason, fix } = unsupportedFile(
					entry.name,
					extname(entry.name).toLowerCase(),
					WALKED_EXTENSIONS,
				);
				out.push({
					kind: "skipped",
					path: child,
					what: "unsupported",
					reason,
					fix,
				});
			}
		}
	};
	visit(dir, new Set(), 0);
	return out;
}

const LOCK_FILE = {
	reason: "a lock or temporary file of an office program",
	fix: "none needed: it is not a report",
};

function isFolderLink(path: string): boolean {
	return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}

function safeRealpath(path: string): string | undefined {
	try {
		return realpathSync(path);
	} catch {
		return undefined;
	}
}

function isReportName(name: string): boolean {
	return (WALKED_EXTENSIONS as readonly string[]).includes(
		extname(name).toLowerCase(),
	);
}

/** Expand a glob: walk from its literal prefix, keep the files whose path matches. */
function expandGlob(pattern: string): Target[] {
	const parts = pattern.split(/[\\/]+/);
	const firstMagic = parts.findIndex((p) => GLOB_CHARS.test(p));
	const baseParts = parts.slice(0, firstMagic);
	const base =
		baseParts.length === 0
			? "."
			: baseParts.join(sep) || (pattern.startsWith("/") ? "/" : ".");
	if (!statSync(base, { throwIfNoEntry: false })?.isDirectory()) return [];
	const rest = parts.slice(firstMagic);
	const matcher = globToRegExp(rest.join("/"));
	const baseAbs = resolve(base);
	// Without "**" a match is exactly as deep as the pattern: no need to walk deeper.
	const maxDepth = rest.includes("**")
		? Number.POSITIVE_INFINITY
		: rest.length - 1;
	return walkDir(
		base,
		(path) =>
			matcher.test(relative(baseAbs, resolve(path)).split(sep).join("/")),
		maxDepth,
	);
}

/** `**` any folders, `*` any characters but "/", `?` one, `[…]` a class. */
export function globToRegExp(glob: string): RegExp {
	let re = "";
	for (let i = 0; i < glob.length; i++) {
		const c = glob[i] as string;
		if (c === "*" && glob[i + 1] === "*") {
			const slash = glob[i + 2] === "/";
			re += slash ? "(?:.*/)?" : ".*";
			i += slash ? 2 : 1;
		} else if (c === "*") re += "[^/]*";
		else if (c === "?") re += "[^/]";
		else if (c === "[") {
			const end = glob.indexOf("]", i + 1);
			if (end < 0) re += "\\[";
			else {
				re += `[${glob
					.slice(i + 1, end)
					.replace(/^!/, "^")
					.replace(/\\/g, "\\\\")}]`;
				i = end;
			}
		} else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
	}
	return new RegExp(`^${re}$`);
}
