/**
 * M&E pages (issue 6), a Hono sub-app the review app mounts at /me: indicators, an indicator's
 * history with a chart of target vs achieved per year, departments compared for a year with a bar
 * chart, and narrative search. Rendered on the server; charts are inline SVG (no script, no CDN);
 * every text from the database is HTML-escaped.
 *
 *   /me/indicators?department=&search=
 *   /me/history/:key?department=&from=&to=
 *   /me/compare?year=&by=department|organization
 *   /me/search?q=
 */
import { Hono } from "hono";
import { compareTable, excerpt, historyTable } from "../output/me.ts";
import type { Store } from "../store/index.ts";
import {
	type CompareRow,
	type HistoryRow,
	type Indicators,
	openIndicators,
} from "../store/indicators.ts";

/** Escape text for HTML content and attribute values. */
export function escapeHtml(value: unknown): string {
	return String(value ?? "")
		.replaceAll("&", "&amp;")
		.replaceAll("<", "&lt;")
		.replaceAll(">", "&gt;")
		.replaceAll('"', "&quot;")
		.replaceAll("'", "&#39;");
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.2rem .4rem;vertical-align:top}
th{background:#f3f3f3;text-align:left}td.n{text-align:right}nav a{margin-right:1rem}
mark{background:#ffe28a}svg{display:block;margin:.5rem 0}.note{color:#666}`;

function page(title: string, body: string): string {
	return `<!doctype html><html lang="mn"><head><meta charset="utf-8"><title>${escapeHtml(title)} — tailan</title>
<style>${STYLE}</style></head><body><nav><a href="/me/indicators">Indicators</a><a href="/me/compare">Compare</a><a href="/me/search">Search</a></nav>
<h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function table(
	headers: string[],
	rows: (string | number | null)[][],
	numeric: boolean[] = [],
): string {
	const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
	const body = rows
		.map(
			(r) =>
				`<tr>${r
					.map(
						(c, i) =>
							`<td${numeric[i] ? ' class="n"' : ""}>${c === null ? "–" : escapeHtml(c)}</td>`,
					)
					.join("")}</tr>`,
		)
		.join("");
	return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Round to 1 decimal for labels. */
function fmt(n: number): string {
	return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/**
 * Target vs achieved per year as an SVG bar chart: for each year the full-year target and the
 * achieved estimate (target × performance level / 100: the reports state a level, not an
 * achieved number), with the baseline as a line.
 * @param rows the history rows of one series, in time order
 */
export function historyChart(rows: HistoryRow[]): string {
	const points = rows.filter((r) => r.year !== null);
	if (points.length === 0) return "";
	const width = 80 + points.length * 70;
	const height = 220;
	const top = 20;
	const bottom = 180;
	const values = points.flatMap((r) => [
		r.targetFullYear.value ?? 0,
		r.baseline.value ?? 0,
	]);
	const max = Math.max(1, ...values);
	const y = (v: number) => bottom - ((bottom - top) * v) / max;
	const parts: string[] = [
		`<line x1="50" y1="${bottom}" x2="${width - 10}" y2="${bottom}" stroke="#888"/>`,
		`<text x="45" y="${top + 4}" text-anchor="end" font-size="10">${escapeHtml(fmt(max))}</text>`,
		`<text x="45" y="${bottom}" text-anchor="end" font-size="10">0</text>`,
	];
	const baseline: string[] = [];
	points.forEach((r, i) => {
		const x = 60 + i * 70;
		const target = r.targetFullYear.value;
		const achieved =
			target !== null && r.performancePct !== null && !r.notDue
				? (target * r.performancePct) / 100
				: null;
		if (target !== null)
			parts.push(
				`<rect x="${x}" y="${y(target)}" width="24" height="${bottom - y(target)}" fill="#9db9d8"><title>${escapeHtml(`${r.year} target ${fmt(target)}`)}</title></rect>`,
			);
		if (achieved !== null)
			parts.push(
				`<rect x="${x + 26}" y="${y(achieved)}" width="24" height="${bottom - y(achieved)}" fill="#3a7d44"><title>${escapeHtml(`${r.year} achieved ≈ ${fmt(achieved)} (level ${r.performancePct}%)`)}</title></rect>`,
			);
		if (r.baseline.value !== null)
			baseline.push(`${x + 25},${y(r.baseline.value)}`);
		parts.push(
			`<text x="${x + 25}" y="${bottom + 15}" text-anchor="middle" font-size="11">${escapeHtml(r.year)}</text>`,
		);
	});
	if (baseline.length > 1)
		parts.push(
			`<polyline points="${baseline.join(" ")}" fill="none" stroke="#c0392b" stroke-width="2"/>`,
		);
	parts.push(
		`<text x="60" y="${height - 5}" font-size="11"><tspan fill="#9db9d8">■</tspan> full-year target  <tspan fill="#3a7d44">■</tspan> achieved (target × level)  <tspan fill="#c0392b">—</tspan> baseline</text>`,
	);
	return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="target vs achieved per year" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join("")}</svg>`;
}

/**
 * Plan completion per department (or organization) as a horizontal SVG bar chart, 0–100%.
 * @param rows compare rows
 */
export function compareChart(rows: CompareRow[]): string {
	if (rows.length === 0) return "";
	const bar = 18;
	const labelWidth = 320;
	const width = labelWidth + 320;
	const height = 10 + rows.length * (bar + 4) + 20;
	const parts = rows.map((r, i) => {
		const y = 10 + i * (bar + 4);
		const pct = r.planCompletionPct ?? 0;
		const label = r.department ?? r.organization ?? "?";
		return `<text x="${labelWidth - 6}" y="${y + 13}" text-anchor="end" font-size="11">${escapeHtml(label.length > 48 ? `${label.slice(0, 47)}…` : label)}</text><rect x="${labelWidth}" y="${y}" width="${(pct / 100) * 280}" height="${bar}" fill="${pct >= 100 ? "#3a7d44" : pct >= 90 ? "#7fb069" : "#e6a23c"}"><title>${escapeHtml(`${label}: ${fmt(pct)}%`)}</title></rect><text x="${labelWidth + (pct / 100) * 280 + 4}" y="${y + 13}" font-size="11">${escapeHtml(r.planCompletionPct === null ? "–" : `${fmt(pct)}%`)}</text>`;
	});
	return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="plan completion" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join("")}</svg>`;
}

function yearParam(value: string | undefined): number | undefined {
	return value !== undefined && /^\d{4}$/.test(value)
		? Number(value)
		: undefined;
}

/** A structural view of the review app's context (review/app.ts ReviewContext). */
interface MountContext {
	review: { store: Store };
}

/**
 * The M&E pages as a Hono app serving /me/indicators, /me/history/:key, /me/compare and
 * /me/search.
 * @param store a Store, or M&E queries already open (openIndicators)
 */
export function meApp(store: Store | Indicators): Hono {
	return new Hono().route("/me", mePages(store));
}

/** The same pages with paths relative to where they are mounted ("/indicators", …). */
export function mePages(store: Store | Indicators): Hono {
	let opened: Indicators | undefined;
	const ind = (): Indicators => {
		if (!opened)
			opened = "history" in store ? store : openIndicators(store as Store);
		return opened;
	};
	const sub = new Hono();

	sub.get("/", (c) => c.redirect("/me/indicators"));

	sub.get("/indicators", (c) => {
		const department = c.req.query("department") || undefined;
		const search = c.req.query("search") || undefined;
		ind().refreshKeys();
		const list = ind().listIndicators({
			...(department === undefined ? {} : { department }),
			...(search === undefined ? {} : { search }),
		});
		const form = `<form method="get"><label>Department <input name="department" value="${escapeHtml(department ?? "")}"></label> <label>Indicator <input name="search" value="${escapeHtml(search ?? "")}"></label> <button>Filter</button></form>`;
		const rows = list
			.slice(0, 2000)
			.map(
				(i) =>
					`<tr><td>${escapeHtml(i.department)}</td><td>${escapeHtml(i.item)}</td><td><a href="/me/history/${encodeURIComponent(i.key)}?department=${encodeURIComponent(i.department ?? "")}">${escapeHtml(i.indicator)}</a></td><td class="n">${escapeHtml(i.firstYear)}–${escapeHtml(i.lastYear)}</td><td class="n">${i.reports}</td><td class="n">${i.wordings}</td></tr>`,
			)
			.join("");
		return c.html(
			page(
				"Indicators",
				`${form}<p class="note">${list.length} indicators (one per department, followed across years by the used links).</p><table><thead><tr><th>department</th><th>item</th><th>indicator</th><th>years</th><th>reports</th><th>wordings</th></tr></thead><tbody>${rows}</tbody></table>`,
			),
		);
	});

	sub.get("/history/:key", (c) => {
		const key = c.req.param("key");
		const department = c.req.query("department") || undefined;
		const from = yearParam(c.req.query("from"));
		const to = yearParam(c.req.query("to"));
		ind().refreshKeys();
		const result = ind().history(key, {
			...(department === undefined ? {} : { department }),
			...(from === undefined ? {} : { from }),
			...(to === undefined ? {} : { to }),
		});
		if (result.rows.length === 0)
			return c.html(
				page(
					"History",
					`<p>No indicator with the key “${escapeHtml(result.key)}”. See <a href="/me/indicators?search=${encodeURIComponent(key)}">indicators</a>.</p>`,
				),
				404,
			);
		const note = result.exact
			? ""
			: `<p class="note">No indicator has this key; the closest: ${result.matchedKeys.map((k) => `“${escapeHtml(k.key)}” (${k.score})`).join(", ")}.</p>`;
		const bySeries = new Map<number, HistoryRow[]>();
		for (const r of result.rows) {
			const list = bySeries.get(r.seriesId) ?? [];
			list.push(r);
			bySeries.set(r.seriesId, list);
		}
		const sections = [...bySeries.values()].map((rows) => {
			const out = historyTable(rows);
			const shown = out.columns.filter((col) => col.key !== "series");
			const first = rows[0] as HistoryRow;
			return `<h2>${escapeHtml(first.department)} — ${escapeHtml(rows[rows.length - 1]?.indicator)}</h2>
<p class="note">${escapeHtml(first.organization)}; series ${first.seriesId}</p>${historyChart(rows)}${table(
				shown.map((col) => col.header),
				out.rows.map((row) =>
					shown.map((col) => row[col.key] as string | number | null),
				),
				shown.map((col) => col.type !== undefined && col.type !== "text"),
			)}`;
		});
		return c.html(
			page(`History: ${result.key}`, `${note}${sections.join("")}`),
		);
	});

	sub.get("/compare", (c) => {
		const years = c.req.query("year");
		const year = yearParam(years) ?? new Date().getFullYear() - 1;
		const by =
			c.req.query("by") === "organization" ? "organization" : "department";
		const rows = ind().compare({ year, by });
		const out = compareTable(rows, by);
		const form = `<form method="get"><label>Year <input name="year" value="${year}" size="5"></label> <label>By <select name="by"><option value="department"${by === "department" ? " selected" : ""}>department</option><option value="organization"${by === "organization" ? " selected" : ""}>organization</option></select></label> <button>Compare</button></form>`;
		const body =
			rows.length === 0
				? `<p>No annual reports for ${year}.</p>`
				: `${compareChart(rows)}${table(
						out.columns.map((col) => col.header),
						out.rows.map((row) =>
							out.columns.map((col) => row[col.key] as string | number | null),
						),
						out.columns.map(
							(col) => col.type !== undefined && col.type !== "text",
						),
					)}`;
		return c.html(page(`Compare ${year}`, `${form}${body}`));
	});

	sub.get("/search", (c) => {
		const q = (c.req.query("q") ?? "").trim();
		const form = `<form method="get"><input name="q" value="${escapeHtml(q)}" size="40"> <button>Search</button></form>`;
		if (!/[\p{L}\p{N}]/u.test(q)) return c.html(page("Search", form));
		const hits = ind().search(q, { limit: 50 });
		const list = hits
			.map(
				(h) =>
					`<li><b>${escapeHtml(h.year)} · ${escapeHtml(h.department)} · ${escapeHtml(h.item)}</b> ${escapeHtml(excerpt(h.indicator, 80))}<br>${markSnippet(h.snippet)}</li>`,
			)
			.join("");
		return c.html(
			page(
				"Search",
				`${form}<p class="note">${hits.length} hits${hits.length === 50 ? " (the best 50)" : ""}.</p><ol>${list}</ol>`,
			),
		);
	});

	return sub;
}

/** A snippet with its [matches] as <mark>, everything else escaped. */
export function markSnippet(snippet: string): string {
	return escapeHtml(snippet).replace(/\[([^\]]*)\]/g, "<mark>$1</mark>");
}

/**
 * For the review app's optional mount (review/server.ts mounts it at /me): the pages over the
 * context's store.
 * @param context the review context: its review store's Store is used
 */
export function createMeApp(context: MountContext): Hono {
	return mePages(context.review.store);
}
