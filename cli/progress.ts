/**
 * Progress of a batch import. On a terminal: one bar line, redrawn at most ten times a second,
 * with files done, the current file, the rate and the ETA; other lines (errors) are printed
 * above it. Elsewhere (a pipe, a log file, CI): no bar, just the lines.
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

export interface Progress {
	/** A file was started (it becomes the current file). */
	start(file: string): void;
	/** A file is finished. */
	done(file: string): void;
	/** Print a line (above the bar on a terminal). */
	log(line: string): void;
	/** Remove the bar. */
	finish(): void;
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
	let current = "";
	let doneCount = 0;
	let drawnAt = Number.NEGATIVE_INFINITY;
	let shown = false;

	const draw = (force: boolean) => {
		if (!options.tty) return;
		const t = now();
		if (!force && t - drawnAt < interval) return;
		drawnAt = t;
		options.write(
			`\r\x1b[K${progressLine(doneCount, options.total, (t - started) / 1000, current, columns - 1)}`,
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
		done(file) {
			running.delete(file);
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
	};
}

/**
 * The bar line: `[#####-----] 412/1000 41% 38.2 files/s ETA 0:15 reports/x.md`, cut to `width`.
 * @param done files finished
 * @param total files to do
 * @param seconds time since the start
 * @param current the file being read ("" for none)
 * @param width the most characters to use
 */
export function progressLine(
	done: number,
	total: number,
	seconds: number,
	current: string,
	width: number,
): string {
	const barWidth = 20;
	const fraction = total === 0 ? 1 : Math.min(1, done / total);
	const filled = Math.round(fraction * barWidth);
	const rate = seconds > 0 ? done / seconds : 0;
	const eta =
		done === 0 || rate === 0
			? "ETA --:--"
			: `ETA ${formatDuration((total - done) / rate)}`;
	const head = `[${"#".repeat(filled)}${"-".repeat(barWidth - filled)}] ${done}/${total} ${Math.floor(fraction * 100)}% ${rate.toFixed(1)} files/s ${eta}`;
	const room = width - head.length - 1;
	if (current === "" || room < 8) return head.slice(0, width);
	const name =
		current.length <= room ? current : `…${current.slice(-(room - 1))}`;
	return `${head} ${name}`;
}

/** Seconds → "m:ss" or "h:mm:ss". */
export function formatDuration(seconds: number): string {
	const s = Math.max(0, Math.round(seconds));
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	const ss = String(s % 60).padStart(2, "0");
	return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}
