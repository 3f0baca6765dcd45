/**
 * M&E pages (issues 6 and 17), a Hono sub-app the review app mounts at /me, behind its access,
 * host and CSRF checks and under its Content-Security-Policy (the one stylesheet carries the
 * response's nonce; charts are server-side SVG; no script, no CDN, no style attribute). Mongolian
 * first (messages/me.ts), ?lang=en for English. Every table can be downloaded from its page as
 * CSV or XLSX (?format=csv|xlsx, the output/ writers: whole text, formulas neutralised).
 *
 *   /me/ and /me/indicators?organization=&department=&year=&search=
 *   /me/history/:key?department=&from=&to=&metric=&series=   an indicator across years and departments
 *   /me/pivot?by=department|organization&period=     plan completion, department × year
 *   /me/compare?year=2022&year=2024&by=              several years side by side
 *   /me/search?q=&year=                               narrative search, hits link to the item
 *   /me/links                                         link proposals waiting for a person
 */
import { randomBytes } from "node:crypto";
import { type Context, Hono } from "hono";
import { type Lang, parseLang, t } from "../messages/index.ts";
import { render, type Table } from "../output/index.ts";
import {
	historyTable,
	indicatorsTable,
	levelsTable,
	pivotTable,
	searchTable,
} from "../output/me.ts";
import type { Store } from "../store/index.ts";
import {
	type HistoryRow,
	type Indicators,
	openIndicators,
} from "../store/indicators.ts";
import {
	levelsByYear,
	meFacets,
	pendingLinks,
	seriesInYear,
} from "../store/me-queries.ts";
import { barChart, type ChartSeries, lineChart } from "./me-charts.ts";
import {
	downloads,
	escapeHtml,
	htmlTable,
	localize,
	type MeNav,
	meHref,
	mePage,
} from "./me-html.ts";

export { escapeHtml } from "./me-html.ts";

/** Rows shown on a page (the downloads hold every row). */
export const PAGE_ROWS = 500;
/** Series drawn in one chart (the table holds them all). */
export const CHART_SERIES = 8;

