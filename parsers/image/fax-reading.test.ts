import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Role } from "../../pipeline/stitch/columns.ts";
import { pointOnlyDropped, rolesWithPrevious } from "./index.ts";

const seed = Number(process.env.PROPERTY_SEED ?? 20261207);
const PLAN: Role[] = [
	"item",
	"activity",
	"budget",
	"indicator",
	"baseline",
	"targetHalfYear",
	"targetFullYear",
	"achievement",
	"performance",
];

describe("rolesWithPrevious", () => {
	it('names a column the header left unnamed (our fax v2\'s "№" read "Ng") from the previous page', () => {
		const read = [undefined, ...PLAN.slice(1)];
		expect(rolesWithPrevious(read, PLAN)).toEqual(PLAN);
	});

	it("keeps a header that names a column otherwise, or a previous page of other columns", () => {
		const other = [
			undefined,
			...PLAN.slice(1, 3),
			"baseline",
			...PLAN.slice(4),
		];
		expect(rolesWithPrevious(other as Role[], PLAN)).toEqual(other);
		const read = [undefined, ...PLAN.slice(1)];
		expect(rolesWithPrevious(read, PLAN.slice(1))).toEqual(read);
		expect(rolesWithPrevious(read, undefined)).toEqual(read);
	});

	it("only ever fills unnamed columns, and only from a header that agrees (property)", () => {
		fc.assert(
			fc.property(
				fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }),
				fc.integer({ min: -1, max: 8 }),
				(unnamed, changed) => {
					const read = PLAN.map((r, i) => (unnamed[i] ? undefined : r));
					const previous = [...PLAN];
					if (changed >= 0) previous[changed] = "achievement";
					const out = rolesWithPrevious(read, previous);
					const agrees = read.every(
						(r, i) => r === undefined || r === previous[i],
					);
					out.forEach((r, i) => {
						if (read[i] !== undefined) expect(r).toBe(read[i]);
						else expect(r).toBe(agrees ? previous[i] : undefined);
					});
				},
			),
			{ seed, numRuns: 200 },
		);
	});
});

describe("pointOnlyDropped", () => {
	const repaired = (raw: string, text: string) => ({
		text,
		raw,
		repairs: [
			{
				from: raw,
				to: text,
				reason: "item number: the point between the digits is in the pixels",
			},
		],
	});

	it("takes a second reading without the pixels' point for the engine's same miss", () => {
		expect(pointOnlyDropped(repaired("45", "4.5"), "45")).toBe(true);
		expect(pointOnlyDropped(repaired("112", "11.2"), "112")).toBe(true);
	});

	it("lets a second reading that differs otherwise, or a point not from the pixels, stand as a witness", () => {
		expect(pointOnlyDropped(repaired("45", "4.5"), "46")).toBe(false);
		expect(pointOnlyDropped(repaired("45", "4.5"), "4.5")).toBe(false);
		expect(pointOnlyDropped({ text: "4.5" }, "45")).toBe(false);
		expect(
			pointOnlyDropped(
				{
					text: "4.5",
					raw: "45",
					repairs: [{ from: "45", to: "4.5", reason: "another" }],
				},
				"45",
			),
		).toBe(false);
	});
});
