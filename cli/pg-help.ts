/**
 * The --help text of `tailan worker` and the PostgreSQL notes of MAIN_HELP, merged into
 * cli/help.ts (docs/central.md is the long form).
 */

export const PG_COMMANDS = ["worker"] as const;
export type PgCommand = (typeof PG_COMMANDS)[number];

/** The lines of MAIN_HELP's command list. */
export const PG_COMMAND_LINES = `  worker                 import the files queued in PostgreSQL (tailan import --queue)`;

/** MAIN_HELP's note on the engines. */
export const PG_NOTE = `--db may also be a PostgreSQL URL (postgres://user:password@host:5432/db) for every
command and the review app; TAILAN_DB is the --db of a command given none.`;

/** The --help text of each PostgreSQL command. */
export function pgHelp(exitCodes: string): Record<PgCommand, string> {
	return {
		worker: `Usage: tailan worker --db postgres://… [--exit-when-empty] [--lease SECONDS]
                     [--max-attempts N] [--poll SECONDS] [--timeout SECONDS]

Import the files queued by \`tailan import FILES --queue --db postgres://…\`, one at a time,
until stopped (Ctrl-C or SIGTERM finish the current file first). Run any number of workers
on any number of machines against one database: each file is claimed by one worker
(SELECT … FOR UPDATE SKIP LOCKED), parsed (in a thread of its own, with the time and memory
limits of \`tailan import\`), then its report is saved and the file marked done in one
transaction, so a report is stored once and whole. A worker keeps its claim alive while it
works (a lease renewed every third of --lease); when a worker is killed, nothing
of its file is stored and another worker takes the file once the lease has run out. A file
whose worker stopped --max-attempts times, or that cannot be read, is marked failed with
its reason and fix. Output: one line per file, as \`tailan import\`, then the queue's counts.

Options:
  --db URL            the PostgreSQL database (or TAILAN_DB)
  --exit-when-empty   stop when no file is queued or being imported (default: wait for more)
  --lease SECONDS     how long a claim lasts without a heartbeat (default: 60)
  --max-attempts N    claims of one file before it fails (default: 5)
  --poll SECONDS      how often an idle worker looks for files (default: 2)
  --timeout SECONDS   give up on a file whose parsing takes longer (default: 60); for a
                      scan, on a page: the limit starts again at each page read
  -h, --help          show this help

${exitCodes}
`,
	};
}