/** The Content-Security-Policy of the review app, for the pages served on their own (meApp). */
const CSP = (nonce: string) =>
	`default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

type MeEnv = { Variables: { nonce: string } };

/** A structural view of the review app's context (review/app.ts ReviewContext). */
interface MountContext {
	review: { store: Store };
}

/**
 * The M&E pages on their own (tests, scripts): the same routes under /me, with the review
 * app's Content-Security-Policy. The review app mounts `createMeApp` instead.
 */
export function meApp(store: Store): Hono {
	const app = new Hono<MeEnv>();
	app.use("*", async (c, next) => {
		const nonce = randomBytes(16).toString("base64");
		c.set("nonce", nonce);
		await next();
		c.header("Content-Security-Policy", CSP(nonce));
		c.header("X-Content-Type-Options", "nosniff");
	});
	app.route("/me", mePages(store));
	return app as unknown as Hono;
}

/**
 * For the review app's mount (review/server.ts mounts it at /me): the pages over the context's
 * store.
 */
export function createMeApp(context: MountContext): Hono {
	return mePages(context.review.store);
}

function yearParam(value: string | undefined): number | undefined {
	return value !== undefined && /^\d{4}$/.test(value)
		? Number(value)
		: undefined;
}

function text(value: string | undefined, max = 200): string | undefined {
	const v = (value ?? "").trim().slice(0, max);
	return v === "" ? undefined : v;
}

/** The pages, with paths relative to where they are mounted (default "/me"). */
export function mePages(store: Store, options: { base?: string } = {}): Hono {
	const base = options.base ?? "/me";
	let opened: Indicators | undefined;
	const ind = (): Indicators => {
		if (!opened) opened = openIndicators(store);
		return opened;
	};
	const sub = new Hono();

	const navOf = (c: Context, path: string): MeNav => {
		const url = new URL(c.req.url);
		const query = new URLSearchParams(url.search);
		query.delete("lang");
		query.delete("format");
		return {
			base,
			lang: parseLang(c.req.query("lang")),
			nonce: nonceOf(c),
			path,
			query,
		};
	};

	/** The table as a download when ?format=csv|xlsx, else undefined. */
	const download = async (
		c: Context,
		table: Table,
		name: string,
		lang: Lang,
	): Promise<Response | undefined> => {
		const format = c.req.query("format");
		if (format !== "csv" && format !== "xlsx") return undefined;
		const out = await render(localize(table, lang), format, name.slice(0, 31), {
			bom: true,
		});
		c.header(
			"Content-Type",
			format === "csv"
				? "text/csv; charset=utf-8"
				: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		);
		c.header(
			"Content-Disposition",
			`attachment; filename="tailan-${name}.${format}"`,
		);
		return c.body(
			typeof out === "string"
				? out
				: (new Uint8Array(out).buffer as ArrayBuffer),
		);
	};

	const indicators = async (c: Context) => {
		const nav = navOf(c, "/indicators");
		const { lang } = nav;
		const organization = text(c.req.query("organization"));
		const department = text(c.req.query("department"));
		const search = text(c.req.query("search"));
		const year = yearParam(c.req.query("year"));
		ind().refreshKeys();
		const facets = meFacets(store);
		const inYear = year === undefined ? undefined : seriesInYear(store, year);
		const list = ind()
			.listIndicators({
				...(department === undefined ? {} : { department }),
				...(search === undefined ? {} : { search }),
			})
			.filter(
				(i) =>
					(organization === undefined || i.organization === organization) &&
					(inYear === undefined || inYear.has(i.seriesId)),
			);
		const table = indicatorsTable(list);
		const file = await download(c, table, "indicators", lang);
		if (file) return file;
		const option = (value: string, label: string, selected: boolean) =>
			`<option value="${escapeHtml(value)}"${selected ? " selected" : ""}>${escapeHtml(label)}</option>`;
		const departments = [
			...new Set(
				facets.departments
					.filter(
						(d) =>
							organization === undefined || d.organization === organization,
					)
					.map((d) => d.department),
			),
		];
		const form = `<form class="filters" method="get" action="${escapeHtml(`${base}/indicators`)}">
${lang === "en" ? '<input type="hidden" name="lang" value="en">' : ""}
<label>${escapeHtml(t(lang, "me.organization"))}<select name="organization">${option("", t(lang, "me.all"), organization === undefined)}${facets.organizations.map((o) => option(o, o, o === organization)).join("")}</select></label>
<label>${escapeHtml(t(lang, "me.department"))}<select name="department">${option("", t(lang, "me.all"), department === undefined)}${departments.map((d) => option(d, d, d === department)).join("")}</select></label>
<label>${escapeHtml(t(lang, "me.year"))}<select name="year">${option("", t(lang, "me.all"), year === undefined)}${facets.years.map((y) => option(String(y), String(y), y === year)).join("")}</select></label>
<label>${escapeHtml(t(lang, "me.indicator"))}<input name="search" value="${escapeHtml(search ?? "")}" size="30"></label>
<button>${escapeHtml(t(lang, "me.filter"))}</button></form>`;
		const shown = localize(table, lang);
		const body = `${form}<p class="note">${escapeHtml(t(lang, "me.indicators.count", { series: list.length, measures: list.reduce((n, i) => n + i.reports, 0) }))}${list.length > PAGE_ROWS ? ` ${escapeHtml(t(lang, "me.indicators.shown", { shown: PAGE_ROWS }))}` : ""}</p>
