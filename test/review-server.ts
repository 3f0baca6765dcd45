/**
 * The review app on a store given by its location (a SQLite file or a postgres:// URL), in a
 * process of its own: for the clerk load test on an engine `tailan review` does not open yet
 * (test/clerks-load.ts, `via: "store"`). It serves on 127.0.0.1 (a free port), prints
 * "review app on http://127.0.0.1:PORT/", and stops on SIGTERM.
 *
 *   node --import tsx test/review-server.ts DB
 */
import { startReviewServer } from "../review/server.ts";
import { openStore } from "../store/index.ts";

const db = process.argv[2];
if (!db) throw new Error("usage: test/review-server.ts DB");
const store = openStore(db);
const server = await startReviewServer({ store, port: 0 });
process.stdout.write(`review app on ${server.url}\n`);
process.once("SIGTERM", () => {
	void server.close().then(() => {
		store.close();
		process.exit(0);
	});
});
