import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { openStore, signInClerk } from "../store/index.ts";
import { main } from "./main.ts";

const dirs: string[] = [];
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function run(argv: string[]) {
	let out = "";
	let err = "";
	const code = await main(argv, {
		stdout: (t) => {
			out += t;
		},
		stderr: (t) => {
			err += t;
		},
	});
	return { code, out, err };
}

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
	const token = added.out.trim().split("\n").at(-1) ?? "";
	expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
	const store = openStore(db);
	expect(signInClerk(store, "Сарангэрэл", token)).toBe("Сарангэрэл");
	store.close();

	const listed = await run(["clerks", "list", "--db", db]);
	expect(listed.out).toMatch(/^Сарангэрэл\t\S+\tactive\n$/);
	expect(listed.out).not.toContain(token);

	const again = await run(["clerks", "add", "Сарангэрэл", "--db", db]);
	expect(again.code).toBe(1);
	expect(again.err).toContain("there is a clerk named Сарангэрэл");

	expect(
		(await run(["clerks", "disable", "Сарангэрэл", "--db", db])).code,
	).toBe(0);
	expect((await run(["clerks", "list", "--db", db])).out).toContain(
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
	expect(none.err).toContain("clerks needs add, list or disable");
	const noName = await run(["clerks", "add", "--db", db]);
	expect(noName.code).toBe(2);
	expect(noName.err).toContain("needs a clerk's name");
	const unknown = await run(["clerks", "disable", "nobody", "--db", db]);
	expect(unknown.code).toBe(1);
	expect(unknown.err).toContain("no clerk named nobody");
	const help = await run(["clerks", "--help"]);
	expect(help.out).toContain("tailan clerks add NAME");
});
