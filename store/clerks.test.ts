import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import { databaseOf } from "./connection.ts";
import {
	addClerk,
	clerkActive,
	clerkProgress,
	decideAsSeen,
	disableClerk,
	hasClerks,
	listClerks,
	openStore,
	signInClerk,
} from "./index.ts";

const SEED = readFileSync(
	new URL("../fixtures/markdown/seed/input.md", import.meta.url),
	"utf8",
);

function seeded() {
	const store = openStore(":memory:");
	store.importResult(ingestMarkdown(SEED, { file: "input.md" }));
	return store;
}

describe("clerks", () => {
	it("should add a clerk whose token signs in, store only its hash, and refuse a taken name", () => {
		const store = openStore(":memory:");
		expect(hasClerks(store)).toBe(false);
		const { name, token } = addClerk(store, "  Болормаа ");
		expect(name).toBe("Болормаа");
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(hasClerks(store)).toBe(true);
		expect(signInClerk(store, "Болормаа", token)).toBe("Болормаа");
		expect(signInClerk(store, "Болормаа", `${token}x`)).toBeUndefined();
		expect(signInClerk(store, "Дорж", token)).toBeUndefined();
		// The database never holds the token itself.
		const rows = databaseOf(store).prepare("SELECT * FROM clerks").all();
		expect(JSON.stringify(rows)).not.toContain(token);
		expect(rows).toMatchObject([
			{ token_sha256: createHash("sha256").update(token).digest("hex") },
		]);
		expect(() => addClerk(store, "Болормаа")).toThrow(/there is a clerk/);
		expect(() => addClerk(store, "")).toThrow(/1 to 64/);
		expect(() => addClerk(store, "a\u0007b")).toThrow(/control/);
		store.close();
	});

	it("should refuse a disabled clerk and list it as disabled", () => {
		const store = openStore(":memory:");
		const a = addClerk(store, "anu");
		addClerk(store, "bat");
		disableClerk(store, "anu");
		expect(signInClerk(store, "anu", a.token)).toBeUndefined();
		expect(clerkActive(store, "anu")).toBe(false);
		expect(clerkActive(store, "bat")).toBe(true);
		expect(listClerks(store).map((c) => [c.name, c.disabled])).toEqual([
			["anu", true],
			["bat", false],
		]);
		expect(() => disableClerk(store, "nobody")).toThrow(/no clerk named/);
		store.close();
	});

	it("should decide a flag only while it has the status the clerk saw, and name who decided it", () => {
		const store = seeded();
		const flag = store.listFlags({ status: "open" })[0];
		if (!flag) throw new Error("the seed has open flags");
		const first = decideAsSeen(store, flag.id, "accepted", "open", {
			who: "anu",
			reason: "checked",
		});
		expect(first.ok).toBe(true);
		const second = decideAsSeen(store, flag.id, "rejected", "open", {
			who: "bat",
			reason: "no",
		});
		expect(second).toMatchObject({
			ok: false,
			conflict: { flagId: flag.id, status: "accepted", by: "anu" },
		});
		expect(store.listFlags().find((f) => f.id === flag.id)?.status).toBe(
			"accepted",
		);
		const progress = clerkProgress(store);
		expect(progress.byClerk.find((c) => c.who === "anu")?.accepted).toBe(
			first.ok ? first.decided.length : -1,
		);
		expect(progress.byClerk.find((c) => c.who === "bat")).toBeUndefined();
		const report = progress.byReport[0];
		expect(report?.open).toBe(store.listFlags({ status: "open" }).length);
		expect(() =>
			decideAsSeen(store, 999_999, "accepted", "open", {
				who: "anu",
				reason: "",
			}),
		).toThrow(/no flag/);
		store.close();
	});
});