${downloads(nav)}
${
	list.length === 0
		? `<p class="empty">${escapeHtml(t(lang, "me.none"))}</p>`
		: htmlTable(shown, lang, {
				limit: PAGE_ROWS,
				hide: ["key", "series"],
				cell: (key, i, cellText) => {
					const item = list[i];
					if (key !== "indicator" || !item) return undefined;
					return `<a href="${escapeHtml(meHref(nav, `/history/${encodeURIComponent(item.key)}`, { department: item.department ?? undefined, series: item.seriesId }))}">${cellText}</a>`;
				},
			})
}`;
		return c.html(mePage(nav, t(lang, "me.indicators.title"), body));
	};

	sub.get("/indicators", indicators);

	sub.get("/history/:key", async (c) => {
		const key = c.req.param("key");
		const nav = navOf(c, `/history/${encodeURIComponent(key)}`);
		const { lang } = nav;
		const department = text(c.req.query("department"));
		const from = yearParam(c.req.query("from"));
		const to = yearParam(c.req.query("to"));
		const metricParam = c.req.query("metric");
		ind().refreshKeys();
		const result = ind().history(key, {
			...(department === undefined ? {} : { department }),
			...(from === undefined ? {} : { from }),
			...(to === undefined ? {} : { to }),
		});
		// ?series=ID (the indicator list's links): that one series, not every item sharing the key.
		const seriesParam = Number(c.req.query("series"));
		const only = Number.isSafeInteger(seriesParam)
			? result.rows.filter((r) => r.seriesId === seriesParam)
			: [];
		// Each series together, its years in order (one department after another).
		const rows = [...(only.length > 0 ? only : result.rows)].sort(
			(a, b) =>
				(a.department ?? "").localeCompare(b.department ?? "") ||
				a.seriesId - b.seriesId ||
				(a.year ?? 0) - (b.year ?? 0) ||
				(a.period === "half-year" ? 0 : 1) - (b.period === "half-year" ? 0 : 1),
		);
		const table = historyTable(rows);
		const file = await download(c, table, "history", lang);
		if (file) return file;
		if (rows.length === 0)
			return c.html(
				mePage(
					nav,
					t(lang, "me.history.title", { key: result.key }),
					`<p>${escapeHtml(t(lang, "me.history.missing", { key: result.key }))} <a href="${escapeHtml(meHref(nav, "/indicators", { search: key }))}">${escapeHtml(t(lang, "me.nav.indicators"))}</a></p>`,
				),
				404,
			);
		const bySeries = new Map<number, HistoryRow[]>();
		for (const r of rows) {
			const list = bySeries.get(r.seriesId) ?? [];
			list.push(r);
			bySeries.set(r.seriesId, list);
		}
		const series = [...bySeries.values()];
		const years = [
			...new Set(rows.flatMap((r) => (r.year === null ? [] : [r.year]))),
		].sort((a, b) => a - b);
		const departments = new Set(rows.map((r) => r.department ?? ""));
		const annual = (r: HistoryRow) => r.period !== "half-year";
		const seriesLabel = (list: HistoryRow[]) => {
			const first = list[0] as HistoryRow;
			const last = list[list.length - 1] as HistoryRow;
			return departments.size > 1 || series.length === 1
				? `${first.department ?? "?"} (${last.item})`
				: `${last.item} ${last.indicator}`;
		};
		const drawn = series.slice(0, CHART_SERIES);
		const notes: string[] = [];
		if (series.length > CHART_SERIES)
			notes.push(
				t(lang, "me.history.moreSeries", {
					shown: CHART_SERIES,
					total: series.length,
				}),
			);
		// Chart 1: the reported values. One series: its baseline and both targets; several: one
		// figure (metric) per series. Values in one unit only: the commonest; the rest are counted.
		const metrics = ["targetFullYear", "targetHalfYear", "baseline"] as const;
		const metric = metrics.includes(metricParam as (typeof metrics)[number])
			? (metricParam as (typeof metrics)[number])
			: "targetFullYear";
		const valueLines: {
			label: string;
			rows: HistoryRow[];
			m: (typeof metrics)[number];
			dash: ChartSeries["dash"];
			color: number;
		}[] =
			drawn.length === 1
				? [
						{
							label: t(lang, "me.metric.baseline"),
							rows: drawn[0] as HistoryRow[],
							m: "baseline",
							dash: "dashed",
							color: 6,
						},
						{
							label: t(lang, "me.metric.targetHalfYear"),
							rows: drawn[0] as HistoryRow[],
							m: "targetHalfYear",
							dash: "dotted",
							color: 1,
						},
						{
							label: t(lang, "me.metric.targetFullYear"),
							rows: drawn[0] as HistoryRow[],
							m: "targetFullYear",
							dash: "solid",
							color: 0,
						},
					]
				: drawn.map((list, i) => ({
						label: seriesLabel(list),
						rows: list,
						m: metric,
						dash: "solid",
						color: i,
					}));
		const unitCount = new Map<string, number>();
		for (const line of valueLines)
			for (const r of line.rows.filter(annual)) {
				const q = r[line.m];
				if (q.value !== null)
					unitCount.set(q.unit ?? "", (unitCount.get(q.unit ?? "") ?? 0) + 1);
			}
		const unit = [...unitCount].sort((a, b) => b[1] - a[1])[0]?.[0];
		const otherUnits = [...unitCount]
			.filter(([u]) => u !== unit)
			.reduce((n, [, count]) => n + count, 0);
		if (otherUnits > 0)
			notes.push(t(lang, "me.history.otherUnits", { n: otherUnits }));
		const unitLabel =
			unit === "percent"
				? `${t(lang, "me.unit.percent")} (%)`
				: unit === "count"
					? t(lang, "me.unit.count")
					: "";
		const valueTitle =
			drawn.length === 1
				? t(lang, "me.chart.values")
				: t(lang, `me.metric.${metric}`);
		const valuesChart = lineChart({
			title: valueTitle,
			xLabel: t(lang, "me.chart.yearAxis"),
			yLabel: `${valueTitle}${unitLabel ? `, ${unitLabel}` : ""}`,
			xs: years,
			series: valueLines.map((line) => ({
				label: line.label,
				dash: line.dash,
				color: line.color,
				points: line.rows.filter(annual).flatMap((r) => {
					const q = r[line.m];
					return r.year === null || q.value === null || (q.unit ?? "") !== unit
						? []
						: [{ x: r.year, y: q.value, note: q.raw }];
				}),
			})),
		});
		const levelChart = lineChart({
			title: t(lang, "me.chart.level"),
			xLabel: t(lang, "me.chart.yearAxis"),
			yLabel: t(lang, "me.chart.levelAxis"),
			xs: years,
			yMax: 100,
			series: drawn.map((list, i) => ({
				label: seriesLabel(list),
				color: i,
				points: list
					.filter(annual)
					.flatMap((r) =>
						r.year === null || r.notDue || r.performancePct === null
							? []
							: [{ x: r.year, y: r.performancePct }],
					),
			})),
		});
		const metricLinks =
			drawn.length > 1
				? `<p class="metrics">${escapeHtml(t(lang, "me.history.metric"))}: ${metrics
						.map(
							(m) =>
								`<a href="${escapeHtml(meHref(nav, `/history/${encodeURIComponent(key)}`, { department, from, to, metric: m }))}"${m === metric ? ' class="on"' : ""}>${escapeHtml(t(lang, `me.metric.${m}`))}</a>`,
						)
						.join("")}</p>`
				: "";
		const closest = result.exact
			? ""
			: `<p class="note">${escapeHtml(t(lang, "me.history.closest", { keys: result.matchedKeys.map((k) => `“${k.key}” (${k.score})`).join(", ") }))}</p>`;
		const measureIds = new Set(rows.map((r) => r.measureId));
		const pending = pendingLinks(store).filter(
			(l) =>
				(l.aMeasureId !== null && measureIds.has(l.aMeasureId)) ||
				(l.bMeasureId !== null && measureIds.has(l.bMeasureId)),
		);
		const latest = rows[rows.length - 1] as HistoryRow;
		const body = `${closest}<p class="note">${escapeHtml(latest.indicator)} — ${escapeHtml(t(lang, "me.history.summary", { series: series.length, departments: departments.size, years: years.length }))}</p>
