/**
 * Progress of a batch import. On a terminal: one bar line, redrawn at most ten times a second,
 * with files done, the rate, the ETA and every parse worker's file — with the pages read so far
 * when it is a scan (OCR takes seconds a page, so the bar moves by pages, not only by files);
 * other lines (errors) are printed above it. Elsewhere (a pipe, a log file, CI): no bar, just
 * the lines.
 */

export interface ProgressOptions {
	/** Files to do. */
	total: number;
	/** Draw the bar (stderr is a terminal). */
	tty: boolean;
	/** Where the bar and the logged lines go (stderr). */
	write: (text: string) => void;
	/** Terminal width (default 80). */
	columns?: number;
	/** Clock in ms (default performance.now). */
	now?: () => number;
	/** Least time between two redraws in ms (default 100). */
	intervalMs?: number;
}

/** A file a worker is parsing, with the pages read so far (scans; pages null: not known). */
export interface ParsingFile {
	file: string;
	done: number;
	pages: number | null;
}

/** What the bar shows, at one moment. */
export interface ProgressSnapshot {
	done: number;
	total: number;
	/** Files done plus the part read of the scans being parsed (pages read / pages). */
	work: number;
	/** The files the workers are parsing, in the order they were taken. */
	parsing: ParsingFile[];
	/** The file started last ("" for none): shown when no worker has a file. */
	current: string;
}

export interface Progress {
	/** A file was started (it becomes the current file). */
	start(file: string): void;
	/** A worker took the file. */
	parsing(file: string): void;
	/** A worker read one more page of the file (scans). */
	page(file: string, done: number, pages: number | null): void;
	/** The worker is done with the file (it may wait to be stored): no longer shown. */
	parsed(file: string): void;
	/** A file is finished. */
	done(file: string): void;
	/** Print a line (above the bar on a terminal). */
	log(line: string): void;
	/** Remove the bar. */
	finish(): void;
	/** What the bar shows now. */
	snapshot(): ProgressSnapshot;
}

/**
 * A progress display for `total` files.
 * @param options see ProgressOptions
 */
export function createProgress(options: ProgressOptions): Progress {
	const now = options.now ?? (() => performance.now());
	const interval = options.intervalMs ?? 100;
	const columns = Math.max(40, options.columns ?? 80);
	const started = now();
	const running = new Set<string>();
	const parsing = new Map<string, ParsingFile>();
	// Parsed, waiting to be stored in order: a whole file's work, no longer a worker's.
	const parsed = new Set<string>();
	let current = "";
	let doneCount = 0;
	let drawnAt = Number.NEGATIVE_INFINITY;
	let shown = false;

	const snapshot = (): ProgressSnapshot => {
		const files = [...parsing.values()].map((p) => ({ ...p }));
		const partial = files.reduce(
			(sum, p) =>
				sum +
				(p.pages !== null && p.pages > 0 ? Math.min(1, p.done / p.pages) : 0),
			parsed.size,
		);
		return {
			done: doneCount,
			total: options.total,
			work: Math.min(options.total, doneCount + partial),
			parsing: files,
			current,
		};
	};
	const draw = (force: boolean) => {
		if (!options.tty) return;
		const t = now();
		if (!force && t - drawnAt < interval) return;
		drawnAt = t;
		options.write(
			`\r\x1b[K${progressLine(snapshot(), (t - started) / 1000, columns - 1)}`,
		);
		shown = true;
	};
	const clear = () => {
		if (shown) options.write("\r\x1b[K");
		shown = false;
	};

	return {
		start(file) {
			running.add(file);
			current = file;
			draw(false);
		},
		parsing(file) {
			parsing.set(file, { file, done: 0, pages: null });
			draw(false);
		},
		page(file, done, pages) {
			parsing.set(file, { file, done, pages });
			draw(false);
		},
		parsed(file) {
			if (!parsing.delete(file)) return;
			parsed.add(file);
			draw(false);
		},
		done(file) {
			running.delete(file);
			parsing.delete(file);
			parsed.delete(file);
			doneCount++;
			if (current === file) current = [...running].at(-1) ?? "";
			draw(doneCount === options.total);
		},
		log(line) {
			clear();
			options.write(line.endsWith("\n") ? line : `${line}\n`);
			draw(true);
		},
		finish() {
			clear();
		},
		snapshot,
	};
}

/**
 * The bar line: `[#####-----] 412/1000 41% 38.2 files/s ETA 0:15 scans/a.pdf p. 3/12 · b.md`,
 * cut to `width`: every worker's file (or the current file when none is parsing), each with the
 * pages read so far when there are any.
 * @param s what to show (see ProgressSnapshot)
 * @param seconds time since the start
 * @param width the most characters to use
 */
export function progressLine(
	s: ProgressSnapshot,
	seconds: number,
	width: number,
): string {
	const barWidth = 20;
	const { done, total } = s;
	const fraction = total === 0 ? 1 : Math.min(1, s.work / total);
	const filled = Math.round(fraction * barWidth);
	const rate = seconds > 0 ? done / seconds : 0;
	const workRate = seconds > 0 ? s.work / seconds : 0;
	const eta =
		s.work === 0 || workRate === 0
			? "ETA --:--"
			: `ETA ${formatDuration((total - s.work) / workRate)}`;
	const head = `[${"#".repeat(filled)}${"-".repeat(barWidth - filled)}] ${done}/${total} ${Math.floor(fraction * 100)}% ${rate.toFixed(1)} files/s ${eta}`;
	const files: { name: string; pages: string }[] =
		s.parsing.length > 0
			? s.parsing.map((p) => ({
					name: p.file,
					pages:
						p.done > 0 || p.pages !== null
							? ` p. ${p.done}${p.pages === null ? "" : `/${p.pages}`}`
							: "",
				}))
			: s.current === ""
				? []
				: [{ name: s.current, pages: "" }];
	const room = width - head.length - 1;
	if (files.length === 0 || room < 8) return head.slice(0, width);
	const separator = " · ";
	const each = Math.floor(
		(room - separator.length * (files.length - 1)) / files.length,
	);
	const parts: string[] = [];
	for (const f of files) {
		const nameRoom = each - f.pages.length;
		if (nameRoom < 4) break;
		const name =
			f.name.length <= nameRoom ? f.name : `…${f.name.slice(-(nameRoom - 1))}`;
		parts.push(`${name}${f.pages}`);
	}
	if (parts.length === 0) return head.slice(0, width);
	return `${head} ${parts.join(separator)}`.slice(0, width);
}

/** Seconds → "m:ss" or "h:mm:ss". */
export function formatDuration(seconds: number): string {
	const s = Math.max(0, Math.round(seconds));
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	const ss = String(s % 60).padStart(2, "0");
	return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}
