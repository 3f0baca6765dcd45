import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BIN, launcherNodeFlags } from "./launcher.ts";

describe("the CLI launcher's Node flags", () => {
	it("should read the flags of bin/tailan.js's shebang, which this Node accepts", () => {
		const flags = launcherNodeFlags();
		expect(flags).toContain("--single-threaded-gc");
		const argv = execFileSync(
			process.execPath,
			[
				...flags,
				"-e",
				"process.stdout.write(JSON.stringify(process.execArgv))",
			],
			{ encoding: "utf8" },
		);
		expect((JSON.parse(argv) as string[]).slice(0, flags.length)).toEqual(
			flags,
		);
	});

	it("should start the CLI through the shebang itself (env -S)", () => {
		const out = execFileSync(BIN, ["--help"], { encoding: "utf8" });
		expect(out).toMatch(/^tailan: /);
	});
});
