/**
 * Lattice tables: ruling lines → cell grids. Lines that touch form a table; the distinct x of its
 * vertical lines and y of its horizontal lines cut it into a grid; a grid boundary with no line
 * along it joins the two grid cells (a merged cell). A table cut by a page break often lacks its
 * closing border: the ends of its vertical lines stand in for it.
 */
import { type Box, cluster, mergeSegments, type Segment } from "./geometry.ts";

/** One cell of a grid: its position, spans and box. */
export interface GridCell {
	row: number;
	col: number;
	rowSpan: number;
	colSpan: number;
	box: Box;
}

export interface Grid {
	box: Box;
	/** Column edges (x) and row edges (y), ascending; n + 1 edges for n columns / rows. */
	xs: number[];
	ys: number[];
	/** Cells in reading order (row, then column), each at its top-left grid position. */
	cells: GridCell[];
	/**
	 * Sides closed only by the box of the lines (no ruling there): [left, top, right, bottom].
	 * The outermost row or column on such a side is bounded by line ends, not by a ruling.
	 */
	open?: [boolean, boolean, boolean, boolean];
}

export interface LatticeOptions {
	/** Distance (points) within which line ends meet and positions are the same (default 2). */
	tolerance?: number;
	/** Only lines inside this box (page space, top-left origin). */
	area?: Box;
}

/** Find the ruled tables of a page, top to bottom. */
export function latticeGrids(
	horizontals: readonly Segment[],
	verticals: readonly Segment[],
	options: LatticeOptions = {},
): Grid[] {
	const tol = options.tolerance ?? 2;
	const area = options.area;
	const inArea = (s: Segment) =>
		!area ||
		(Math.min(s.x1, area[2]) - Math.max(s.x0, area[0]) >= -tol &&
			Math.min(s.y1, area[3]) - Math.max(s.y0, area[1]) >= -tol);
	const clip = (s: Segment): Segment =>
		area
			? {
					x0: Math.max(s.x0, area[0]),
					x1: Math.min(s.x1, area[2]),
					y0: Math.max(s.y0, area[1]),
					y1: Math.min(s.y1, area[3]),
				}
			: s;
	const hs = mergeSegments(
		horizontals.filter(inArea).map(clip),
		true,
		tol / 2,
		tol,
	);
	const vs = mergeSegments(
		verticals.filter(inArea).map(clip),
		false,
		tol / 2,
		tol,
	);
	const all = [
		...hs.map((s) => ({ s, h: true })),
		...vs.map((s) => ({ s, h: false })),
	];

	// Connected components of touching lines (union-find).
	const parent = all.map((_, i) => i);
	const find = (i: number): number => {
		while (parent[i] !== i) {
			parent[i] = parent[parent[i] as number] as number;
			i = parent[i] as number;
		}
		return i;
	};
	for (let i = 0; i < all.length; i++) {
		const a = all[i] as { s: Segment; h: boolean };
		if (!a.h) continue;
		for (let j = 0; j < all.length; j++) {
			const b = all[j] as { s: Segment; h: boolean };
			if (b.h) continue;
			const touch =
				b.s.x0 >= a.s.x0 - tol &&
				b.s.x0 <= a.s.x1 + tol &&
				a.s.y0 >= b.s.y0 - tol &&
				a.s.y0 <= b.s.y1 + tol;
			if (touch) parent[find(i)] = find(j);
		}
	}
	const groups = new Map<number, { hs: Segment[]; vs: Segment[] }>();
	all.forEach((x, i) => {
		const r = find(i);
		const g = groups.get(r) ?? { hs: [], vs: [] };
		(x.h ? g.hs : g.vs).push(x.s);
		groups.set(r, g);
	});

	const grids: Grid[] = [];
	for (const g of groups.values()) {
		const grid = buildGrid(g.hs, g.vs, tol);
		if (grid) grids.push(grid);
	}
	return grids.sort((a, b) => a.box[1] - b.box[1] || a.box[0] - b.box[0]);
}

/** How far (points) a line may run past the last line it crosses and still end there. */
const OVERSHOOT = 5;

