/**
 * Text items → lines → paragraphs, in reading order. A line is the items on one baseline (within
 * a fraction of the font size), joined with a space where the gap between them is a word gap.
 * Lines of one paragraph are joined with a space (a soft line break), except after a hyphen glued
 * to a word ("2024-" / "2028") or an opening slash; a vertical gap clearly larger
 * than the usual line step starts a new paragraph.
 */
import { type Box, median, type TextItem } from "./geometry.ts";

export interface Line {
	items: TextItem[];
	text: string;
	box: Box;
	baseline: number;
	fontSize: number;
	bold: boolean;
}

/**
 * Split an item crossing x (a column edge) into the part before and after it: at the character
 * whose middle is nearest to x where the item knows where its characters are, else in proportion
 * to the number of characters.
 */
export function splitAt(
	item: TextItem,
	x: number,
): [TextItem, TextItem] | undefined {
	if (x <= item.x0 + 0.5 || x >= item.x1 - 0.5 || item.text.length < 2)
		return undefined;
	const e = item.edges;
	if (e && e.length === item.text.length + 1) {
		// The first unit whose middle lies right of x starts the second part.
		let k = 0;
		while (
			k < item.text.length &&
			((e[k] as number) + (e[k + 1] as number)) / 2 < x
		)
			k++;
		// Keep a surrogate pair whole.
		if (
			k > 0 &&
			k < item.text.length &&
			/[\udc00-\udfff]/.test(item.text[k] as string)
		)
			k--;
		return cutAt(item, k);
	}
	const chars = [...item.text];
	const k = Math.round(((x - item.x0) / (item.x1 - item.x0)) * chars.length);
	if (k <= 0 || k >= chars.length) return undefined;
	return [
		{ ...item, text: chars.slice(0, k).join(""), x1: x },
		{ ...item, text: chars.slice(k).join(""), x0: x },
	];
}

/** An item with character positions cut before UTF-16 unit k (undefined at either end). */
export function cutAt(
	item: TextItem,
	k: number,
): [TextItem, TextItem] | undefined {
	const e = item.edges;
	if (!e || k <= 0 || k >= item.text.length) return undefined;
	const mid = e[k] as number;
	const a: TextItem = {
		...item,
		text: item.text.slice(0, k),
		x1: mid,
		edges: e.slice(0, k + 1),
	};
	const b: TextItem = {
		...item,
		text: item.text.slice(k),
		x0: mid,
		edges: e.slice(k),
	};
	return [a, b];
}

/**
 * How right-to-left text is given: "logical" (reading order: a mostly right-to-left line is read
 * from its right end) or "visual" (characters left to right as drawn).
 */
export type TextOrder = "logical" | "visual";

const MIRROR: Record<string, string> = {
	"(": ")",
	")": "(",
	"[": "]",
	"]": "[",
	"{": "}",
	"}": "{",
	"<": ">",
	">": "<",
};

/**
 * A right-to-left run in logical order → its characters as drawn, left to right: the run is
 * reversed except for its left-to-right pieces (digits, Latin), which keep their order; brackets
 * mirror.
 */
export function visualOrder(text: string): string {
	const parts = text.match(
		/[0-9A-Za-z]+(?:[.,:/][0-9A-Za-z]+)*|[^0-9A-Za-z]+/g,
	);
	if (!parts) return text;
	return parts
		.reverse()
		.map((p) =>
			/^[0-9A-Za-z]/.test(p)
				? p
				: [...p]
						.reverse()
						.map((c) => MIRROR[c] ?? c)
						.join(""),
		)
		.join("");
}

/** Group items into lines (top to bottom), each sorted left to right. */
export function toLines(
	items: readonly TextItem[],
	order: TextOrder = "logical",
): Line[] {
	const sorted = [...items].sort(
		(a, b) => a.baseline - b.baseline || a.x0 - b.x0,
	);
	const groups: TextItem[][] = [];
	for (const it of sorted) {
		const g = groups[groups.length - 1];
		const ref = g?.[0];
		if (
			g &&
			ref &&
			Math.abs(it.baseline - ref.baseline) <=
				0.4 * Math.min(it.fontSize, ref.fontSize)
		)
			g.push(it);
		else groups.push([it]);
	}
	return groups.map((g) => makeLine(g, order));
}

