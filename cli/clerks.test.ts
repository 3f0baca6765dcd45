import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { openStore, signInClerk } from "../store/index.ts";
import { runCli } from "../test/cli.ts";

const dirs: string[] = [];
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const run = (argv: string[]) => runCli(argv);

function freshDb(): string {
	const dir = mkdtempSync(join(tmpdir(), "tailan-clerks-"));
	dirs.push(dir);
	const db = join(dir, "t.db");
	openStore(db).close();
	return db;
}

it("should add a clerk printing a token that signs in, list and disable it", async () => {
	const db = freshDb();
	const added = await run(["clerks", "add", "Сарангэрэл", "--db", db]);
	expect(added.code).toBe(0);
	const token = added.stdout.trim().split("\n").at(-1) ?? "";
	expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
	const store = openStore(db);
	expect(signInClerk(store, "Сарангэрэл", token)).toBe("Сарангэрэл");
	store.close();

	const listed = await run(["clerks", "list", "--db", db]);
	expect(listed.stdout).toMatch(/^Сарангэрэл\t\S+\tactive\n$/);
	expect(listed.stdout).not.toContain(token);

	const again = await run(["clerks", "add", "Сарангэрэл", "--db", db]);
	expect(again.code).toBe(1);
	expect(again.stderr).toContain("there is a clerk named Сарангэрэл");

	expect(
		(await run(["clerks", "disable", "Сарангэрэл", "--db", db])).code,
	).toBe(0);
	expect((await run(["clerks", "list", "--db", db])).stdout).toContain(
		"\tdisabled",
	);
	const reopened = openStore(db);
	expect(signInClerk(reopened, "Сарангэрэл", token)).toBeUndefined();
	reopened.close();
});

it("should refuse a missing action, a missing name and an unknown clerk, with the fix", async () => {
	const db = freshDb();
	const none = await run(["clerks", "--db", db]);
	expect(none.code).toBe(2);
	expect(none.stderr).toContain("clerks needs add, list or disable");
	const noName = await run(["clerks", "add", "--db", db]);
	expect(noName.code).toBe(2);
	expect(noName.stderr).toContain("needs a clerk's name");
	const unknown = await run(["clerks", "disable", "nobody", "--db", db]);
	expect(unknown.code).toBe(1);
	expect(unknown.stderr).toContain("no clerk named nobody");
	const help = await run(["clerks", "--help"]);
	expect(help.stdout).toContain("tailan clerks add NAME");
});