<p class="note">${escapeHtml(t(lang, "me.history.reported"))}</p>
${notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join("")}
${metricLinks}
<div class="charts">${valuesChart ? `<figure id="chart-values"><figcaption>${escapeHtml(valueTitle)}</figcaption>${valuesChart}</figure>` : ""}${levelChart ? `<figure id="chart-level"><figcaption>${escapeHtml(t(lang, "me.chart.level"))}</figcaption>${levelChart}</figure>` : ""}</div>
${downloads(nav)}
${htmlTable(localize(table, lang), lang, {
	cell: (col, i, cellText) => {
		const r = rows[i];
		if (col !== "item" || !r) return undefined;
		return `<a href="${escapeHtml(itemHref(r.reportId, r.item))}">${cellText}</a>`;
	},
})}
${pending.length === 0 ? "" : `<h2>${escapeHtml(t(lang, "me.history.pending"))}</h2>${linksTable(pending, lang)}`}`;
		return c.html(
			mePage(nav, t(lang, "me.history.title", { key: latest.indicator }), body),
		);
	});

	sub.get("/pivot", async (c) => {
		const nav = navOf(c, "/pivot");
		const { lang } = nav;
		const by =
			c.req.query("by") === "organization" ? "organization" : "department";
		const period =
			c.req.query("period") === "half-year" ? "half-year" : "annual";
		const cells = levelsByYear(store, { by, period });
		const years = [...new Set(cells.map((x) => x.year))].sort((a, b) => a - b);
		const table = pivotTable(cells, years, by);
		const file = await download(c, table, "pivot", lang);
		if (file) return file;
		const form = `<form class="filters" method="get" action="${escapeHtml(`${base}/pivot`)}">
