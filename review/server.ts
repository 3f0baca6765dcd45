/**
 * Serve the review app over HTTP (@hono/node-server). Binds 127.0.0.1 unless told otherwise;
 * any other host needs an access token. Mount point for other pages: when review/me.ts exists
 * it must export `createMeApp(context: ReviewContext): Hono`, and its app is served under /me
 * behind the same access, host and CSRF checks.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import type { Lang } from "../messages/index.ts";
import type { Store } from "../store/index.ts";
import { createReviewApp, type ReviewContext, reviewContext } from "./app.ts";

export interface ServeOptions {
	store: Store;
	/** Interface to bind (default "127.0.0.1"). */
	host?: string;
	/** Port (default 0: any free port). */
	port?: number;
	/** Access token; required when host is not a loopback address. */
	token?: string;
	/** Who the corrections are recorded as. */
	who?: string;
	/** Extra sub-apps, path → app (review/me.ts is added under /me when it exists). */
	mounts?: Record<string, Hono>;
	/** The pages' language until a clerk switches (default "mn"; ?lang=en switches). */
	lang?: Lang;
}

export interface RunningServer {
	/** The address to open, with ?token=… when a token is set. */
	url: string;
	port: number;
	close(): Promise<void>;
}

/** Thrown when the options are unsafe (a shared host without a token). */
export class UnsafeHostError extends Error {
	override name = "UnsafeHostError";
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** Characters an access token must hold, spaces not counted. */
export const MIN_TOKEN_CHARS = 16;

/**
 * Why an access token is too weak (fewer than MIN_TOKEN_CHARS characters other than white
 * space: "                " guards nothing), or undefined when it will do.
 */
export function tokenProblem(token: string): string | undefined {
	const solid = token.replace(/\s/gu, "").length;
	if (solid >= MIN_TOKEN_CHARS) return undefined;
	return solid === token.length
		? `the access token has ${solid} characters; it needs at least ${MIN_TOKEN_CHARS}`
		: `the access token has ${solid} characters other than spaces; it needs at least ${MIN_TOKEN_CHARS}`;
}

export function isLoopback(host: string): boolean {
	return LOOPBACK.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Load review/me.ts's sub-app when the file exists (another team's M&E pages). */
export async function optionalMounts(
	context: ReviewContext,
): Promise<Record<string, Hono>> {
	const file = new URL("./me.ts", import.meta.url);
	if (!existsSync(file)) return {};
	// A variable specifier: the module may not exist when this file is type-checked.
	const specifier = file.href;
	const mod = (await import(specifier)) as {
		createMeApp?: (context: ReviewContext) => Hono;
	};
	if (typeof mod.createMeApp !== "function") return {};
	return { "/me": mod.createMeApp(context) };
}

/**
 * Start the review server.
 * @param options store, host (default 127.0.0.1), port (default 0), token, who, mounts
 */
export async function startReviewServer(
	options: ServeOptions,
): Promise<RunningServer> {
	const host = options.host ?? "127.0.0.1";
	const token = options.token === "" ? undefined : options.token;
	if (!isLoopback(host) && token === undefined)
		throw new UnsafeHostError(
			`refusing to serve on ${host} without an access token`,
		);
	const weak = token === undefined ? undefined : tokenProblem(token);
	if (weak !== undefined) throw new UnsafeHostError(weak);
	const csrfToken = randomBytes(32).toString("base64url");
	const context = reviewContext({ ...options, csrfToken });
	const mounts = { ...(await optionalMounts(context)), ...options.mounts };
	const localHosts = ["localhost", "127.0.0.1", "[::1]"];
	if (isLoopback(host) && !localHosts.includes(host)) localHosts.push(host);
	const app = createReviewApp({
		store: options.store,
		csrfToken,
		mounts,
		localHosts,
		...(options.who === undefined ? {} : { who: options.who }),
		...(token === undefined ? {} : { token }),
		...(options.lang === undefined ? {} : { lang: options.lang }),
	});
	return new Promise((resolve, reject) => {
		const server = serve(
			{ fetch: app.fetch, hostname: host, port: options.port ?? 0 },
			(info: AddressInfo) => {
				const shown = host.includes(":") ? `[${host}]` : host;
				const url = `http://${shown}:${info.port}/${token === undefined ? "" : `?token=${encodeURIComponent(token)}`}`;
				resolve({
					url,
					port: info.port,
					close: () =>
						new Promise<void>((done) => {
							server.close(() => done());
							if ("closeAllConnections" in server)
								(
									server as { closeAllConnections: () => void }
								).closeAllConnections();
						}),
				});
			},
		);
		server.on("error", reject);
		// A write may wait for the store's lock (another process importing) and the app answers
		// one request at a time meanwhile: a keep-alive socket the server would close after 5 s
		// idle could close just as a browser reuses it (the request lost as ECONNRESET). Keep
		// idle sockets longer than browsers and proxies do (they close first, cleanly).
		if ("keepAliveTimeout" in server) {
			(server as { keepAliveTimeout: number }).keepAliveTimeout = 65_000;
			(server as { headersTimeout: number }).headersTimeout = 66_000;
		}
	});
}
