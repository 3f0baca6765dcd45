/** tailan's public API: re-exports only (a test pins the names). */
export { parserFor } from "./parsers/index.ts";
export { markdownToDocument } from "./parsers/markdown/index.ts";
export {
	DocumentLoadError,
	DocumentSchema,
	type TailanDocument,
} from "./pipeline/document.ts";
export {
	documentToRecord,
	type IngestOptions,
	type IngestResult,
	ingest,
	ingestMarkdown,
} from "./pipeline/ingest.ts";
export {
	type Decision,
	DecisionSchema,
	type Flag,
	FlagSchema,
	type Measure,
	MeasureSchema,
	type ReportRecord,
	ReportRecordSchema,
} from "./pipeline/records.ts";
export type {
	AssignedRole,
	ColumnAssignment,
} from "./pipeline/stitch/columns.ts";
export { openStore, type Store } from "./store/index.ts";