${lang === "en" ? '<input type="hidden" name="lang" value="en">' : ""}
<label>${escapeHtml(t(lang, "me.by"))}<select name="by"><option value="department"${by === "department" ? " selected" : ""}>${escapeHtml(t(lang, "me.department"))}</option><option value="organization"${by === "organization" ? " selected" : ""}>${escapeHtml(t(lang, "me.organization"))}</option></select></label>
<label>${escapeHtml(t(lang, "me.period"))}<select name="period"><option value="annual"${period === "annual" ? " selected" : ""}>${escapeHtml(t(lang, "me.period.annual"))}</option><option value="half-year"${period === "half-year" ? " selected" : ""}>${escapeHtml(t(lang, "me.period.half-year"))}</option></select></label>
<button>${escapeHtml(t(lang, "me.filter"))}</button></form>`;
		// The page shows one column per year (completion, items in brackets); the download has both.
		const head = `<tr>${by === "department" ? `<th scope="col">${escapeHtml(t(lang, "me.col.department"))}</th>` : ""}<th scope="col">${escapeHtml(t(lang, "me.col.organization"))}</th>${years.map((y) => `<th scope="col" class="n">${y}</th>`).join("")}</tr>`;
		const body = table.rows
			.slice(0, PAGE_ROWS)
			.map((row) => {
				const cellsHtml = years
					.map((y) => {
						const pct = row[`y${y}`];
						const items = row[`n${y}`];
						if (pct === undefined || pct === null)
							return `<td class="none">–</td>`;
						const n = Number(pct);
						const cls =
							n >= 100
								? "lv-100"
								: n >= 90
									? "lv-90"
									: n >= 80
										? "lv-80"
										: "lv-low";
						return `<td class="lv ${cls}">${escapeHtml(String(pct))} <small class="items">(${escapeHtml(String(items ?? ""))})</small></td>`;
					})
					.join("");
				const org = escapeHtml(row.organization ?? "");
				return `<tr>${by === "department" ? `<td>${escapeHtml(row.department ?? "")}</td>` : ""}<td>${org}</td>${cellsHtml}</tr>`;
			})
			.join("");
		const legend = `<p class="legend-levels"><span class="lv-100">100</span><span class="lv-90">90–99.9</span><span class="lv-80">80–89.9</span><span class="lv-low">&lt; 80</span></p>`;
		return c.html(
			mePage(
				nav,
				t(lang, "me.pivot.title"),
				`${form}<p class="note">${escapeHtml(t(lang, "me.pivot.note"))}</p>${legend}${downloads(nav)}${
					cells.length === 0
						? `<p class="empty">${escapeHtml(t(lang, "me.none"))}</p>`
						: `<table class="data pivot"><thead>${head}</thead><tbody>${body}</tbody></table>`
				}`,
			),
		);
	});

	sub.get("/compare", async (c) => {
		const nav = navOf(c, "/compare");
		const { lang } = nav;
		const by =
			c.req.query("by") === "organization" ? "organization" : "department";
		const facets = meFacets(store);
		const asked = (c.req.queries("year") ?? [])
			.map((y) => yearParam(y))
			.filter((y): y is number => y !== undefined);
		const years = (
			asked.length > 0 ? [...new Set(asked)] : facets.years.slice(-3)
		).sort((a, b) => a - b);
		const cells = levelsByYear(store, { by, years });
		const table = levelsTable(cells, by);
		const file = await download(c, table, "compare", lang);
		if (file) return file;
		const form = `<form class="filters" method="get" action="${escapeHtml(`${base}/compare`)}">
