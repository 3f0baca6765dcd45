/**
 * The --help texts. README's CLI reference is generated from these (scripts/gen-readme-cli.ts)
 * and test/readme.test.ts keeps the two in step.
 */

import { WALKED_EXTENSIONS } from "../batch/files.ts";
import { ME_COMMAND_LINES, ME_COMMANDS, meHelp } from "./me-help.ts";
import { PG_COMMAND_LINES, PG_COMMANDS, PG_NOTE, pgHelp } from "./pg-help.ts";
import {
	FLAGS_SHEET_OPTIONS,
	REVIEW_COMMAND_LINES,
	REVIEW_COMMANDS,
	reviewHelp,
} from "./review-help.ts";

export const COMMANDS = [
	"import",
	"export",
	"reports",
	"flags",
	...ME_COMMANDS,
	...REVIEW_COMMANDS,
	...PG_COMMANDS,
] as const;
export type Command = (typeof COMMANDS)[number];

export const DEFAULT_DB = "tailan.db";

const EXIT_CODES = `Exit codes:
  0  success
  1  failure: some files could not be imported, or the database could not be read
  2  usage error: unknown command or option, missing or invalid argument`;

export const MAIN_HELP = `tailan: Mongolian government performance reports → typed indicator records in SQLite

Usage: tailan <command> [options]

Commands:
  import <dirs|files…>   read reports and store them in the database
  export                 write the stored reports as JSON or CSV
  reports                list the stored reports
  flags                  list the review flags of the stored reports
${ME_COMMAND_LINES}
${REVIEW_COMMAND_LINES}
${PG_COMMAND_LINES}

Options:
  -h, --help             show this help; \`tailan <command> --help\` shows a command's
  -v, --version          print the version

Every command takes --db FILE (default: ./${DEFAULT_DB}). Errors are one line:
  error <file>: <reason> — <fix>

${PG_NOTE}

${EXIT_CODES}
`;

