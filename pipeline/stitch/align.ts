/**
 * Narrative re-alignment (DESIGN.md §2 "Shifted narratives").
 * OCR-to-Markdown tools push the tail of one item's narrative into the next item's cell. We treat
 * re-alignment as a monotone alignment of narrative fragments (paragraphs, in reading order) to
 * items: fragment j goes to its home item h (the row it sits in) or to h − 1, and items never
 * interleave. A Viterbi pass finds the cheapest assignment; a backward pass gives min-marginals,
 * so every fragment's assignment has a margin (how much worse the best alternative is), turned
 * into a confidence. Moves and low-margin assignments become decisions and flags.
 *
 * Costs: position (moving back costs, unless the layout cue says the row's own text was pushed
 * down), sentence continuity (a boundary between items after a dangling end or before a
 * lower-case start costs), empty items (an item with no narrative costs), and topic (stem overlap
 * of an item's FIRST fragment with its activity and indicator lowers the cost).
 */
import { danglingEnd, startsLowercase, stems } from "../../normalizers/text.ts";
import type { Provenance } from "../document.ts";
import type { Decision, Flag } from "../records.ts";

export interface NarrativeFragment {
	text: string;
	prov: Provenance;
	/** Index of the item whose row (or continuation row) holds the fragment. */
	home: number;
	rowKind: "item" | "continuation";
	/** The item row is directly followed on the same page by a continuation row. */
	layoutPushed: boolean;
	cellKey: string;
	firstInCell: boolean;
	cellParagraphs: number;
	/** A sentence of the same paragraph as the fragment before it. */
	sameParagraphAsPrevious?: boolean;
}

export interface AlignItem {
	item: string;
	goal: number | null;
	fields: {
		activity: { text: string }[];
		indicator: { text: string }[];
		performance: { text: string }[];
	};
}

/** Cost weights; defaults tuned on rendered reports (see the property tests). */
export interface AlignWeights {
	/** Moving a fragment to the item before its row. Default 1.5. */
	back: number;
	/** Keeping a fragment in its row when the layout cue says it was pushed down. Default 2. */
	layoutStay: number;
	/** An item boundary right after a text with no sentence end. Default 3. */
	dangling: number;
	/** An item boundary right before a text starting in lower case (weak alone). Default 0.5. */
	lower: number;
	/** Extra cost when both hold: a sentence cut in two. Default 2.5. */
	both: number;
	/** An item boundary inside one paragraph (between two of its sentences). Default 1. */
	cohesion: number;
	/** An item left without narrative. Default 3.5. */
	empty: number;
	/** Weight of relative topic overlap (−1..1) for an item's first fragment. Default 2. */
	topic: number;
	/** Moving a fragment across a goal heading. Default 1. */
	crossGoal: number;
	/** An item boundary inside a numbered list ("2." after "1."). Default 3. */
	listNumber: number;
	/** An item boundary between two dash-list paragraphs ("-…" after "-…"). Default 0.7. */
	listDash: number;
	/** An item boundary right after a text ending in ":" (it introduces what follows). Default 2.5. */
	colon: number;
	/** Margin below which an assignment is flagged as uncertain. Default 1.2. */
	flagMargin: number;
}

export const DEFAULT_WEIGHTS: AlignWeights = {
	back: 1.5,
	layoutStay: 2,
	dangling: 3,
	lower: 0.5,
	both: 2.5,
	cohesion: 1,
	empty: 3.5,
	topic: 2,
	crossGoal: 1,
	flagMargin: 1.2,
	listNumber: 3,
	listDash: 0.7,
	colon: 2.5,
};

export interface Alignment {
	/** Item index per fragment. */
	assignment: number[];
	/** Margin per fragment (cost of the best alternative minus the best cost). */
	margins: number[];
	decisions: Decision[];
	flags: Flag[];
}

const INF = Number.POSITIVE_INFINITY;

