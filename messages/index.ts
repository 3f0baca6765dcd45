/**
 * The message catalogue: every text a user reads in the web apps (and the CLI where it speaks
 * Mongolian), Mongolian first, English available. One entry per message, in the section of its
 * area (review.ts, me.ts, flags.ts, evidence.ts); placeholders are written `{name}` and filled by
 * `t`. Text from documents is never put into the catalogue: it is passed as a variable and the
 * page escapes it like any other value.
 */
import { evidence } from "./evidence.ts";
import { flags } from "./flags.ts";
import { me } from "./me.ts";
import type { Message } from "./message.ts";
import { review } from "./review.ts";

export type { Message };

export type Lang = "mn" | "en";
export const LANGS: readonly Lang[] = ["mn", "en"];
export const DEFAULT_LANG: Lang = "mn";

export const catalogue = { ...review, ...me, ...flags, ...evidence } as const;
export type MessageKey = keyof typeof catalogue;

/** The language named by a query value, a cookie or an Accept-Language header (default mn). */
export function parseLang(value: string | null | undefined): Lang {
	const first = (value ?? "").trim().toLowerCase().slice(0, 2);
	return first === "en" ? "en" : DEFAULT_LANG;
}

/** The message `key` in `lang`, with `{name}` placeholders replaced by `vars[name]`. */
export function t(
	lang: Lang,
	key: MessageKey,
	vars: Record<string, string | number> = {},
): string {
	const message: Message = catalogue[key];
	return message[lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in vars ? String(vars[name]) : whole,
	);
}