export const COMMAND_HELP: Record<Command, string> = {
	...meHelp(DEFAULT_DB, EXIT_CODES),
	...reviewHelp(DEFAULT_DB, EXIT_CODES),
	...pgHelp(EXIT_CODES),
	import: `Usage: tailan import <dirs|files|globs…> [--db FILE] [--jobs N] [--report FILE]
                     [--retry-failed] [--timeout SECONDS] [--one-report | --each-file]
       tailan import FILE --columns ROLES [--who NAME] [--db FILE]
       tailan import <dirs|files|globs…> --db postgres://… [--queue]

Read each report and store it in the database, one transaction per report: a report is
stored whole or not at all, even when the import is killed. Directories are walked
recursively for ${WALKED_EXTENSIONS.join(", ")} files (symlinked folders are followed, loops
reported); globs such as 'reports/**/*.md' are expanded. The format is read from the
content, not the name. Files are parsed in worker threads and written by one connection.
Lock and temporary files (~$x.docx, .~lock.x#, ~x.tmp) are counted and never read; other
formats (.doc, .xlsx, .odt, …) and hidden folders and files are not read and are named in
the summary with what to do (a .doc: save it as .docx).

A file whose bytes were imported before is a duplicate and is not stored again, so running
the same command again after a crash or Ctrl-C skips what is stored and retries the rest.
A file with the organization, department, year and period of a stored report and the same
content (the same report saved as .pdf, .docx, .md: whitespace, look-alike letters and
number spellings aside) is a rendition of that report: recorded with it, the report is
unchanged. With other content it is a new version: it becomes the report's current
version, its corrections are re-applied, and the earlier version is kept whole
(report_versions). A file that fails is reported with its reason and skipped; the others
are still imported. A file whose bytes failed to parse before fails again at once, with
its reason, without being parsed (until its bytes change, or --retry-failed). Every
attempt is logged in the database (import_runs, import_attempts).

A report scanned one file per page is one report. Image files (PNG, JPEG, TIFF) in one
folder whose names are the same but for a page number — their last number, 0–999:
page-01.jpg, page-02.jpg, … — are read together as one report in page order, when each
holds one page (a TIFF of several pages is a report of its own); it is shown as
folder/page-{01–17}.jpg. Page numbers with a gap (page-03 missing) or not starting at 1
hold the report (pages-missing), as an end or items missing do. --one-report takes every
image file given as the pages of one report, in the order given (a folder's by page
number); --each-file reads each file on its own. One page of such a report imported alone
is refused, naming its page and how to import it with the others (with --one-report it
is read as the report, and held while items or pages are missing).

Scans are read by offline OCR: the bundled tesseract.js. TAILAN_OCR=native has Debian's
Tesseract read instead (faster, the same models; a few confidences, so a few flags, differ):
its library in-process (libtesseract5) every cell, else the tesseract program (4 or later)
the text cells; TAILAN_OCR=auto uses it where it is installed.

Then the imported reports' indicators are linked to the earlier reports of their
departments, so \`tailan history\` follows them across years at once: links the linker is
sure of are used (evidence kept), the others wait for a person (\`tailan links --help\`).

A report whose plan-table columns could not be mapped with confidence is held
(columns-unconfirmed). \`tailan reports columns ID\` shows the proposed mapping; import the
file again with --columns, one role per column in that order, to reassign them: the file is
read with your roles (no hold; content that contradicts a role is still flagged), even when
its bytes are stored already, and becomes a new version of its report (corrections
re-applied). Your roles are kept as the report's column-map decision, with --who and the
time. A later file of the report is mapped afresh.

With a PostgreSQL --db (postgres://…) the import is the same (each report saved whole in
one transaction, the run logged in import_runs). With --queue the files go to the queue
for \`tailan worker\` on any machine (docs/central.md).

Options:
  --db FILE           the database, created when missing (default: ./${DEFAULT_DB})
  -j, --jobs N        worker threads for parsing (default: the number of cores)
  --report FILE       also write the summary and every file's outcome as JSON
  --retry-failed      parse again files whose bytes failed before, and also retry the
                      files whose last import failed (no paths needed)
  --timeout SECONDS   give up on a file whose parsing takes longer (default: 60); for a
                      scan, on a page: the limit starts again at each page read
  --one-report        every image file given is a page of one report, in order
  --each-file         read each file as its own report (no page files grouped)
  --columns ROLES     the plan table's column roles, comma-separated, one per column
                      (one file only): item, activity, budget, indicator, baseline,
                      targetHalfYear, targetFullYear, achievement, performance,
                      responsible, deadline, notes, or ignore; each role once (ignore
                      may repeat); item, activity and performance are required
  --who NAME          with --columns: the person assigning them (default: TAILAN_WHO
                      or the user running tailan)
  --queue             with a PostgreSQL --db: put the files (their bytes) in the
                      database's import queue and return; \`tailan worker\` imports them
  -h, --help          show this help

Output: on a terminal, a progress bar (files done, rate, ETA, each worker's file with
the pages read so far of a scan) on stderr; otherwise one line per file:
  imported <file> → report <id> (<n> measures, <k> flags)[, a new version: replaces document <d>]
      [, re-derived with the columns given: a new version of the report]
      [; held: <kinds> — …]  (stored but left out of the queries until accepted: \`tailan reports\`)
  rendition <file> → rendition of report <id> (the same <n> measures as document <d>; …)
  duplicate <file> (already report <id>)
  error <file>: <reason> — <fix>                (on stderr)
then, for more than one file, a summary: files imported, renditions, duplicates skipped,
failed (with reasons; those that failed before and were not parsed again are counted),
flags raised, and the files not read (lock files counted, the others named).

Exit codes:
  0    every file was imported, a rendition or a duplicate (files not read do not count)
  1    some files failed, now or before (see their error lines), or the database could
       not be opened
  2    usage error: no files given, unknown option, bad --jobs, --timeout or --columns
       (an unknown role, a role given twice, a required role missing, several files),
       --one-report with files other than images
  130  interrupted (Ctrl-C): files in progress were finished, the rest not started
`,
	export: `Usage: tailan export --format json|csv [--db FILE] [--out FILE] [--report ID] [--include-held]

Write the stored reports with their effective values: the latest correction of a field
over the value extracted from the document. Held reports (cut short, an item number that
cannot be told apart, …: see \`tailan reports\`) are left out until a person accepts them.
  json  the export contract (DESIGN.md §4): one object when there is exactly one
        report, a list when there are several
  csv   one row per measure: the report's columns, then the measure's fields
        flattened (budget.raw, baseline.value, targetFullYear.unit, …); a text cell
        starting with = + - @, a tab or a carriage return gets a ' in front, so that
        no spreadsheet runs it as a formula (numbers stay numbers, -5 included)

Options:
  --format json|csv   output format (required)
  --out FILE          write to FILE instead of standard output
  --report ID         only the report with this id (see \`tailan reports\`)
  --include-held      held reports too, marked: json adds "held" and "holds" to each
                      report, csv a last column "held" with the kinds of its holds
  --db FILE           the database (default: ./${DEFAULT_DB})
  -h, --help          show this help

${EXIT_CODES}
`,
	reports: `Usage: tailan reports [--db FILE]
       tailan reports accept ID --reason TEXT [--who NAME] [--kind KIND] [--db FILE]
       tailan reports columns ID [--db FILE]

List the stored reports: id, year, department, period, number of measures, number of
open review flags and state: "ok", "held: KINDS" or "accepted".

A held report is stored whole but left out of compare, history, indicators, search and
export until a person accepts it: the file looks cut short (table-cut, end-missing,
incomplete-items, items-missing), an item number is printed twice and cannot be told apart
(item-identity), a scan read too poorly to count (scan-unreliable: 30% or more of its
table's fields flagged), … Each hold is an error flag at the top of the review queue.
\`reports accept\` records who accepted it, when and why (kept, never changed); a new
version of the report with the same evidence stays accepted.

\`reports columns\` shows a report's plan-table columns as read: per column the header text,
the proposed role, the header's score, where the role came from (header or content)
and whether the content supports it, then the command that reassigns them
(\`tailan import FILE --columns …\`) and the one that accepts them as proposed. For a
report whose columns are not held it prints the column-map decision.

Options:
  --reason TEXT  accept: why the report may be counted as it is (required)
  --who NAME     accept: the person accepting (default: the user running tailan)
  --kind KIND    accept: only the holds of this kind (default: all)
  --db FILE      the database (default: ./${DEFAULT_DB})
  -h, --help     show this help

${EXIT_CODES}
`,
	flags: `Usage: tailan flags [--db FILE] [--report ID] [--status STATUS] [--lang en|mn]
                   [--format csv|xlsx --out FILE]

List review flags, things a clerk should check: report, kind, severity, item, field
and message. Any status but open adds the flag's status and who decided it, when and
why (its last accept, reject, reopen or undo; for a flag an edit or a move closed, that
correction). The command line speaks English; --lang mn writes the messages in
Mongolian, as the review app shows them.

Options:
  --report ID       only the flags of this report (see \`tailan reports\`)
  --status STATUS   open (default), accepted, corrected, rejected or all
  --lang en|mn      the language of the listing's message column (default: en, the
                    message stored with the flag; the sheet keeps that one)
${FLAGS_SHEET_OPTIONS}
  --db FILE         the database (default: ./${DEFAULT_DB})
  -h, --help        show this help

${EXIT_CODES}
`,
};