/** Align narrative fragments to items. Fragments must be in reading order. */
export function alignNarratives(
	fragments: NarrativeFragment[],
	items: AlignItem[],
	weights: Partial<AlignWeights> = {},
): Alignment {
	const w = { ...DEFAULT_WEIGHTS, ...weights };
	const n = fragments.length;
	const m = items.length;
	if (n === 0 || m === 0)
		return { assignment: [], margins: [], decisions: [], flags: [] };

	const ends = fragments.map(endText);
	const danglingReason = ends.map((t) => danglingEnd(t));
	const dangling = danglingReason.map((r) => r !== null);
	const lower = fragments.map((f) => startsLowercase(f.text));
	const fragStems = fragments.map((f) => stems(f.text));
	const itemStems = items.map((it) =>
		stems(
			[...it.fields.activity, ...it.fields.indicator]
				.map((p) => p.text)
				.join(" "),
		),
	);
	// Items with no level (not due, or blank) may legitimately have no narrative.
	const emptyCost = items.map((it) =>
		/\d/.test(it.fields.performance.map((p) => p.text).join(" "))
			? w.empty
			: w.empty / 4,
	);

	// Topic: the share of the item's activity and indicator (word stems, weighted by how rare
	// each stem is among the items) that the fragment mentions. 0..1.
	const df = new Map<string, number>();
	for (const st of itemStems)
		for (const x of st) df.set(x, (df.get(x) ?? 0) + 1);
	const idfOf = new Map<string, number>();
	for (const [x, n] of df) idfOf.set(x, Math.log((m + 1) / (n + 0.5)));
	const idf = (x: string) =>
		idfOf.get(x) ?? Math.log((m + 1) / ((df.get(x) ?? 0) + 0.5));
	const itemWeight = itemStems.map((st) =>
		[...st].reduce((a, x) => a + idf(x), 0),
	);
	// topic(j, q) is asked for again and again by the passes below: computed once per pair.
	const topicOf = new Map<number, number>();
	const topic = (j: number, q: number): number => {
		const key = j * (m + 1) + q;
		let t = topicOf.get(key);
		if (t === undefined) {
			t = topicOnce(j, q);
			topicOf.set(key, t);
		}
		return t;
	};
	const topicOnce = (j: number, q: number): number => {
		const a = fragStems[j];
		const b = itemStems[q];
		const total = itemWeight[q] ?? 0;
		if (!a || !b || total <= 0) return 0;
		let hit = 0;
		for (const x of b) if (a.has(x)) hit += idf(x);
		return hit / total;
	};
	const pos = (j: number, q: number): number => {
		const f = fragments[j] as NarrativeFragment;
		const cross = items[q]?.goal !== items[f.home]?.goal ? w.crossGoal : 0;
		if (q === f.home) return f.layoutPushed ? w.layoutStay : 0;
		if (q === f.home - 1) return (f.layoutPushed ? 0 : w.back) + cross;
		return INF;
	};
	// List continuity: "3." right after a paragraph "2." (or any earlier "2." with no other
	// numbered paragraph in between) continues the same list, so the same item.
	const listNo = fragments.map((f) => {
		const m = /^\s*(\d{1,2})\s*[.)]\s*(?!\d)\S/u.exec(f.text);
		return m ? Number(m[1]) : null;
	});
	const prevListNo: (number | null)[] = [];
	let lastNo: number | null = null;
	for (let j = 0; j < n; j++) {
		prevListNo.push(lastNo);
		if (listNo[j] !== null) lastNo = listNo[j] as number;
	}
	const colonEnd = ends.map((t) => /:\s*$/u.test(t));
	const dash = fragments.map((f) => /^\s*[-–—•]\s*\S/u.test(f.text));
	const boundary = (j: number): number =>
		(listNo[j] !== null &&
		listNo[j] === (prevListNo[j] ?? -9) + 1 &&
		(listNo[j] ?? 0) > 1
			? w.listNumber
			: 0) +
		(dash[j] && dash[j - 1] ? w.listDash : 0) +
		(colonEnd[j - 1] ? w.colon : 0) +
		// A paragraph opening with a list's dash starts afresh: the text before it ended (its
		// full stop lost to the OCR: "… хүлээн авсан" then "-Хунан мужид …", the next item's).
		(dangling[j - 1] && !dash[j] ? w.dangling : 0) +
		(lower[j] ? w.lower : 0) +
		(dangling[j - 1] && lower[j] ? w.both : 0) +
		(fragments[j]?.sameParagraphAsPrevious ? w.cohesion : 0);
	const emptyBetween = (p: number, q: number): number => {
		let c = 0;
		for (let k = p + 1; k < q; k++) c += emptyCost[k] ?? 0;
		return c;
	};
	// Topic counts for an item's first fragment only, relative to the item before: a text that
	// opens item q should be more about q than about q − 1.
	const opening = (j: number, q: number): number =>
		topic(j, q) - (q > 0 ? topic(j, q - 1) : 0);
	const trans = (j: number, p: number, q: number): number => {
		if (q < p) return INF;
		if (q === p) return 0;
		return boundary(j) + emptyBetween(p, q) - w.topic * opening(j, q);
	};
	const start = (q: number): number =>
		emptyBetween(-1, q) - w.topic * opening(0, q);
	const end = (q: number): number => emptyBetween(q, m);

	// Candidate states per fragment: home and home − 1.
	const cands = fragments.map((f) =>
		[f.home - 1, f.home].filter((q) => q >= 0 && q < m),
	);
	const fwd: Map<number, number>[] = [];
	const back: Map<number, number>[] = [];
	for (let j = 0; j < n; j++) {
		const row = new Map<number, number>();
		for (const q of cands[j] ?? []) {
			let best = INF;
			if (j === 0) best = start(q);
			else
				for (const [p, c] of fwd[j - 1] as Map<number, number>) {
					const t = c + trans(j, p, q);
					if (t < best) best = t;
				}
			row.set(q, best + pos(j, q));
		}
		fwd.push(row);
	}
	for (let j = n - 1; j >= 0; j--) {
		const row = new Map<number, number>();
		for (const q of cands[j] ?? []) {
			let best = INF;
			if (j === n - 1) best = end(q);
			else
				for (const [r, c] of back[j + 1] as Map<number, number>) {
					const t = trans(j + 1, q, r) + pos(j + 1, r) + c;
					if (t < best) best = t;
				}
			row.set(q, best);
		}
		back[j] = row;
	}
	// Viterbi path via min-marginals, resolved left to right so it stays consistent.
	const assignment: number[] = [];
	const margins: number[] = [];
	let prev = -1;
	let prevCost = 0;
	for (let j = 0; j < n; j++) {
		let bestQ = -1;
		let best = INF;
		const marg: [number, number][] = [];
		for (const q of cands[j] ?? []) {
			const f = (fwd[j] as Map<number, number>).get(q) ?? INF;
			const b = (back[j] as Map<number, number>).get(q) ?? INF;
			marg.push([q, f + b]);
			// Path-consistent choice: cost of reaching q from the chosen previous state.
			const reach =
				j === 0
					? start(q) + pos(0, q)
					: prevCost + trans(j, prev, q) + pos(j, q);
			const total = reach + b;
			if (total < best - 1e-9) {
				best = total;
				bestQ = q;
			}
		}
		const chosen = marg.find(([q]) => q === bestQ)?.[1] ?? INF;
		const alt = Math.min(
			INF,
			...marg.filter(([q]) => q !== bestQ).map(([, c]) => c),
		);
		margins.push(alt - chosen);
		prevCost =
			j === 0
				? start(bestQ) + pos(0, bestQ)
				: prevCost + trans(j, prev, bestQ) + pos(j, bestQ);
		prev = bestQ;
		assignment.push(bestQ);
	}

	const decisions: Decision[] = [];
	const flags: Flag[] = [];
	const excerpt = (t: string) => (t.length > 80 ? `${t.slice(0, 77)}…` : t);
	fragments.forEach((f, j) => {
		const a = assignment[j] as number;
		const margin = margins[j] as number;
		const confidence = Number(
			(1 - 0.5 * Math.exp(-Math.max(0, margin))).toFixed(3),
		);
		const to = items[a]?.item ?? null;
		const home = items[f.home]?.item ?? null;
		const cues: string[] = [];
		if (j > 0 && dangling[j - 1] && !dash[j])
			cues.push("previous text has no sentence end");
		if (lower[j]) cues.push("starts in lower case");
		if (f.layoutPushed)
			cues.push("its row is followed on the same page by a continuation row");
		if (a !== f.home) {
			const evidence = `narrative paragraph printed in the row of ${home} belongs to ${to}: ${cues.join("; ") || "topic and empty-item costs"} (margin ${margin.toFixed(2)})`;
			decisions.push({
				kind: "move",
				item: to,
				field: "achievement",
				confidence,
				evidence,
				prov: f.prov,
				text: f.text,
				from: home,
				to,
			});
			for (const item of [to, home]) {
				flags.push({
					kind: "narrative-moved",
					severity: margin < w.flagMargin ? "warning" : "info",
					item,
					field: "achievement",
					message: `A narrative paragraph was moved from ${home} to ${to}: "${excerpt(f.text)}"`,
					evidence: { from: home, to, text: f.text, cues, margin, confidence },
					prov: f.prov,
				});
			}
		} else if (margin < w.flagMargin) {
			const other = cands[j]?.find((q) => q !== a);
			const otherItem =
				other === undefined ? null : (items[other]?.item ?? null);
			for (const item of [to, otherItem]) {
				if (item === null) continue;
				flags.push({
					kind: "narrative-uncertain",
					severity: "warning",
					item,
					field: "achievement",
					message: `Unsure whether this paragraph belongs to ${to} or ${otherItem}: "${excerpt(f.text)}"`,
					evidence: {
						assigned: to,
						alternative: otherItem,
						text: f.text,
						cues,
						margin,
						confidence,
					},
					prov: f.prov,
				});
			}
		}
	});
	// An item that opens with a paragraph of its own row that reads more like the item before
	// (topic), while more of its text follows: a push at a paragraph boundary leaves no other cue.
	const firstOf = new Map<number, number>();
	const count = new Map<number, number>();
	assignment.forEach((a, j) => {
		if (!firstOf.has(a)) firstOf.set(a, j);
		count.set(a, (count.get(a) ?? 0) + 1);
	});
	for (const [a, j] of firstOf) {
		const f = fragments[j] as NarrativeFragment;
		if (a === 0 || f.home !== a) continue;
		const own = topic(j, a);
		const before = topic(j, a - 1);
		// …or that continues the list the item before ends with ("-…" after "-…").
		const prevDash =
			j > 0 && dash[j - 1] === true && assignment[j - 1] === a - 1;
		const suspicious =
			(before >= own && (count.get(a) ?? 0) >= 2) ||
			(dash[j] === true && prevDash);
		if (!suspicious || decisions.some((d) => d.item === items[a - 1]?.item))
			continue;
		for (const item of [items[a - 1]?.item ?? null, items[a]?.item ?? null]) {
			if (item === null) continue;
			flags.push({
				kind: "narrative-uncertain",
				severity: "warning",
				item,
				field: "achievement",
				message: `The paragraph opening ${items[a]?.item} reads like ${items[a - 1]?.item} (topic ${before.toFixed(2)} vs ${own.toFixed(2)}): "${excerpt(f.text)}"`,
				evidence: { text: f.text, topicOwn: own, topicBefore: before },
				prov: f.prov,
			});
		}
	}
	// An item whose narrative still ends mid-sentence (or with a ":" announcing more) lost its tail
	// (or the source is cut off): flag it, and the next item, whose text may hold the rest — unless
	// a text merely without its final stop is followed, on a scan, by a next item whose text read
	// from its own row's cell opens with a capital: a ruled cell holds its own row's text, and
	// the rest of a sentence would go on in lower case or be read from a continuation row (a
	// title, an initial, a year or a colon go on in a capital: "У." | "Хүрэлсүх"). Text converted
	// by other tools pushes a tail into the next row whatever its first letter (a name's capital
	// mid-sentence): there both stay flagged.
	const last = new Map<number, number>();
	assignment.forEach((a, j) => {
		last.set(a, j);
	});
	for (const [a, j] of last) {
		const f = fragments[j] as NarrativeFragment;
		const reason = danglingReason[j] ?? (colonEnd[j] ? "colon" : null);
		if (!reason) continue;
		const item = items[a]?.item ?? null;
		const nextFirst = firstOf.get(a + 1);
		const opening = nextFirst === undefined ? undefined : fragments[nextFirst];
		const nextOpens =
			reason === "no-final-punctuation" &&
			opening !== undefined &&
			readFromItsCell(opening, a + 1) &&
			opensSentence(opening.text);
		const next = items[a + 1]?.item ?? null;
		for (const it of nextOpens ? [item] : [item, next]) {
			if (it === null) continue;
			flags.push({
				kind: "narrative-cut",
				severity: "warning",
				item: it,
				field: "achievement",
				message: `The narrative of ${item} ends mid-sentence (${reason}): "…${f.text.slice(-60)}"; its end may be lost or printed in ${next ?? "no other item"}.`,
				// `nextOpens`: the next item's text opens a sentence, so only this item is flagged (a
				// move between the two still answers the question: store/question-key.ts).
				evidence: {
					item,
					next,
					reason,
					text: f.text.slice(-200),
					...(nextOpens ? { nextOpens: true } : {}),
				},
				prov: f.prov,
			});
		}
	}
	return { assignment, margins, decisions, flags: mergeFlags(flags) };
}

