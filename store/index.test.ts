import { expect, it } from "vitest";
import * as store from "./index.ts";

it("should expose only the store's public names", () => {
	expect(Object.keys(store).sort()).toEqual([
		"CORRECTABLE_FIELDS",
		"FLAG_STATUSES",
		"loadMigrations",
		"migrate",
		"openStore",
		"userVersion",
	]);
});
