/** Command-line parsing shared by every command: strict node:util parseArgs, usage errors. */
import { parseArgs } from "node:util";

/** A mistake in the command line itself: exit code 2. */
export class UsageError extends Error {
	constructor(
		readonly reason: string,
		readonly fix: string,
	) {
		super(reason);
	}
}

export type OptionSpec = NonNullable<
	Parameters<typeof parseArgs>[0]
>["options"];

/**
 * node:util parseArgs, strict, with its errors turned into usage errors naming the command.
 * @param command - the command name, for the fix ("see `tailan <command> --help`")
 * @param args - the arguments after the command
 * @param options - the option spec
 * @param positionals - whether positional arguments are allowed (default true)
 */
export function parseCommandArgs<T extends OptionSpec>(
	command: string,
	args: string[],
	options: T,
	positionals = true,
) {
	try {
		return parseArgs({
			args,
			options,
			allowPositionals: positionals,
			strict: true,
		});
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		throw new UsageError(
			message.replace(/\. To specify a positional argument.*$/, ""),
			`see \`tailan ${command} --help\``,
		);
	}
}