export function makeLine(
	items: TextItem[],
	order: TextOrder = "logical",
): Line {
	const sorted = [...items].sort((a, b) => a.x0 - b.x0);
	// A line mostly of right-to-left text reads from its right end (logical order); in visual
	// order each right-to-left run is turned back into drawing order.
	let rtl = 0;
	let all = 0;
	for (const it of sorted) {
		all += it.text.length;
		if (it.rtl) rtl += it.text.length;
	}
	const backwards = order === "logical" && rtl * 2 > all;
	const seq =
		order === "visual" && sorted.some((it) => it.rtl || it.visual)
			? sorted.map((it) =>
					it.visual !== undefined
						? { ...it, text: it.visual }
						: it.rtl
							? { ...it, text: visualOrder(it.text) }
							: it,
				)
			: backwards
				? [...sorted].reverse()
				: sorted;
	let text = "";
	let prev: TextItem | undefined;
	for (const it of seq) {
		if (prev) {
			const gap = backwards ? prev.x0 - it.x1 : it.x0 - prev.x1;
			const spaced = /\s$/.test(text) || /^\s/.test(it.text);
			if (!spaced && gap > 0.15 * Math.min(it.fontSize, prev.fontSize))
				text += " ";
		}
		text += it.text;
		prev = it;
	}
	const fontSize = median(sorted.map((i) => i.fontSize));
	return {
		items: sorted,
		text: text.replace(/\s+/g, " ").trim(),
		box: [
			Math.min(...sorted.map((i) => i.x0)),
			Math.min(...sorted.map((i) => i.y0)),
			Math.max(...sorted.map((i) => i.x1)),
			Math.max(...sorted.map((i) => i.y1)),
		],
		baseline: median(sorted.map((i) => i.baseline)),
		fontSize,
		bold: sorted.every((i) => i.bold || i.text.trim() === ""),
	};
}

/** Split a line where the gap between items is wider than `gap` × font size (side-by-side text). */
export function splitLine(
	line: Line,
	gap: number,
	order: TextOrder = "logical",
): Line[] {
	const out: TextItem[][] = [];
	let prev: TextItem | undefined;
	for (const it of line.items) {
		const g = out[out.length - 1];
		if (g && prev && it.x0 - prev.x1 <= gap * line.fontSize) g.push(it);
		else out.push([it]);
		prev = it;
	}
	return out.length === 1 ? [line] : out.map((g) => makeLine(g, order));
}

/** Join two lines of one paragraph. */
export function joinLines(a: string, b: string): string {
	if (a === "") return b;
	if (b === "") return a;
	// A line that ends in a hyphen glued to a word ("2024-", "ЗАХИДАЛ"-") or in an opening slash
	// (" /ЗДТГ, …/") was broken right after it, not at a space.
	if (/\S-$/u.test(a) || /(^|\s)\/$/u.test(a)) return a + b;
	return `${a} ${b}`;
}

/**
 * The usual step between consecutive baselines (× font size) within each group of lines: the
 * median, or a lower quantile where many steps are paragraph gaps; 1.2 with too few lines.
 */
export function lineStep(
	groups: readonly (readonly Line[])[],
	quantile = 0.5,
): number {
	const steps: number[] = [];
	for (const lines of groups)
		for (let i = 1; i < lines.length; i++) {
			const a = lines[i - 1] as Line;
			const b = lines[i] as Line;
			const d = b.baseline - a.baseline;
			if (d > 0.5 * a.fontSize && d < 3 * a.fontSize)
				steps.push(d / a.fontSize);
		}
	if (steps.length < 2) return 1.2;
	steps.sort((a, b) => a - b);
	return quantile === 0.5
		? median(steps)
		: (steps[Math.floor(quantile * (steps.length - 1))] as number);
}

/**
 * Lines (top to bottom) → paragraphs: a new paragraph where the baseline step exceeds
 * `factor` × the usual step (relative to the font size).
 */
export function toParagraphs(
	lines: readonly Line[],
	usualStep = lineStep([lines]),
	factor = 1.3,
): { text: string; box: Box }[] {
	const out: { text: string; box: Box }[] = [];
	let prev: Line | undefined;
	for (const line of lines) {
		const last = out[out.length - 1];
		const step = prev
			? (line.baseline - prev.baseline) / Math.max(prev.fontSize, line.fontSize)
			: 0;
		if (last && prev && step <= Math.max(usualStep, 1.05) * factor) {
			last.text = joinLines(last.text, line.text);
			last.box = [
				Math.min(last.box[0], line.box[0]),
				Math.min(last.box[1], line.box[1]),
				Math.max(last.box[2], line.box[2]),
				Math.max(last.box[3], line.box[3]),
			];
		} else out.push({ text: line.text, box: [...line.box] });
		prev = line;
	}
	return out.filter((p) => p.text !== "");
}
