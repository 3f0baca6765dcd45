/**
 * Server-side SVG charts for the M&E pages: a line chart over years and a grouped horizontal bar
 * chart. Plain SVG with presentation attributes (no style attribute, no script, no external
 * font), so the pages' Content-Security-Policy lets them render. Axes are labelled, with ticks
 * and the unit; every point and bar carries its exact value in a <title>. Text is escaped.
 */
import { escapeHtml } from "./me-html.ts";

/** Colours of the series, in order (colour-blind safe, Okabe–Ito). */
export const PALETTE = [
	"#0072B2",
	"#D55E00",
	"#009E73",
	"#CC79A7",
	"#E69F00",
	"#56B4E9",
	"#000000",
	"#F0E442",
];

const FONT = 13;

export interface ChartPoint {
	x: number;
	y: number | null;
	/** Shown in the point's tooltip (default: the value). */
	note?: string;
}

export interface ChartSeries {
	label: string;
	points: ChartPoint[];
	dash?: "solid" | "dashed" | "dotted";
	/** Palette index (default: the series' position). */
	color?: number;
}

export interface LineChartSpec {
	/** Accessible name of the chart. */
	title: string;
	xLabel: string;
	/** The y axis's label, with its unit ("Level (%)"). */
	yLabel: string;
	/** The x values (years), in order. */
	xs: number[];
	series: ChartSeries[];
	/** Fixed y range (default: 0 to a round number above the largest value). */
	yMax?: number;
	/** Write each point's value beside it (default: when at most 2 series). */
	valueLabels?: boolean;
}

/** Round tick step for a range: 1, 2 or 5 times a power of ten, about `count` ticks. */
export function tickStep(max: number, count = 5): number {
	if (!(max > 0)) return 1;
	const raw = max / count;
	const power = 10 ** Math.floor(Math.log10(raw));
	const unit = raw / power;
	const step = unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10;
	return step * power;
}

