import { expect, it } from "vitest";
import * as store from "./index.ts";

it("should expose only the store's public names", () => {
	expect(Object.keys(store).sort()).toEqual([
		"BUSY_TIMEOUT_MS",
		"CORRECTABLE_FIELDS",
		"CROSS_CHECK_KINDS",
		"DEFAULT_LINK_THRESHOLD",
		"FLAG_STATUSES",
		"LINK_STATUSES",
		"NotADatabaseError",
		"StoreBusyError",
		"StoreError",
		"decideQuestion",
		"isDatabaseBusy",
		"levelsByYear",
		"linkImported",
		"listRenditions",
		"loadMigrations",
		"meFacets",
		"migrate",
		"openIndicators",
		"openStore",
		"pageImage",
		"pageImageSizes",
		"pendingLinks",
		"questionCounts",
		"questionKeys",
		"questionOf",
		"questionQueue",
		"reviewStore",
		"seriesInYear",
		"userVersion",
	]);
});