${lang === "en" ? '<input type="hidden" name="lang" value="en">' : ""}
<fieldset><legend>${escapeHtml(t(lang, "me.years"))}</legend>${facets.years.map((y) => `<label><input type="checkbox" name="year" value="${y}"${years.includes(y) ? " checked" : ""}>${y}</label>`).join("")}</fieldset>
<label>${escapeHtml(t(lang, "me.by"))}<select name="by"><option value="department"${by === "department" ? " selected" : ""}>${escapeHtml(t(lang, "me.department"))}</option><option value="organization"${by === "organization" ? " selected" : ""}>${escapeHtml(t(lang, "me.organization"))}</option></select></label>
<button>${escapeHtml(t(lang, "me.compare.submit"))}</button></form>`;
		const groups = new Map<
			string,
			{ label: string; values: (number | null)[] }
		>();
		for (const cell of cells) {
			const id = `${cell.organization ?? ""}\u0000${cell.department ?? ""}`;
			const group = groups.get(id) ?? {
				label:
					(by === "department" ? cell.department : cell.organization) ?? "?",
				values: years.map(() => null),
			};
			group.values[years.indexOf(cell.year)] = cell.planCompletionPct;
			groups.set(id, group);
		}
		const chart = barChart({
			title: t(lang, "me.compare.title"),
			xLabel: t(lang, "me.chart.completionAxis"),
			keys: years.map(String),
			groups: [...groups.values()].slice(0, 40),
		});
		const body =
			years.length === 0
				? `<p class="empty">${escapeHtml(t(lang, "me.compare.pick"))}</p>`
				: cells.length === 0
					? `<p class="empty">${escapeHtml(t(lang, "me.none"))}</p>`
					: `${chart ? `<figure id="chart-compare"><figcaption>${escapeHtml(t(lang, "me.chart.completionAxis"))}</figcaption>${chart}</figure>` : ""}${downloads(nav)}${htmlTable(localize(table, lang), lang, { limit: PAGE_ROWS })}`;
		return c.html(mePage(nav, t(lang, "me.compare.title"), `${form}${body}`));
	});

	sub.get("/search", async (c) => {
		const nav = navOf(c, "/search");
		const { lang } = nav;
		const q = text(c.req.query("q"), 500) ?? "";
		const year = yearParam(c.req.query("year"));
		const facets = meFacets(store);
		const form = `<form class="filters" method="get" action="${escapeHtml(`${base}/search`)}">