function buildGrid(
	hs: Segment[],
	vs: Segment[],
	tol: number,
): Grid | undefined {
	if (vs.length < 2 && hs.length < 2) return undefined;
	if (vs.length === 0 || hs.length === 0) return undefined;
	const x0 = Math.min(...hs.map((s) => s.x0), ...vs.map((s) => s.x0));
	const x1 = Math.max(...hs.map((s) => s.x1), ...vs.map((s) => s.x1));
	const y0 = Math.min(...hs.map((s) => s.y0), ...vs.map((s) => s.y0));
	const y1 = Math.max(...hs.map((s) => s.y1), ...vs.map((s) => s.y1));
	if (x1 - x0 < 2 * tol || y1 - y0 < 2 * tol) return undefined;
	// The box's sides close the table even where a border is missing (a page break, an open side).
	const edgeH: Segment[] = [
		{ x0, y0, x1, y1: y0 },
		{ x0, y0: y1, x1, y1 },
	];
	const edgeV: Segment[] = [
		{ x0, y0, x1: x0, y1 },
		{ x0: x1, y0, x1, y1 },
	];
	// A line that overshoots the outermost crossing line by a little (up to OVERSHOOT) makes no
	// sliver row or column of its own.
	const near = Math.max(tol, OVERSHOOT);
	const hasH = (y: number) => hs.some((s) => Math.abs(s.y0 - y) <= near);
	const hasV = (x: number) => vs.some((s) => Math.abs(s.x0 - x) <= near);
	const openTop = !hasH(y0);
	const openBottom = !hasH(y1);
	const openLeft = !hasV(x0);
	const openRight = !hasV(x1);
	const H = [
		...hs,
		...edgeH.filter((s) => (s.y0 === y0 ? openTop : openBottom)),
	];
	const V = [
		...vs,
		...edgeV.filter((s) => (s.x0 === x0 ? openLeft : openRight)),
	];
	const xs = cluster(
		V.map((s) => s.x0),
		tol,
	);
	const ys = cluster(
		H.map((s) => s.y0),
		tol,
	);
	if (xs.length < 2 || ys.length < 2) return undefined;
	const nr = ys.length - 1;
	const nc = xs.length - 1;
	// Is there a line along the boundary between two grid cells (covering most of it)?
	const covered = (
		segs: Segment[],
		horizontal: boolean,
		at: number,
		from: number,
		to: number,
	) => {
		let len = 0;
		for (const s of segs) {
			const pos = horizontal ? s.y0 : s.x0;
			if (Math.abs(pos - at) > tol) continue;
			const lo = horizontal ? s.x0 : s.y0;
			const hi = horizontal ? s.x1 : s.y1;
			len += Math.max(0, Math.min(hi, to) - Math.max(lo, from));
		}
		return len >= (to - from) * 0.5;
	};
	// Union grid cells with no line between them.
	const id = (r: number, c: number) => r * nc + c;
	const parent = Array.from({ length: nr * nc }, (_, i) => i);
	const find = (i: number): number => {
		while (parent[i] !== i) {
			parent[i] = parent[parent[i] as number] as number;
			i = parent[i] as number;
		}
		return i;
	};
	const union = (a: number, b: number) => {
		const ra = find(a);
		const rb = find(b);
		if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
	};
	for (let r = 0; r < nr; r++) {
		for (let c = 0; c < nc; c++) {
			const cx0 = xs[c] as number;
			const cx1 = xs[c + 1] as number;
			const cy0 = ys[r] as number;
			const cy1 = ys[r + 1] as number;
			if (c + 1 < nc && !covered(V, false, cx1, cy0, cy1))
				union(id(r, c), id(r, c + 1));
			if (r + 1 < nr && !covered(H, true, cy1, cx0, cx1))
				union(id(r, c), id(r + 1, c));
		}
	}
	// Each union that fills its bounding grid range is a cell. One that does not (an L or a ring
	// of grid cells, where lines are missing around a block that has them) would swallow that
	// block: it is cut into its runs along each grid row instead.
	const members = new Map<number, number[]>();
	for (let r = 0; r < nr; r++)
		for (let c = 0; c < nc; c++) {
			const root = find(id(r, c));
			const list = members.get(root);
			if (list) list.push(id(r, c));
			else members.set(root, [id(r, c)]);
		}
	const ranges: [number, number, number, number][] = [];
	for (const list of members.values()) {
		const rs = list.map((i) => Math.floor(i / nc));
		const cs = list.map((i) => i % nc);
		const r0 = Math.min(...rs);
		const r1 = Math.max(...rs);
		const c0 = Math.min(...cs);
		const c1 = Math.max(...cs);
		if ((r1 - r0 + 1) * (c1 - c0 + 1) === list.length) {
			ranges.push([r0, c0, r1, c1]);
			continue;
		}
		const set = new Set(list);
		for (let r = r0; r <= r1; r++)
			for (let c = c0; c <= c1; c++) {
				if (!set.has(id(r, c)) || (c > c0 && set.has(id(r, c - 1)))) continue;
				let end = c;
				while (end + 1 <= c1 && set.has(id(r, end + 1))) end++;
				ranges.push([r, c, r, end]);
			}
	}
	const cells: GridCell[] = [];
	for (const [r0, c0, r1, c1] of ranges.sort(
		(a, b) => a[0] - b[0] || a[1] - b[1],
	))
		cells.push({
			row: r0,
			col: c0,
			rowSpan: r1 - r0 + 1,
			colSpan: c1 - c0 + 1,
			box: [
				xs[c0] as number,
				ys[r0] as number,
				xs[c1 + 1] as number,
				ys[r1 + 1] as number,
			],
		});
	return {
		box: [x0, y0, x1, y1],
		xs,
		ys,
		cells,
		open: [openLeft, openTop, openRight, openBottom],
	};
}

