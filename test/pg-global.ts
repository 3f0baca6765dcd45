/**
 * vitest globalSetup for `TAILAN_TEST_ENGINE=postgres`: one throwaway cluster for the whole run
 * and a template database migrated once; test/pg-setup.ts clones the template for every store a
 * test opens (CREATE DATABASE … TEMPLATE, a fraction of a second). On SQLite it does nothing.
 */
import type { TestProject } from "vitest/node";
import { openStore } from "../store/store.ts";
import { TEMPLATE, TEST_ENGINE } from "./engine.ts";
import { startPostgres } from "./postgres.ts";

declare module "vitest" {
	export interface ProvidedContext {
		/** postgres://user@host:port of the run's cluster ("" on SQLite). */
		tailanPostgres: string;
	}
}

export default async function setup(project: TestProject) {
	project.provide("tailanPostgres", "");
	if (TEST_ENGINE !== "postgres") return;
	const server = await startPostgres({ maxConnections: 400 });
	try {
		const url = await server.createDatabase(TEMPLATE);
		openStore(url).close();
		project.provide("tailanPostgres", server.base);
	} catch (error) {
		server.stop();
		throw error;
	}
	return () => server.stop();
}
