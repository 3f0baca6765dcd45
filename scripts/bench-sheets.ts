/**
 * The corrections-sheet memory benchmark (issue 13): a flags sheet of the seed report grown to
 * ~170 MB (its 35 rows repeated; in every copy the same new_value for 4.6's level and the same
 * decision for one flag, the other rows left empty, as a clerk's sheet is), written as CSV and
 * as XLSX, then `tailan corrections import` of each in a child process, as the user runs it
 * (bin/tailan.js with its launcher's Node flags). Prints wall time and peak RSS — measured by
 * `/usr/bin/time -v` when it is installed (Debian's `time` package), else by the child's own
 * process.resourceUsage().maxRSS. Budget: 1.5 GiB (was ~3.5 GB for a 170 MB CSV). Last, an
 * XLSX bomb whose zip headers lie about its size: refused, and at what memory.
 *
 *   npx tsx scripts/bench-sheets.ts [--mb 170] [--xlsx-mb 40]
 *   npm run bench                   (runs it after the other benchmarks)
 */
import { spawnSync } from "node:child_process";
import {
	closeSync,
	copyFileSync,
	existsSync,
	mkdtempSync,
	openSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
	writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { unzipSync, zipSync } from "fflate";
import { flagsToRows, sheetTable } from "../cli/corrections.ts";
import { csvField } from "../output/index.ts";
import { toXlsx } from "../output/xlsx.ts";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import { openStore } from "../store/index.ts";
import { BIN, launcherNodeFlags } from "./launcher.ts";

const SEED = new URL("../fixtures/markdown/seed/input.md", import.meta.url);
const MIB = 1024 * 1024;

export interface SheetBenchOptions {
	/** Size of the CSV sheet in MB (10^6 bytes; default 170, 0 skips it). */
	mb?: number;
	/** Size of the XLSX sheet's text in MB, about its inflated size (default 40, 0 skips it). */
	xlsxMb?: number;
}

interface Measured {
	code: number | null;
	wall: number;
	peakRssBytes: number;
	how: string;
	out: string;
}

/** Run the CLI in a child process and measure its peak RSS. */
function measure(args: string[]): Measured {
	const withTime = existsSync("/usr/bin/time");
	const node = [...launcherNodeFlags(), BIN, ...args];
	const start = performance.now();
	const run = withTime
		? spawnSync("/usr/bin/time", ["-v", process.execPath, ...node], {
				encoding: "utf8",
			})
		: spawnSync(
				process.execPath,
				[
					"--import",
					"data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss '+process.resourceUsage().maxRSS+'\\n'))",
					...node,
				],
				{ encoding: "utf8" },
			);
	const wall = (performance.now() - start) / 1000;
	const kb = withTime
		? /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1]
		: /maxrss (\d+)/.exec(run.stderr)?.[1];
	return {
		code: run.status,
		wall,
		peakRssBytes: Number(kb ?? 0) * 1024,
		how: withTime ? "/usr/bin/time -v" : "resourceUsage().maxRSS",
		out: `${run.stdout}${run.stderr}`.trim(),
	};
}

/** Rewrite the uncompressed size of one entry in its local and central headers. */
function lieAboutSizes(zip: Uint8Array, name: string, size: number): void {
	const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
	for (let i = 0; i + 46 <= zip.length; i++) {
		const sig = view.getUint32(i, true);
		const local = sig === 0x04034b50;
		if (!local && sig !== 0x02014b50) continue;
		const nameAt = i + (local ? 30 : 46);
		const length = view.getUint16(i + (local ? 26 : 28), true);
		if (
			new TextDecoder().decode(zip.subarray(nameAt, nameAt + length)) !== name
		)
			continue;
		view.setUint32(i + (local ? 22 : 24), size, true);
	}
}

/** The seed's flags sheet rows, 4.6's level and one decision filled in. */
function filledRows(db: string) {
	const store = openStore(db);
	store.importResult(
		ingestMarkdown(readFileSync(SEED, "utf8"), { file: "input.md" }),
	);
	const rows = flagsToRows(store, { status: "all" });
	store.close();
	const level = rows.find(
		(r) => r.item === "4.6" && r.field === "performancePct",
	);
	const decided = rows.find((r) => r !== level && r.kind === "mixed-script");
	if (!level || !decided) throw new Error("the seed's sheet changed");
	level.new_value = "90";
	level.reason = "checked against the signed report";
	decided.decision = "accept";
	return rows;
}

