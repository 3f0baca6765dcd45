/**
 * `tailan clerks add|list|disable`: the clerks who sign in to the review app (store/clerks.ts).
 */
import { addClerk, disableClerk, listClerks } from "../store/index.ts";
import { parseCommandArgs } from "./args.ts";
import type { CommandDeps } from "./review.ts";

/** `tailan clerks add NAME | list | disable NAME [--db FILE]` */
export async function clerksCommand(
	args: string[],
	deps: CommandDeps,
): Promise<number> {
	const { values, positionals } = parseCommandArgs("clerks", args, {
		db: { type: "string", default: "tailan.db" },
	});
	const [action, name, ...extra] = positionals;
	const wantsName = action === "add" || action === "disable";
	if (action !== "add" && action !== "list" && action !== "disable")
		throw deps.usage(
			action === undefined
				? "clerks needs add, list or disable"
				: `unknown clerks action "${action}"`,
			"run `tailan clerks add NAME`, `tailan clerks list` or `tailan clerks disable NAME`",
		);
	if (wantsName && name === undefined)
		throw deps.usage(
			`clerks ${action} needs a clerk's name`,
			`run \`tailan clerks ${action} NAME\` (quote a name with spaces)`,
		);
	const unexpected = wantsName ? extra[0] : name;
	if (unexpected !== undefined)
		throw deps.usage(
			`unexpected argument "${unexpected}"`,
			"quote a name with spaces; see `tailan clerks --help`",
		);
	const db = String(values.db);
	const store = deps.open(db);
	try {
		if (action === "list") {
			const clerks = listClerks(store);
			if (clerks.length === 0)
				deps.out(
					"no clerks: the review app records everyone as `tailan review --who`\n",
				);
			for (const c of clerks)
				deps.out(
					`${c.name}\t${c.createdAt}\t${c.disabled ? "disabled" : "active"}\n`,
				);
			return 0;
		}
		try {
			if (action === "disable") {
				disableClerk(store, name as string);
				deps.out(`clerk ${(name as string).trim()} disabled\n`);
				return 0;
			}
			const made = addClerk(store, name as string);
			deps.out(
				`clerk ${made.name} added. Token (shown this once; the database keeps only its hash):\n${made.token}\n`,
			);
			return 0;
		} catch (error) {
			if (!(error instanceof TypeError)) throw error;
			throw deps.failure(
				db,
				error.message.replace(/^clerks\.\w+: /, ""),
				action === "add"
					? "choose another name (see `tailan clerks list`)"
					: "see `tailan clerks list` for the names",
			);
		}
	} finally {
		store.close();
	}
}
