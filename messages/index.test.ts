import { describe, expect, it } from "vitest";
import { catalogue, type MessageKey, parseLang, t } from "./index.ts";

const placeholders = (text: string) =>
	[...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("message catalogue", () => {
	it("has every message in both languages, Mongolian in Cyrillic, with the same placeholders", () => {
		for (const [key, message] of Object.entries(catalogue)) {
			expect(message.mn.trim(), key).not.toBe("");
			expect(message.en.trim(), key).not.toBe("");
			expect(message.mn, key).toMatch(/[\u0400-\u04FF]/);
			expect(placeholders(message.mn), key).toEqual(placeholders(message.en));
		}
	});

	it("fills placeholders and picks the language", () => {
		const key = Object.keys(catalogue)[0] as MessageKey;
		expect(t("en", key)).toBe(catalogue[key].en);
		expect(t("mn", key)).toBe(catalogue[key].mn);
		expect(parseLang("en-GB,en;q=0.9")).toBe("en");
		expect(parseLang("mn")).toBe("mn");
		expect(parseLang(undefined)).toBe("mn");
		expect(parseLang("fr")).toBe("mn");
	});
});
