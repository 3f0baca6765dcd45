/**
 * CPU seconds of this process and of the child processes it has waited for (the native OCR
 * engine's `tesseract` processes), for the benchmarks: Node's process.cpuUsage() counts this
 * process's threads only. The children's part is read from /proc/self/stat (Linux); elsewhere it
 * is left out, and `childrenCounted` says so.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

let ticks: number | undefined;

/** Clock ticks a second (getconf CLK_TCK; 100 if that does not run). */
function clockTicks(): number {
	if (ticks === undefined) {
		try {
			ticks = Number(
				execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }),
			);
		} catch {
			ticks = 100;
		}
		if (!(ticks > 0)) ticks = 100;
	}
	return ticks;
}

/** The waited-for children's user + system CPU seconds, or undefined off Linux. */
export function childrenCpu(): number | undefined {
	let stat: string;
	try {
		stat = readFileSync("/proc/self/stat", "utf8");
	} catch {
		return undefined;
	}
	// Fields after the command's closing parenthesis: state is field 3, cutime 16, cstime 17.
	const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
	return (Number(f[13]) + Number(f[14])) / clockTicks();
}

/** Whether childrenCpu() can be read here. */
export const childrenCounted = (): boolean => childrenCpu() !== undefined;

/** This process's CPU seconds (all threads) plus its waited-for children's. */
export function cpuSeconds(): number {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1e6 + (childrenCpu() ?? 0);
}