${lang === "en" ? '<input type="hidden" name="lang" value="en">' : ""}
<label>${escapeHtml(t(lang, "me.searchText"))}<input name="q" value="${escapeHtml(q)}" size="40"></label>
<label>${escapeHtml(t(lang, "me.year"))}<select name="year"><option value="">${escapeHtml(t(lang, "me.all"))}</option>${facets.years.map((y) => `<option value="${y}"${y === year ? " selected" : ""}>${y}</option>`).join("")}</select></label>
<button>${escapeHtml(t(lang, "me.search.submit"))}</button></form>`;
		const hits = /[\p{L}\p{N}]/u.test(q)
			? ind().search(q, { limit: 50, ...(year === undefined ? {} : { year }) })
			: [];
		const table = searchTable(hits);
		const file = await download(c, table, "search", lang);
		if (file) return file;
		const list = hits
			.map(
				(h) =>
					`<li><a class="where" href="${escapeHtml(itemHref(h.reportId, h.item))}">${escapeHtml(h.year)} · ${escapeHtml(h.department)} · ${escapeHtml(h.item)}</a> ${escapeHtml(h.indicator)}<div class="snippet">${markSnippet(h.snippet)}</div></li>`,
			)
			.join("");
		const body =
			q === ""
				? form
				: `${form}<p class="note">${escapeHtml(hits.length === 50 ? t(lang, "me.search.best", { n: 50 }) : t(lang, "me.search.hits", { n: hits.length }))}</p>${hits.length > 0 ? `${downloads(nav)}<ol class="hits">${list}</ol>` : ""}`;
		return c.html(mePage(nav, t(lang, "me.search.title"), body));
	});

	sub.get("/links", async (c) => {
		const nav = navOf(c, "/links");
		const { lang } = nav;
		const pending = pendingLinks(store);
		return c.html(
			mePage(
				nav,
				t(lang, "me.links.title"),
				`<p class="note">${escapeHtml(t(lang, "me.links.note"))}</p>${
					pending.length === 0
						? `<p class="empty">${escapeHtml(t(lang, "me.links.none"))}</p>`
						: linksTable(pending, lang)
				}`,
			),
		);
	});

	// The mount point itself ("/me" and "/me/") is the indicator list; anything else: 404.
	sub.get("/*", async (c) => {
		const rest = c.req.path.slice(base.length);
		if (rest === "" || rest === "/") return indicators(c);
		const nav = navOf(c, rest);
		return c.html(
			mePage(
				nav,
				t(nav.lang, "me.notFound"),
				`<p><a href="${escapeHtml(meHref(nav, "/indicators"))}">${escapeHtml(t(nav.lang, "me.nav.indicators"))}</a></p>`,
			),
			404,
		);
	});

	return sub;
}

/** The CSP nonce the review app (or meApp) set for this response. */
function nonceOf(c: Context): string {
	const nonce = (c.get as (key: string) => unknown)("nonce");
	return typeof nonce === "string" ? nonce : "";
}

/** The review app's page of an item. */
function itemHref(reportId: number, item: string): string {
	return `/reports/${reportId}/items/${encodeURIComponent(item)}`;
}

function linksTable(
	links: ReturnType<typeof pendingLinks>,
	lang: Lang,
): string {
	const end = (
		reportId: number | null,
		year: number | null,
		item: string,
		indicator: string | null,
	) =>
		`${escapeHtml(year ?? "")} · ${
			reportId === null
				? escapeHtml(item)
				: `<a href="${escapeHtml(itemHref(reportId, item))}">${escapeHtml(item)}</a>`
		} ${escapeHtml(indicator ?? "")}`;
	return `<table class="data links"><thead><tr><th class="n">ID</th><th>${escapeHtml(t(lang, "me.col.department"))}</th><th>${escapeHtml(t(lang, "me.links.earlier"))}</th><th>${escapeHtml(t(lang, "me.links.later"))}</th><th class="n">${escapeHtml(t(lang, "me.links.score"))}</th><th>${escapeHtml(t(lang, "me.links.evidence"))}</th></tr></thead><tbody>${links
		.map(
			(l) =>
				`<tr><td class="n">${l.id}</td><td>${escapeHtml(l.department)}</td><td>${end(l.aReportId, l.aYear, l.aItem, l.aIndicator)}</td><td>${end(l.bReportId, l.bYear, l.bItem, l.bIndicator)}</td><td class="n">${escapeHtml(`${l.score} / ${l.threshold}`)}</td><td>${escapeHtml(l.evidence)}<br><code>tailan links confirm ${l.id}</code></td></tr>`,
		)
		.join("")}</tbody></table>`;
}

/** A snippet with its [matches] as <mark>, everything else escaped. */
export function markSnippet(snippet: string): string {
	return escapeHtml(snippet).replace(/\[([^\]]*)\]/g, "<mark>$1</mark>");
}
