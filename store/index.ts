/** The tailan store: the only place with SQL. Re-exports only; see store.ts. */
export {
	CORRECTABLE_FIELDS,
	type CorrectableField,
	type FieldValue,
} from "./fields.ts";
export { loadMigrations, migrate, userVersion } from "./migrate.ts";
export {
	type CorrectionInput,
	FLAG_STATUSES,
	type FlagStatus,
	type ImportOutcome,
	openStore,
	type ReportListing,
	type SearchHit,
	type Store,
	type StoredCorrection,
	type StoredFlag,
	type StoreInfo,
	type StoreOptions,
} from "./store.ts";