/** Build the sheets, import each, return the report lines. */
export async function benchSheets(
	options: SheetBenchOptions = {},
): Promise<{ lines: string[]; code: number }> {
	const mb = options.mb ?? 170;
	const xlsxMb = options.xlsxMb ?? 40;
	const dir = mkdtempSync(join(tmpdir(), "tailan-bench-sheets-"));
	const lines: string[] = [];
	let code = 0;
	try {
		const db = join(dir, "t.db");
		const rows = filledRows(db);
		const table = sheetTable(rows);
		const body = `${table.rows
			.map((row) =>
				table.columns.map((c) => csvField(row[c.key] ?? null)).join(","),
			)
			.join("\r\n")}\r\n`;
		const header = `\uFEFF${table.columns.map((c) => c.key).join(",")}\r\n`;
		const check = (name: string, m: Measured, size: number, note: string) => {
			const expected = /1 correction, 1 flag decision/.test(m.out);
			if (m.code !== 0 || !expected) {
				code = 1;
				lines.push(`error: ${name} exited ${m.code}: ${m.out.slice(0, 500)}`);
			}
			const budget = m.peakRssBytes <= 1.5 * 1024 * MIB;
			if (!budget) code = 1;
			lines.push(
				`${name.padEnd(8)} ${(size / 1e6).toFixed(size < 1e7 ? 1 : 0)} MB${note}, the ${rows.length}-row sheet repeated: corrections import ${m.wall.toFixed(1)} s, peak RSS ${(m.peakRssBytes / MIB).toFixed(0)} MiB (${(m.peakRssBytes / size).toFixed(2)}× the file; ${m.how}; budget 1536 MiB ${budget ? "ok" : "EXCEEDED"})`,
			);
		};
		if (mb > 0) {
			const csv = join(dir, "sheet.csv");
			const fd = openSync(csv, "w");
			writeSync(fd, header);
			const chunk = Buffer.from(body.repeat(16));
			let size = Buffer.byteLength(header);
			while (size < mb * 1e6) {
				writeSync(fd, chunk);
				size += chunk.length;
			}
			closeSync(fd);
			const csvDb = join(dir, "csv.db");
			copyFileSync(db, csvDb);
			check(
				"csv",
				measure(["corrections", "import", csv, "--db", csvDb]),
				statSync(csv).size,
				"",
			);
		}
		if (xlsxMb > 0) {
			// Each copy's texts made unique (a copy number), so that the shared strings grow with
			// the rows as in a real queue: the inflated parts are about the CSV's size.
			const copies = Math.max(
				1,
				Math.round((xlsxMb * 1e6) / Buffer.byteLength(body)),
			);
			const big = {
				...table,
				rows: Array.from({ length: copies }, (_, i) =>
					table.rows.map((r) => ({
						...r,
						message: `${r.message} [${i}]`,
						current_value: `${r.current_value} [${i}]`,
						extracted_value: `${r.extracted_value} [${i}]`,
					})),
				).flat(),
			};
			const xlsx = join(dir, "sheet.xlsx");
			writeFileSync(xlsx, await toXlsx(big, "flags"));
			const xlsxDb = join(dir, "xlsx.db");
			copyFileSync(db, xlsxDb);
			let inflated = 0;
			unzipSync(readFileSync(xlsx), {
				filter: (f) => {
					inflated += f.originalSize;
					return false;
				},
			});
			check(
				"xlsx",
				measure(["corrections", "import", xlsx, "--db", xlsxDb]),
				statSync(xlsx).size,
				` (${(inflated / 1e6).toFixed(0)} MB inflated)`,
			);
		}
		{
			// An XLSX bomb: 512 MiB of zeros in a sheet entry whose zip headers say 1,000 bytes
			// (the central-directory check cannot see it; the counted inflation must stop it).
			const zip = zipSync(
				{ "xl/worksheets/sheet1.xml": new Uint8Array(512 * MIB) },
				{ level: 9 },
			);
			lieAboutSizes(zip, "xl/worksheets/sheet1.xml", 1000);
			const bomb = join(dir, "bomb.xlsx");
			writeFileSync(bomb, zip);
			const m = measure(["corrections", "import", bomb, "--db", db]);
			const refused =
				m.code === 1 && /inflates to more than the .* it declares/.test(m.out);
			const budget = m.peakRssBytes <= 1.5 * 1024 * MIB;
			if (!refused || !budget) {
				code = 1;
				lines.push(`error: the bomb exited ${m.code}: ${m.out.slice(0, 300)}`);
			}
			lines.push(
				`bomb     ${(zip.length / 1e6).toFixed(1)} MB XLSX inflating to 512 MiB, sizes lying: refused in ${m.wall.toFixed(1)} s, peak RSS ${(m.peakRssBytes / MIB).toFixed(0)} MiB (${m.how})`,
			);
		}
		return { lines, code };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
	const { values } = parseArgs({
		options: {
			mb: { type: "string", default: "170" },
			"xlsx-mb": { type: "string", default: "40" },
		},
	});
	const { lines, code } = await benchSheets({
		mb: Number(values.mb),
		xlsxMb: Number(values["xlsx-mb"]),
	});
	process.stdout.write(`${lines.join("\n")}\n`);
	process.exitCode = code;
}
