import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import {
	currentCliReference,
	README,
	renderCliReference,
} from "../scripts/gen-readme-cli.ts";

it("should keep README's CLI reference identical to the current --help output", async () => {
	const readme = readFileSync(README, "utf8");
	const current = currentCliReference(readme);
	expect(current, "README.md lost its cli-reference markers").toBeDefined();
	// On failure: run `npm run readme` and commit README.md.
	expect(current).toBe(await renderCliReference());
});

it("should keep the Quick start to two commands: import the bundled reports, run the tests", () => {
	const readme = readFileSync(README, "utf8");
	const quickStart = readme.slice(
		readme.indexOf("## Quick start"),
		readme.indexOf("## Use"),
	);
	const commands = [...quickStart.matchAll(/^\$ (.+)$/gm)].map((m) => m[1]);
	expect(commands).toEqual([
		"npm ci && npx tailan import samples/ --db tailan.db",
		"npm test",
	]);
});
