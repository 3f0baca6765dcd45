import { expect, it } from "vitest";
import * as api from "../index.ts";

it("should export exactly the public API", () => {
	expect(Object.keys(api).sort()).toEqual([
		"DecisionSchema",
		"DocumentLoadError",
		"DocumentSchema",
		"FlagSchema",
		"MeasureSchema",
		"ReportRecordSchema",
		"documentToRecord",
		"ingest",
		"ingestMarkdown",
		"markdownToDocument",
		"openStore",
		"parserFor",
	]);
});