/**
 * Fills are background, not rulings. A filled area thicker than a line (a shaded header band, a
 * shaded cell, a cell's shading inset from its borders) gives its four edges as `shade`
 * segments; such an edge stays a ruling only where the table really has a border there:
 * - a drawn line runs along it (same position within `tol`, covering at least half of it), or
 * - it closes the table's frame: a drawn line across it ends on it (a band's top edge where the
 *   column lines begin, its sides where the row lines end).
 * - its area is a cell of a table drawn with fills and no lines: no drawn line touches the
 *   area, it meets another filled area along a side (the fills tile the table), and the edge
 *   lies inside no other filled area (a cell's shading inset from its borders, cut in two, is
 *   still inside the cell's own fill). Where lines are drawn, they are the table's rulings and
 *   the fills between them are background, however they are cut.
 * Every other fill edge is dropped, so a band never adds column or row separators inside it.
 */
export function fillsAsBackground(
	horizontals: readonly Segment[],
	verticals: readonly Segment[],
	tol = 2,
): { horizontals: Segment[]; verticals: Segment[] } {
	const drawnH = horizontals.filter((s) => !s.shade);
	const drawnV = verticals.filter((s) => !s.shade);
	const shadeH = horizontals.filter((s) => s.shade);
	const shadeV = verticals.filter((s) => s.shade);
	// Each filled area's box, from its edges.
	const areas = new Map<number, Box>();
	for (const e of [...shadeH, ...shadeV]) {
		if (e.fill === undefined) continue;
		const b = areas.get(e.fill);
		areas.set(
			e.fill,
			b
				? [
						Math.min(b[0], e.x0),
						Math.min(b[1], e.y0),
						Math.max(b[2], e.x1),
						Math.max(b[3], e.y1),
					]
				: [e.x0, e.y0, e.x1, e.y1],
		);
	}
	// [position, start, end] of a segment along its own axis.
	const span = (s: Segment, horizontal: boolean): [number, number, number] =>
		horizontal ? [s.y0, s.x0, s.x1] : [s.x0, s.y0, s.y1];
	const drawn = [...drawnH, ...drawnV];
	const free = new Map<number, boolean>();
	const untouched = (id: number): boolean => {
		const known = free.get(id);
		if (known !== undefined) return known;
		const b = areas.get(id);
		const yes =
			b !== undefined &&
			!drawn.some(
				(d) =>
					d.x1 >= b[0] - tol &&
					d.x0 <= b[2] + tol &&
					d.y1 >= b[1] - tol &&
					d.y0 <= b[3] + tol,
			);
		free.set(id, yes);
		return yes;
	};
	// Fills that meet another fill along an edge (a shared side, within tol).
	const meeting = new Set<number>();
	for (const [list, horizontal] of [
		[shadeH, true],
		[shadeV, false],
	] as const)
		for (const a of list)
			for (const b of list) {
				if (a.fill === undefined || b.fill === undefined || a.fill === b.fill)
					continue;
				const [p, a0, a1] = span(a, horizontal);
				const [q, b0, b1] = span(b, horizontal);
				if (
					Math.abs(p - q) <= tol &&
					Math.min(a1, b1) - Math.max(a0, b0) >= Math.min(a1 - a0, b1 - b0) / 2
				)
					meeting.add(a.fill);
			}
	const tiles = (id: number) => meeting.has(id);
	const isBorder = (s: Segment, horizontal: boolean): boolean => {
		const [pos, a0, a1] = span(s, horizontal);
		const along = horizontal ? drawnH : drawnV;
		let covered = 0;
		for (const d of along) {
			const [p, d0, d1] = span(d, horizontal);
			if (Math.abs(p - pos) <= tol)
				covered += Math.max(0, Math.min(a1, d1) - Math.max(a0, d0));
		}
		if (covered >= (a1 - a0) / 2) return true;
		const across = horizontal ? drawnV : drawnH;
		if (
			across.some((d) => {
				const [p, d0, d1] = span(d, !horizontal);
				return (
					p >= a0 - tol &&
					p <= a1 + tol &&
					(Math.abs(d0 - pos) <= tol || Math.abs(d1 - pos) <= tol)
				);
			})
		)
			return true;
		// A cell of a table drawn with fills: no drawn line touches it, it meets another fill
		// along one of its edges, and no other fill has this edge inside.
		if (s.fill === undefined || !untouched(s.fill) || !tiles(s.fill))
			return false;
		return ![...areas].some(([id, b]) => {
			if (id === s.fill) return false;
			const [lo, hi, c0, c1] = horizontal
				? [b[1], b[3], b[0], b[2]]
				: [b[0], b[2], b[1], b[3]];
			return (
				pos > lo + tol &&
				pos < hi - tol &&
				Math.min(a1, c1) - Math.max(a0, c0) > tol
			);
		});
	};
	return {
		horizontals: horizontals.filter((s) => !s.shade || isBorder(s, true)),
		verticals: verticals.filter((s) => !s.shade || isBorder(s, false)),
	};
}
