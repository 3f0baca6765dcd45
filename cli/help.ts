/**
 * The --help texts. README's CLI reference is generated from these (scripts/gen-readme-cli.ts)
 * and test/readme.test.ts keeps the two in step.
 */

export const COMMANDS = ["import", "export", "reports", "flags"] as const;
export type Command = (typeof COMMANDS)[number];

export const DEFAULT_DB = "tailan.db";

const EXIT_CODES = `Exit codes:
  0  success
  1  failure: some files could not be imported, or the database could not be read
  2  usage error: unknown command or option, missing or invalid argument`;

export const MAIN_HELP = `tailan: Mongolian government performance reports → typed indicator records in SQLite

Usage: tailan <command> [options]

Commands:
  import <files|dirs…>   read reports and store them in the database
  export                 write the stored reports as JSON or CSV
  reports                list the stored reports
  flags                  list the review flags of the stored reports

Options:
  -h, --help             show this help; \`tailan <command> --help\` shows a command's
  -v, --version          print the version

Every command takes --db FILE (default: ./${DEFAULT_DB}). Errors are one line:
  error <file>: <reason> — <fix>

${EXIT_CODES}
`;

export const COMMAND_HELP: Record<Command, string> = {
	import: `Usage: tailan import <files|dirs…> [--db FILE]

Read each report and store it in the database, one transaction per report. Directories
are walked recursively for .md, .markdown and .txt files. A file whose bytes were imported
before is a duplicate and is not stored again. A file that fails is reported and skipped;
the others are still imported.

Options:
  --db FILE     the database, created when missing (default: ./${DEFAULT_DB})
  -h, --help    show this help

Output, one line per file:
  imported <file> → report <id> (<n> measures, <k> flags)
  duplicate <file> (already report <id>)
  error <file>: <reason> — <fix>

Exit codes:
  0  every file was imported or was a duplicate
  1  some files failed (see their error lines), or the database could not be opened
  2  usage error: no files given, unknown option
`,
	export: `Usage: tailan export --format json|csv [--db FILE] [--out FILE] [--report ID]

Write the stored reports with their effective values: the latest correction of a field
over the value extracted from the document.
  json  the export contract (DESIGN.md §4): one object when there is exactly one
        report, a list when there are several
  csv   one row per measure: the report's columns, then the measure's fields
        flattened (budget.raw, baseline.value, targetFullYear.unit, …)

Options:
  --format json|csv   output format (required)
  --out FILE          write to FILE instead of standard output
  --report ID         only the report with this id (see \`tailan reports\`)
  --db FILE           the database (default: ./${DEFAULT_DB})
  -h, --help          show this help

${EXIT_CODES}
`,
	reports: `Usage: tailan reports [--db FILE]

List the stored reports: id, year, department, period, number of measures and number
of open review flags.

Options:
  --db FILE     the database (default: ./${DEFAULT_DB})
  -h, --help    show this help

${EXIT_CODES}
`,
	flags: `Usage: tailan flags [--db FILE] [--report ID] [--status STATUS]

List review flags, things a clerk should check: report, kind, severity, item, field
and message.

Options:
  --report ID       only the flags of this report (see \`tailan reports\`)
  --status STATUS   open (default), accepted, corrected, rejected or all
  --db FILE         the database (default: ./${DEFAULT_DB})
  -h, --help        show this help

${EXIT_CODES}
`,
};
