import { describe, expect, it } from "vitest";
import * as normalizers from "./index.ts";

describe("normalizers public API", () => {
	it("should export exactly these names", () => {
		expect(Object.keys(normalizers).sort()).toEqual(
			[
				"DEFAULT_NUMBER_STYLE",
				"LEVEL_LABELS",
				"MIN_ROLE_SCORE",
				"NOT_DUE_LABEL",
				"STEM_LENGTH",
				"STOP_WORDS",
				"TITLE_ABBREVIATIONS",
				"TITLE_WORDS",
				"collapseWhitespace",
				"danglingEnd",
				"endsDangling",
				"findDates",
				"firstLetter",
				"foldLookalikes",
				"formatNumber",
				"fundingSourceKind",
				"indicatorUnit",
				"lowerMn",
				"parseBudget",
				"parseLevel",
				"parseMongolianDate",
				"parseNumber",
				"parseQuantity",
				"searchStem",
				"searchStems",
				"roleForHeader",
				"similarity",
				"stem",
				"stems",
				"startsLowercase",
				"words",
			].sort(),
		);
	});
});
