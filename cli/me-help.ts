/**
 * The --help texts of the M&E commands (cli/me.ts), merged into cli/help.ts. Kept apart so that
 * `tailan --help` does not load the commands (and exceljs).
 */

export const ME_COMMANDS = [
	"indicators",
	"history",
	"compare",
	"search",
	"links",
] as const;
export type MeCommand = (typeof ME_COMMANDS)[number];

/** The lines of MAIN_HELP's command list. */
export const ME_COMMAND_LINES = `  indicators             list the indicators, each followed across the years
  history <indicator>    an indicator's baseline, targets and level per year
  compare --year Y       departments (or organizations) compared for a year
  search <text>          full-text search of the narratives, with snippets
  links                  propose, confirm and reject links between indicators`;

const FORMAT_LINES = `  --format FORMAT   table (default), json, csv or xlsx (xlsx needs --out; numbers
                    are numbers, percents are formatted as percents; in csv and
                    xlsx a text starting with = + - @, tab or CR gets a ' in front,
                    so that no spreadsheet runs it as a formula)
  --out FILE        write to FILE instead of standard output`;

/**
 * The --help text of each M&E command.
 * @param db the default database name
 * @param exitCodes the common exit-code paragraph
 */
export function meHelp(
	db: string,
	exitCodes: string,
): Record<MeCommand, string> {
	const dbLine = `  --db FILE         the database (default: ./${db})`;
	return {
		indicators: `Usage: tailan indicators [--department TEXT] [--search TEXT] [--format FORMAT] [--out FILE]

List the indicators: one row per series, i.e. one indicator of one department followed
across its reports by the used links (see \`tailan links\`): series id, department, latest
item, first and last year, reports, distinct wordings, canonical key and latest wording.

Options:
  --department TEXT only departments whose name contains TEXT (any case)
  --search TEXT     only indicators whose key or wording contains TEXT
${FORMAT_LINES}
${dbLine}
  -h, --help        show this help

${exitCodes}
`,
		history: `Usage: tailan history <indicator|key> [--from YEAR] [--to YEAR] [--department TEXT]
                      [--format FORMAT] [--out FILE]

How an indicator moved over the years: per year and department, the baseline, the
half-year and full-year targets (with their units), the performance level and what was
achieved (cut to ~100 characters in the table, whole in json, csv and xlsx). The indicator is read as its canonical key (case, punctuation,
suffixes such as тоо/тоогоор and хувь/хувиар folded), so a wording and a key both work;
its series follow the used links to the other wordings. When no indicator has the key,
the closest keys are shown and a note says so.

Options:
  --from YEAR       from this year on
  --to YEAR         up to this year
  --department TEXT only departments whose name contains TEXT (any case)
${FORMAT_LINES}
${dbLine}
  -h, --help        show this help

${exitCodes}
`,
		compare: `Usage: tailan compare --year YEAR [--by department|organization] [--period annual|half-year]
                      [--format FORMAT] [--out FILE]

Compare the plans of a year: per department (or organization), the items, the plan
completion (the mean level over the due items, to 0.1, as the reports compute it), the
count per level (100, 90, 80, 70, 30, 0, not due) and the items below 100. Effective
values: corrections count.

Options:
  --year YEAR       the year (required)
  --by WHAT         department (default) or organization
  --period PERIOD   annual (default) or half-year
${FORMAT_LINES}
${dbLine}
  -h, --help        show this help

${exitCodes}
`,
		search: `Usage: tailan search <text> [--year YEAR] [--department TEXT] [--limit N]
                     [--format FORMAT] [--out FILE]

Full-text search of activities, indicators and narratives (FTS5): every word must occur,
as the start of a word (өргөдөл finds өргөдөлд) or in any inflected form: case endings and
the fleeting vowel are normalised in text and query alike (гомдол finds гомдлыг, ажил finds
ажлын). Ө and Ү are letters, case does not matter. Best matches first, with a snippet,
matches in [brackets].

Options:
  --year YEAR       only reports of this year
  --department TEXT only departments whose name contains TEXT (any case)
  --limit N         at most N hits (default: 20)
${FORMAT_LINES}
${dbLine}
  -h, --help        show this help

${exitCodes}
`,
		links: `Usage: tailan links propose [--threshold T] [--department TEXT]
       tailan links list [--pending] [--status STATUS] [--department TEXT] [--format FORMAT]
       tailan links confirm|reject <id…> [--who NAME] [--reason TEXT]

Links say that two measures of different reports of one department are the same
indicator. \`tailan import\` proposes them for the departments it imported into;
\`propose\` matches each report against the earlier reports of its department
(up to 3 back): a score 0–1 from the indicator wording (typos, suffixes, word order,
abbreviations) and the activity. A link scoring at least the threshold is used; one below
it is only proposed and is never used until a person confirms it. Confirmed and rejected
links are kept when proposing again, and survive re-imports.

Options:
  --threshold T     links scoring at least T are used (default: 0.75)
  --pending         only proposed links below their threshold: the questions
  --status STATUS   proposed, confirmed or rejected
  --who NAME        who decides (default: the user name)
  --reason TEXT     why, kept with the decision
  --department TEXT only departments whose name contains TEXT (any case)
${FORMAT_LINES}
${dbLine}
  -h, --help        show this help

${exitCodes}
`,
	};
}
