/**
 * The review app's pages for several clerks (store/clerks.ts): sign-in, a decision another
 * clerk made first, progress per clerk and per report. Escaped like review/pages.ts.
 */
import { html } from "hono/html";
import { t } from "../messages/index.ts";
import type { ClerkProgress, DecisionConflict } from "../store/index.ts";
import { layout, type PageContext, statusLabel, T } from "./pages.ts";

/** Name and token → a session (POST /signin). */
export function signInPage(
	ctx: PageContext,
	options: { next: string; name?: string; wrong?: boolean },
) {
	const { lang } = ctx;
	return layout(
		// Nobody is signed in yet: no "signed in as" (it would name the server's --who).
		{ ...ctx, who: "" },
		t(lang, "review.signin.title"),
		"signin",
		html`<h1>${t(lang, "review.signin.title")}</h1>
<p>${T(lang, "review.signin.intro", { command: "tailan clerks add …" }, ["command"])}</p>
${options.wrong ? html`<p class="error" role="alert">${t(lang, "review.signin.wrong")}</p>` : ""}
<form method="post" action="/signin" class="signin">
<input type="hidden" name="_csrf" value="${ctx.csrf}"><input type="hidden" name="next" value="${options.next}">
<label>${t(lang, "review.signin.name")}<input name="name" autocomplete="username" required maxlength="64" value="${options.name ?? ""}" autofocus></label>
<label>${t(lang, "review.signin.token")}<input name="token" type="password" autocomplete="current-password" required maxlength="200"></label>
<button type="submit">${t(lang, "review.signin.submit")}</button>
</form>`,
	);
}

/** The flag changed between the clerk's page and their decision: who decided it, nothing overwritten. */
export function conflictPage(
	ctx: PageContext,
	conflict: DecisionConflict,
	next: string,
) {
	const { lang } = ctx;
	return layout(
		ctx,
		t(lang, "review.conflict.title"),
		"conflict",
		html`<h1>${t(lang, "review.conflict.title")}</h1>
<p class="conflict" role="alert">${T(
			lang,
			"review.conflict.body",
			{
				flag: conflict.flagId,
				seen: statusLabel(lang, conflict.seen),
				status: statusLabel(lang, conflict.status),
				by: conflict.by ?? t(lang, "review.conflict.someone"),
				at: conflict.at ?? "–",
			},
			conflict.by === null ? ["at"] : ["by", "at"],
		)}</p>
<p><a href="${next}">${t(lang, "review.conflict.back")}</a></p>`,
	);
}

/** Decisions per clerk, open flags per report. */
export function progressPage(ctx: PageContext, progress: ClerkProgress) {
	const { lang } = ctx;
	return layout(
		ctx,
		t(lang, "review.progress.title"),
		"progress",
		html`<h1>${t(lang, "review.progress.title")}</h1>
<h2>${t(lang, "review.progress.byClerk")}</h2>
${
	progress.byClerk.length === 0
		? html`<p>${t(lang, "review.progress.none")}</p>`
		: html`<table class="progress" id="by-clerk"><thead><tr><th>${t(lang, "review.progress.clerk")}</th><th class="n">${t(lang, "review.progress.accepted")}</th><th class="n">${t(lang, "review.progress.rejected")}</th><th class="n">${t(lang, "review.progress.reopened")}</th><th class="n">${t(lang, "review.progress.corrections")}</th></tr></thead><tbody>${progress.byClerk.map(
				(c) =>
					html`<tr><td translate="no">${c.who}</td><td class="n">${c.accepted}</td><td class="n">${c.rejected}</td><td class="n">${c.reopened}</td><td class="n">${c.corrections}</td></tr>`,
			)}</tbody></table>`
}
<h2>${t(lang, "review.progress.byReport")}</h2>
<table class="progress" id="by-report"><thead><tr><th>${t(lang, "review.progress.report")}</th><th class="n">${t(lang, "review.progress.open")}</th><th class="n">${t(lang, "review.progress.decided")}</th><th class="n">${t(lang, "review.progress.total")}</th></tr></thead><tbody>${progress.byReport.map(
			(r) =>
				html`<tr><td><a href="/?report=${r.reportId}" translate="no">${r.reportId} · ${r.label}</a></td><td class="n">${r.open}</td><td class="n">${r.decided}</td><td class="n">${r.total}</td></tr>`,
		)}</tbody></table>`,
	);
}
