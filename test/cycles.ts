/**
 * The import graph of the repository's own TypeScript files, for test/cycles.test.ts: every
 * `import … from "./x.ts"` and `export … from "./x.ts"` with a relative specifier, type-only
 * imports included (a cycle of types is still a cycle of modules to a reader), and the strongly
 * connected components of more than one file (the cycles).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const SKIP = new Set(["node_modules", ".git", "coverage", "dist"]);

/** Every .ts file under `dir` (relative to `root`, forward slashes), node_modules left out. */
export function tsFiles(root: string, dir = root): string[] {
	const out: string[] = [];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		if (SKIP.has(entry.name) || entry.name.startsWith(".")) continue;
		const path = join(dir, entry.name);
		if (entry.isDirectory()) out.push(...tsFiles(root, path));
		else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
			out.push(relative(root, path).split("\\").join("/"));
	}
	return out.sort();
}

/** One relative import or re-export of a source; `typeOnly` for `import type` / `export type`. */
export interface ImportEdge {
	spec: string;
	typeOnly: boolean;
}

/** The relative specifiers a source imports or re-exports (static, bare and dynamic `import("./x")`). */
export function importsOf(source: string): ImportEdge[] {
	// Comments out first, so an example in a doc comment is no import.
	const code = source
		.replace(/\/\*[\s\S]*?\*\//g, "")
		.replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
	const edges: ImportEdge[] = [];
	const statement =
		/\b(import|export)(\s+type\b)?[^;"'`]*?\bfrom\s*["']([^"']+)["']/g;
	for (const m of code.matchAll(statement))
		edges.push({ spec: m[3] ?? "", typeOnly: m[2] !== undefined });
	for (const re of [
		/\bimport\s*["']([^"']+)["']/g,
		/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
	])
		for (const m of code.matchAll(re))
			edges.push({ spec: m[1] ?? "", typeOnly: false });
	return edges.filter((edge) => edge.spec.startsWith("."));
}

/**
 * file → the repository files it imports (relative paths, forward slashes).
 * @param options.types false: leave type-only imports out (the graph of what runs)
 */
export function importGraph(
	root: string,
	files = tsFiles(root),
	options: { types?: boolean } = {},
): Map<string, string[]> {
	const known = new Set(files);
	const graph = new Map<string, string[]>();
	for (const file of files) {
		const source = readFileSync(join(root, file), "utf8");
		const targets = importsOf(source)
			.filter((edge) => options.types !== false || !edge.typeOnly)
			.map((edge) =>
				relative(root, resolve(root, dirname(file), edge.spec))
					.split("\\")
					.join("/"),
			)
			.filter((target) => known.has(target));
		graph.set(file, [...new Set(targets)].sort());
	}
	return graph;
}

/** The cycles of a graph: its strongly connected components of two files or more, or one file importing itself (Tarjan). */
export function cycles(graph: Map<string, string[]>): string[][] {
	let next = 0;
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const out: string[][] = [];
	const visit = (v: string): void => {
		index.set(v, next);
		low.set(v, next);
		next++;
		stack.push(v);
		onStack.add(v);
		for (const w of graph.get(v) ?? []) {
			if (!index.has(w)) {
				visit(w);
				low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
			} else if (onStack.has(w))
				low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
		}
		if (low.get(v) === index.get(v)) {
			const component: string[] = [];
			let w: string | undefined;
			do {
				w = stack.pop();
				if (w === undefined) break;
				onStack.delete(w);
				component.push(w);
			} while (w !== v);
			if (component.length > 1 || (graph.get(v) ?? []).includes(v))
				out.push(component.sort());
		}
	};
	for (const v of graph.keys()) if (!index.has(v)) visit(v);
	return out;
}
