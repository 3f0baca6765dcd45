/**
 * The --help texts of the review commands (cli/review.ts, cli/corrections.ts), merged into
 * cli/help.ts, and the extra options of `tailan flags` for the spreadsheet round trip.
 */

export const REVIEW_COMMANDS = ["review", "corrections", "clerks"] as const;
export type ReviewCommand = (typeof REVIEW_COMMANDS)[number];

/** The lines of MAIN_HELP's command list. */
export const REVIEW_COMMAND_LINES = `  review                 open the review app: the queue of flags, one keystroke a decision
  corrections            import corrections from a filled-in flags sheet, or list them
  clerks                 add, list or disable the clerks who sign in to the review app`;

/** Options `tailan flags` takes for the round trip. */
export const FLAGS_SHEET_OPTIONS = `  --format csv|xlsx --out FILE
                    write the flags as a sheet to fill in: new_value (a new value for
                    \`field\`), decision (accept, reject or reopen) and reason; then run
                    \`tailan corrections import FILE\` (csv may go to standard output).
                    A text cell starting with = + - @, a tab or a carriage return is
                    written with a ' in front, so that no spreadsheet runs it as a
                    formula; the import reads it back without the '`;

/**
 * The --help text of each review command.
 * @param db the default database name
 * @param exitCodes the common exit-code paragraph
 */
export function reviewHelp(
	db: string,
	exitCodes: string,
): Record<ReviewCommand, string> {
	return {
		review: `Usage: tailan review [--db FILE] [--port N] [--host HOST] [--token TOKEN] [--who NAME]
                     [--lang mn|en] [--no-open]

Serve the review app and open it in the browser: the queue of open questions grouped
by report (most severe first, then in table order) — flags that ask the same thing
(both sides of a narrative move, one look-alike token in several fields) are one line
and one decision — filters by report, kind and status; each item with its typed
fields, raw text and source span; accept, correct, move a narrative fragment to the
previous or next item, reject. Keys: j/k move, Enter accept, e edit, m move the
fragment, x reject, o open, n next flagged item, u back to the queue. Every change is
a correction (append-only); the cross-checks re-run after each one. The pages are in
Mongolian; the link at the top (or ?lang=en) switches a browser to English, kept in a
cookie. This command line stays in English.

Options:
  --db FILE       the database (default: ./${db})
  --port N        port (default: 8765; 0 picks a free one)
  --host HOST     interface to listen on (default: 127.0.0.1, this machine only); any
                  other host needs --token
  --token TOKEN   access token (16+ characters other than spaces; or the TAILAN_TOKEN
                  variable): the address printed ends in ?token=…, which sets a cookie
  --who NAME      who the corrections are recorded as (default: TAILAN_WHO or the
                  login name); once the database has clerks (\`tailan clerks add\`),
                  each clerk signs in and is recorded under their own name instead
  --lang mn|en    the pages' language until a clerk switches (default: mn)
  --no-open       do not open a browser
  -h, --help      show this help

${exitCodes}
`,
		corrections: `Usage: tailan corrections import FILE [--db FILE] [--who NAME] [--dry-run]
       tailan corrections list [--db FILE] [--report ID]

import  apply a sheet written by \`tailan flags --format csv|xlsx\` and filled in: a row
        with new_value corrects \`field\` of its item (parsed and checked as in the review
        app; a value equal to the current one is skipped); a row with decision accept,
        reject or reopen sets its flag's status. The sheet is read row by row and every
        row is checked first: its flag_id must be a flag of this database, report_id,
        document_sha256 and item those of the flag (a report re-imported since needs a new
        sheet); two rows giving one field different values, or one flag two decisions,
        are refused with both row numbers; a formula typed into a cell is refused. One bad
        row and nothing is applied: the problems are listed as FILE:ROW (the row number a
        spreadsheet shows, the header is row 1; past 1000 they are counted), exit 1.
        An empty, binary, UTF-16 or unreadable file, a sheet without the flags columns,
        or one where no row asks for anything is refused (exit 1) with the reason and
        the fix. A cell starting with a quote that \`tailan flags\` added (see its help)
        is read without it. The cross-checks re-run after each correction.
list    the corrections in the order they were made: id, report, item, field, old and
        new value, who, when and why

Options:
  --db FILE       the database (default: ./${db})
  --who NAME      who the corrections are recorded as (default: TAILAN_WHO or the
                  login name)
  --dry-run       check the sheet, change nothing
  --report ID     list only this report's corrections
  -h, --help      show this help

${exitCodes}
`,
		clerks: `Usage: tailan clerks add NAME [--db FILE]
       tailan clerks list [--db FILE]
       tailan clerks disable NAME [--db FILE]

add      make a clerk and print their token once (32 random bytes; the database keeps
         only its SHA-256, so a lost token is replaced by a new clerk name). Once the
         database has a clerk, \`tailan review\` asks every visitor to sign in with a
         name and token, and records each correction and decision under the signed-in
         clerk's name (--who is then not used). Two clerks on the same flag: the second
         is shown who decided it, nothing is overwritten. /progress shows decisions
         per clerk and open flags per report.
list     the clerks: name, when added, active or disabled
disable  the clerk can no longer sign in (their sessions end); their name stays on
         what they did

Options:
  --db FILE       the database (default: ./${db})
  -h, --help      show this help

${exitCodes}
`,
	};
}