/**
 * Whether a fragment was read by OCR (a scan: its provenance has a confidence) from the item
 * row of `item` itself, its cell's first paragraph — not a continuation row, not pushed there.
 */
const readFromItsCell = (f: NarrativeFragment, item: number): boolean =>
	f.prov.confidence !== undefined &&
	f.home === item &&
	f.rowKind === "item" &&
	f.firstInCell &&
	!f.layoutPushed;

/**
 * Whether a text opens a sentence of its own: its first sign a capital letter ("Сумдын …"), not
 * a small one, a digit, a dash or a mark.
 */
export const opensSentence = (text: string): boolean =>
	/^\p{Lu}/u.test(text.normalize("NFC").trimStart());

/** Below this confidence a trailing word of one letter or none is a mark read as signs (a scan's). */
export const DOUBTFUL_MARK = 60;

/**
 * A fragment's text as its end is judged (does it end a sentence?): without trailing words of one
 * letter or none the OCR read in doubt — a pen's stroke or a stamp's edge after the last full
 * stop, read "227" at confidence 48 (or "й й -"), made a whole paragraph seem cut and moved the
 * next item's first paragraph back into it.
 */
export function endText(f: Pick<NarrativeFragment, "text" | "prov">): string {
	const doubtful = new Set(
		(f.prov.lowWords ?? [])
			.filter((w) => w.confidence < DOUBTFUL_MARK && !/\p{L}{2}/u.test(w.text))
			.map((w) => w.text),
	);
	if (doubtful.size === 0) return f.text;
	const words = f.text.trimEnd().split(/\s+/u);
	while (words.length > 1 && doubtful.has(words[words.length - 1] as string))
		words.pop();
	return words.join(" ");
}

