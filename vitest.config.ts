import { defineConfig } from "vitest/config";

// TAILAN_TEST_ENGINE=postgres runs the suite on PostgreSQL: one throwaway cluster for the run
// (globalSetup) and a fresh database for every store a test opens (setupFiles).
const postgres = process.env.TAILAN_TEST_ENGINE === "postgres";

export default defineConfig({
	test: {
		include: ["**/*.test.ts"],
		exclude: ["node_modules/**"],
		testTimeout: 60_000,
		// A store's setup (imports in beforeAll) takes longer on PostgreSQL, one statement at a time.
		...(postgres ? { hookTimeout: 60_000 } : {}),
		globalSetup: ["test/pg-global.ts"],
		setupFiles: postgres ? ["test/pg-setup.ts"] : [],
	},
});