/** A number as a label: integers as they are, else at most 2 decimals. */
export function label(n: number): string {
	return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/** A line chart of values over years, one line per series. */
export function lineChart(spec: LineChartSpec): string {
	const values = spec.series.flatMap((s) =>
		s.points.flatMap((p) => (p.y === null ? [] : [p.y])),
	);
	if (values.length === 0 || spec.xs.length === 0) return "";
	const dataMax = Math.max(...values, 0);
	const step = tickStep(spec.yMax ?? dataMax);
	const yMax = spec.yMax ?? Math.max(step, Math.ceil(dataMax / step) * step);
	const left = 80;
	const right = 24;
	const top = 26;
	const plotHeight = 240;
	const bottom = top + plotHeight;
	const width = Math.max(640, left + right + spec.xs.length * 110);
	// Two legend columns when the labels are short, else one.
	const legendColumns = spec.series.every((s) => s.label.length <= 28) ? 2 : 1;
	const legendRows = Math.ceil(spec.series.length / legendColumns);
	const height = bottom + 56 + legendRows * 22;
	const plotWidth = width - left - right;
	const xAt = (x: number) => {
		const i = spec.xs.indexOf(x);
		return spec.xs.length === 1
			? left + plotWidth / 2
			: left + 30 + (i * (plotWidth - 60)) / (spec.xs.length - 1);
	};
	const yAt = (y: number) => bottom - (plotHeight * y) / yMax;
	const parts: string[] = [];
	// y grid, ticks and labels
	for (let v = 0; v <= yMax + 1e-9; v += step) {
		const y = yAt(v).toFixed(1);
		parts.push(
			`<line x1="${left}" y1="${y}" x2="${width - right}" y2="${y}" stroke="#e2e2e2"/>`,
			`<line x1="${left - 5}" y1="${y}" x2="${left}" y2="${y}" stroke="#555"/>`,
			`<text x="${left - 8}" y="${y}" dy="4" text-anchor="end" font-size="${FONT}" fill="#333">${label(v)}</text>`,
		);
	}
	parts.push(
		`<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="#555"/>`,
		`<line x1="${left}" y1="${bottom}" x2="${width - right}" y2="${bottom}" stroke="#555"/>`,
		`<text transform="translate(18 ${(top + bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="${FONT}" fill="#222">${escapeHtml(spec.yLabel)}</text>`,
		`<text x="${left + plotWidth / 2}" y="${bottom + 42}" text-anchor="middle" font-size="${FONT}" fill="#222">${escapeHtml(spec.xLabel)}</text>`,
	);
	for (const x of spec.xs) {
		const px = xAt(x).toFixed(1);
		parts.push(
			`<line x1="${px}" y1="${bottom}" x2="${px}" y2="${bottom + 5}" stroke="#555"/>`,
			`<text x="${px}" y="${bottom + 20}" text-anchor="middle" font-size="${FONT}" fill="#333">${x}</text>`,
		);
	}
	const labels = spec.valueLabels ?? spec.series.length <= 2;
	spec.series.forEach((s, index) => {
		const color = PALETTE[(s.color ?? index) % PALETTE.length] as string;
		const dash =
			s.dash === "dashed"
				? ' stroke-dasharray="8 5"'
				: s.dash === "dotted"
					? ' stroke-dasharray="2 4"'
					: "";
		const pts = s.points.filter(
			(p): p is ChartPoint & { y: number } =>
				p.y !== null && spec.xs.includes(p.x),
		);
		// A line joins years next to each other only: a gap year breaks it (nothing reported).
		let run: string[] = [];
		const flush = () => {
			if (run.length > 1)
				parts.push(
					`<polyline points="${run.join(" ")}" fill="none" stroke="${color}" stroke-width="2.5"${dash}/>`,
				);
			run = [];
		};
		let previous: number | undefined;
		for (const p of pts) {
			const i = spec.xs.indexOf(p.x);
			if (previous !== undefined && i !== previous + 1) flush();
			run.push(`${xAt(p.x).toFixed(1)},${yAt(p.y).toFixed(1)}`);
			previous = i;
		}
		flush();
		for (const p of pts) {
			const px = xAt(p.x).toFixed(1);
			const py = yAt(p.y).toFixed(1);
			parts.push(
				`<circle cx="${px}" cy="${py}" r="4.5" fill="${color}"><title>${escapeHtml(`${s.label}, ${p.x}: ${p.note ?? label(p.y)}`)}</title></circle>`,
			);
			if (labels)
				parts.push(
					`<text x="${px}" y="${(Number(py) - 9).toFixed(1)}" text-anchor="middle" font-size="${FONT - 1}" fill="${color}">${escapeHtml(label(p.y))}</text>`,
				);
		}
	});
	// legend, two columns under the x axis label
	spec.series.forEach((s, index) => {
		const color = PALETTE[(s.color ?? index) % PALETTE.length] as string;
		const col = index % legendColumns;
		const row = Math.floor(index / legendColumns);
		const x = left + col * (plotWidth / legendColumns);
		const y = bottom + 62 + row * 22;
		const dash =
			s.dash === "dashed"
				? ' stroke-dasharray="8 5"'
				: s.dash === "dotted"
					? ' stroke-dasharray="2 4"'
					: "";
		parts.push(
			`<line x1="${x}" y1="${y - 4}" x2="${x + 28}" y2="${y - 4}" stroke="${color}" stroke-width="3"${dash}/>`,
			`<text x="${x + 34}" y="${y}" font-size="${FONT}" fill="#222">${escapeHtml(cut(s.label, legendColumns === 2 ? 28 : 70))}</text>`,
		);
	});
	return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(spec.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title>${escapeHtml(spec.title)}</title>${parts.join("")}</svg>`;
}

export interface BarGroup {
	label: string;
	/** One value per key of the chart (null: no report). */
	values: (number | null)[];
}

export interface BarChartSpec {
	title: string;
	/** The value axis's label, with its unit. */
	xLabel: string;
	/** What each bar of a group is (the years), for the legend. */
	keys: string[];
	groups: BarGroup[];
	/** The value axis's end (default 100). */
	max?: number;
}

/** Grouped horizontal bars: a group per department, a bar per year. */
export function barChart(spec: BarChartSpec): string {
	if (spec.groups.length === 0 || spec.keys.length === 0) return "";
	const max = spec.max ?? 100;
	const bar = 14;
	const gap = 10;
	const labelWidth = 330;
	const plotWidth = 420;
	const left = labelWidth + 10;
	const top = 30;
	const groupHeight = spec.keys.length * bar + gap;
	const bottom = top + spec.groups.length * groupHeight;
	const width = left + plotWidth + 60;
	const height = bottom + 50;
	const xAt = (v: number) => left + (plotWidth * Math.min(v, max)) / max;
	const parts: string[] = [];
	const step = tickStep(max);
	for (let v = 0; v <= max + 1e-9; v += step) {
		const x = xAt(v).toFixed(1);
		parts.push(
			`<line x1="${x}" y1="${top - 4}" x2="${x}" y2="${bottom}" stroke="#e2e2e2"/>`,
			`<text x="${x}" y="${bottom + 18}" text-anchor="middle" font-size="${FONT}" fill="#333">${label(v)}</text>`,
		);
	}
	parts.push(
		`<line x1="${left}" y1="${bottom}" x2="${left + plotWidth}" y2="${bottom}" stroke="#555"/>`,
		`<line x1="${left}" y1="${top - 4}" x2="${left}" y2="${bottom}" stroke="#555"/>`,
		`<text x="${left + plotWidth / 2}" y="${bottom + 40}" text-anchor="middle" font-size="${FONT}" fill="#222">${escapeHtml(spec.xLabel)}</text>`,
	);
	spec.keys.forEach((key, i) => {
		const x = left + i * 90;
		parts.push(
			`<rect x="${x}" y="6" width="14" height="14" fill="${PALETTE[i % PALETTE.length]}"/>`,
			`<text x="${x + 20}" y="18" font-size="${FONT}" fill="#222">${escapeHtml(key)}</text>`,
		);
	});
	spec.groups.forEach((g, gi) => {
		const y0 = top + gi * groupHeight;
		parts.push(
			`<text x="${labelWidth}" y="${y0 + (spec.keys.length * bar) / 2 + 4}" text-anchor="end" font-size="${FONT}" fill="#222">${escapeHtml(cut(g.label, 44))}</text>`,
		);
		g.values.forEach((v, i) => {
			const y = y0 + i * bar;
			if (v === null) return;
			parts.push(
				`<rect x="${left}" y="${y}" width="${(xAt(v) - left).toFixed(1)}" height="${bar - 2}" fill="${PALETTE[i % PALETTE.length]}"><title>${escapeHtml(`${g.label}, ${spec.keys[i]}: ${label(v)}`)}</title></rect>`,
				`<text x="${(xAt(v) + 4).toFixed(1)}" y="${y + bar - 3}" font-size="${FONT - 2}" fill="#222">${label(v)}</text>`,
			);
		});
	});
	return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(spec.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title>${escapeHtml(spec.title)}</title>${parts.join("")}</svg>`;
}

function cut(text: string, max: number): string {
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
