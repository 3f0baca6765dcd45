/**
 * The CLI run in-process for a test: `main` with its output caught.
 */
import { type MainOptions, main } from "../cli/main.ts";

export interface CliRun {
	code: number;
	stdout: string;
	stderr: string;
}

/** Run `tailan ARGV` in this process; the other options (a fake ingest, a busy timeout) pass through. */
export async function runCli(
	argv: string[],
	options: Omit<MainOptions, "stdout" | "stderr"> = {},
): Promise<CliRun> {
	let stdout = "";
	let stderr = "";
	const code = await main(argv, {
		...options,
		stdout: (t) => {
			stdout += t;
		},
		stderr: (t) => {
			stderr += t;
		},
	});
	return { code, stdout, stderr };
}
