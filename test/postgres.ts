/**
 * A throwaway PostgreSQL cluster for tests: initdb into a temporary folder, pg_ctl start on a
 * free local port (TCP on 127.0.0.1 and a unix socket in the folder), fsync off; `stop()` stops
 * the server and removes the folder. Run as root, the server runs as the `postgres` user.
 *
 * Tests that need PostgreSQL call `postgresUnavailable()` first: locally they skip with its
 * reason when the binaries are missing; with TAILAN_TEST_PG=1 (set by .ci/run) a missing
 * PostgreSQL is an error instead, so CI cannot pass by skipping.
 */
import { execFileSync } from "node:child_process";
import {
	chmodSync,
	chownSync,
	existsSync,
	mkdtempSync,
	readdirSync,
	rmSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/** The folder of initdb and pg_ctl: PATH first, then Debian's /usr/lib/postgresql/<n>/bin. */
export function postgresBin(): string | undefined {
	for (const dir of (process.env.PATH ?? "").split(":")) {
		if (
			dir &&
			existsSync(join(dir, "initdb")) &&
			existsSync(join(dir, "pg_ctl"))
		)
			return dir;
	}
	const root = "/usr/lib/postgresql";
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root)
		.filter((v) => /^\d+$/.test(v))
		.sort((a, b) => Number(b) - Number(a));
	for (const v of versions) {
		const dir = join(root, v, "bin");
		if (existsSync(join(dir, "initdb"))) return dir;
	}
	return undefined;
}

/** Why PostgreSQL tests cannot run here (undefined: they can). Throws in CI (TAILAN_TEST_PG=1). */
export function postgresUnavailable(): string | undefined {
	const reason = postgresBin()
		? undefined
		: "PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql/*/bin): `apt-get install -y postgresql` to run these tests";
	if (reason && process.env.TAILAN_TEST_PG === "1")
		throw new Error(`TAILAN_TEST_PG=1 but ${reason}`);
	return reason;
}

export interface TestPostgres {
	/** postgres://… URL of the cluster's `tailan` database. */
	url: string;
	/** postgres://user@host:port, without a database. */
	base: string;
	/** A fresh, empty database on the same cluster; returns its URL. */
	createDatabase(name: string): Promise<string>;
	stop(): void;
}

async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once("error", reject);
		server.listen(0, "127.0.0.1", () => {
			const address = server.address();
			const port = typeof address === "object" && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/**
 * Start a throwaway cluster (initdb + pg_ctl start, a few seconds).
 * @param settings maxConnections: the server's max_connections (default 60)
 */
export async function startPostgres(
	settings: { maxConnections?: number } = {},
): Promise<TestPostgres> {
	const bin = postgresBin();
	if (!bin) throw new Error(postgresUnavailable() ?? "PostgreSQL is missing");
	const dir = mkdtempSync(join(tmpdir(), "tailan-pg-"));
	const data = join(dir, "data");
	const asRoot = process.getuid?.() === 0;
	const run = (tool: string, args: string[]) => {
		const cmd = join(bin, tool);
		if (asRoot)
			return execFileSync("runuser", ["-u", "postgres", "--", cmd, ...args], {
				stdio: "pipe",
				encoding: "utf8",
			});
		return execFileSync(cmd, args, { stdio: "pipe", encoding: "utf8" });
	};
	if (asRoot) {
		const ids = execFileSync("id", ["-u", "postgres"], { encoding: "utf8" });
		const gids = execFileSync("id", ["-g", "postgres"], { encoding: "utf8" });
		chownSync(dir, Number(ids.trim()), Number(gids.trim()));
	}
	chmodSync(dir, 0o700);
	const user = asRoot ? "postgres" : (process.env.USER ?? "postgres");
	run("initdb", [
		"-D",
		data,
		"-U",
		user,
		"--auth=trust",
		"--encoding=UTF8",
		"--locale=C",
		"-N",
	]);
	const port = await freePort();
	const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=${settings.maxConnections ?? 60}`;
	run("pg_ctl", [
		"start",
		"-w",
		"-D",
		data,
		"-l",
		join(dir, "log"),
		"-o",
		options,
	]);
	const base = `postgres://${user}@127.0.0.1:${port}`;
	let stopped = false;
	const stop = () => {
		if (stopped) return;
		stopped = true;
		try {
			run("pg_ctl", ["stop", "-D", data, "-m", "immediate", "-w"]);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	};
	const createDatabase = async (name: string) => {
		if (!/^[a-z_][a-z0-9_]*$/.test(name))
			throw new TypeError(`createDatabase: "${name}" is not a plain name`);
		const client = new pg.Client({ connectionString: `${base}/postgres` });
		await client.connect();
		try {
			await client.query(
				`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`,
			);
		} finally {
			await client.end();
		}
		return `${base}/${name}`;
	};
	let url: string;
	try {
		url = await createDatabase("tailan");
	} catch (error) {
		stop();
		throw error;
	}
	return {
		url,
		base,
		createDatabase,
		stop,
	};
}