const SEVERITY = { info: 0, warning: 1, error: 2 } as const;

/** One flag per item and move (or doubt), listing every paragraph concerned. */
function mergeFlags(flags: Flag[]): Flag[] {
	const merged = new Map<string, Flag & { texts: string[] }>();
	for (const f of flags) {
		const e = f.evidence;
		const key = [
			f.kind,
			f.item,
			e.from,
			e.to,
			e.assigned,
			e.alternative,
			e.next,
		].join("|");
		const text = typeof e.text === "string" ? e.text : "";
		const seen = merged.get(key);
		if (!seen) {
			merged.set(key, { ...f, texts: [text] });
			continue;
		}
		seen.texts.push(text);
		if (SEVERITY[f.severity] > SEVERITY[seen.severity])
			seen.severity = f.severity;
		const margin = Math.min(
			Number(seen.evidence.margin ?? Infinity),
			Number(e.margin ?? Infinity),
		);
		if (Number.isFinite(margin)) seen.evidence = { ...seen.evidence, margin };
	}
	return [...merged.values()].map(({ texts, ...f }) =>
		texts.length === 1
			? f
			: {
					...f,
					message: `${f.message} (and ${texts.length - 1} more paragraph${texts.length > 2 ? "s" : ""})`,
					evidence: {
						...f.evidence,
						text: texts.join("\n"),
						paragraphs: texts.length,
					},
				},
	);
}
