/**
 * `tailan review`: serve the review app (review/) on 127.0.0.1, or on another host with a token.
 */

import { spawn } from "node:child_process";
import { userInfo } from "node:os";
import { listClerks, type Store } from "../store/index.ts";
import { isPostgresUrl, redactUrl } from "../store/pg/url.ts";
import { type OptionSpec, parseCommandArgs } from "./args.ts";

export interface CommandDeps {
	out: (text: string) => void;
	err: (text: string) => void;
	usage: (reason: string, fix: string) => Error;
	failure: (subject: string, reason: string, fix: string) => Error;
	open: (db: string) => Store;
	/** Environment (default process.env): TAILAN_TOKEN, TAILAN_WHO. */
	env?: NodeJS.ProcessEnv;
}

export interface ReviewCommandDeps extends CommandDeps {
	/** Stops the server when aborted (default: SIGINT or SIGTERM). */
	signal?: AbortSignal;
	/** Open the address in a browser (default: only on a terminal, with xdg-open/open). */
	openBrowser?: (url: string) => void;
	/** Called once the server listens, with its address (tests). */
	onListening?: (url: string) => void;
}

/** The person corrections are recorded as: --who, TAILAN_WHO or the login name. */
export function defaultWho(env: NodeJS.ProcessEnv = process.env): string {
	if (env.TAILAN_WHO?.trim()) return env.TAILAN_WHO.trim();
	try {
		return userInfo().username || "clerk";
	} catch {
		return "clerk";
	}
}

function parse(
	args: string[],
	_deps: CommandDeps,
	options: OptionSpec,
	command: string,
) {
	return parseCommandArgs(command, args, options) as {
		values: Record<string, string | boolean | undefined>;
		positionals: string[];
	};
}

/** `tailan review [--db FILE] [--host H] [--port N] [--token T] [--who NAME] [--lang mn|en] [--no-open]` */
export async function reviewCommand(
	args: string[],
	deps: ReviewCommandDeps,
): Promise<number> {
	const env = deps.env ?? process.env;
	const { values, positionals } = parse(
		args,
		deps,
		{
			db: { type: "string", default: "tailan.db" },
			host: { type: "string", default: "127.0.0.1" },
			port: { type: "string", default: "8765" },
			token: { type: "string" },
			who: { type: "string" },
			lang: { type: "string", default: "mn" },
			"no-open": { type: "boolean", default: false },
		},
		"review",
	);
	const lang = String(values.lang);
	if (lang !== "mn" && lang !== "en")
		throw deps.usage(
			`--lang must be mn or en, got "${lang}"`,
			"the pages are in Mongolian (mn, the default) or English (en); a clerk switches with the link at the top",
		);
	if (positionals.length > 0)
		throw deps.usage(
			`unexpected argument "${positionals[0]}"`,
			"see `tailan review --help`",
		);
	const host = String(values.host);
	const port = Number(values.port);
	if (!/^\d+$/.test(String(values.port)) || port > 65535)
		throw deps.usage(
			`--port must be a port number (0–65535), got "${values.port}"`,
			"e.g. --port 8765 (0 picks a free port)",
		);
	const token =
		(values.token as string | undefined) ?? (env.TAILAN_TOKEN || undefined);
	const { isLoopback, startReviewServer, tokenProblem } = await import(
		"../review/server.ts"
	);
	if (!isLoopback(host) && token === undefined)
		throw deps.usage(
			`refusing to serve on ${host} without an access token`,
			"pass --token with 16 or more random characters (or set TAILAN_TOKEN), or keep the default --host 127.0.0.1",
		);
	const weak = token === undefined ? undefined : tokenProblem(token);
	if (weak !== undefined)
		throw deps.usage(
			`${weak}${values.token === undefined ? " (TAILAN_TOKEN)" : ""}`,
			"pass --token with 16 or more random characters, e.g. `openssl rand -hex 16`",
		);
	const db = String(values.db);
	const store = deps.open(db);
	const who = (values.who as string | undefined)?.trim() || defaultWho(env);
	let server: Awaited<ReturnType<typeof startReviewServer>>;
	try {
		server = await startReviewServer({
			store,
			host,
			port,
			who,
			lang,
			...(token === undefined ? {} : { token }),
		});
	} catch (error) {
		store.close();
		const code = (error as { code?: string }).code;
		throw deps.failure(
			`${host}:${port}`,
			code === "EADDRINUSE" ? "the port is in use" : (error as Error).message,
			code === "EADDRINUSE"
				? "pass another --port (0 picks a free one)"
				: "check --host and --port",
		);
	}
	const clerks = listClerks(store).filter((c) => !c.disabled).length;
	deps.out(
		`tailan review: ${isPostgresUrl(db) ? redactUrl(db) : db} on ${server.url} (${clerks > 0 ? `${clerks} clerk${clerks === 1 ? "" : "s"} may sign in; each is recorded under their name` : `corrections recorded as ${who}`}) — Ctrl-C to stop\n`,
	);
	deps.onListening?.(server.url);
	if (!values["no-open"]) (deps.openBrowser ?? openInBrowser)(server.url);
	await new Promise<void>((resolve) => {
		if (deps.signal) {
			if (deps.signal.aborted) resolve();
			deps.signal.addEventListener("abort", () => resolve(), { once: true });
			return;
		}
		process.once("SIGINT", () => resolve());
		process.once("SIGTERM", () => resolve());
	});
	await server.close();
	store.close();
	return 0;
}

/** Best effort: open the address in the desktop's browser, only from a terminal. */
function openInBrowser(url: string): void {
	if (!process.stdout.isTTY || process.env.CI) return;
	const command =
		process.platform === "darwin"
			? "open"
			: process.platform === "win32"
				? "explorer"
				: "xdg-open";
	try {
		const child = spawn(command, [url], { stdio: "ignore", detached: true });
		child.on("error", () => {});
		child.unref();
	} catch {
		// No browser to open: the address is printed.
	}
}
