/** The tailan store: the only place with SQL. Re-exports only; see store.ts. */

export {
	addClerk,
	type Clerk,
	type ClerkProgress,
	clerkActive,
	clerkProgress,
	type DecisionConflict,
	type DecisionOutcome,
	decideAsSeen,
	disableClerk,
	flagDecidedBy,
	hasClerks,
	listClerks,
	signInClerk,
} from "./clerks.ts";
export { BUSY_TIMEOUT_MS } from "./connection.ts";
export {
	type DecisionBy,
	type DecisionKind,
	decideFlags,
	decisionsOfFlag,
	type FlagDecision,
	type FlagTrail,
	flagTrails,
	lastDecisionOf,
	newDecisionUnit,
	UndoRefusedError,
	undoLastDecision,
} from "./decisions.ts";
export {
	isDatabaseBusy,
	NotADatabaseError,
	StoreBusyError,
	StoreError,
} from "./errors.ts";
export {
	CORRECTABLE_FIELDS,
	type CorrectableField,
	type FieldValue,
} from "./fields.ts";
export type { AcceptHoldsInput, StoredHold } from "./holds.ts";
export { pageImage, pageImageSizes } from "./images.ts";
export {
	type CompareOptions,
	type CompareRow,
	DEFAULT_LINK_THRESHOLD,
	type HistoryResult,
	type HistoryRow,
	type IndicatorLink,
	type IndicatorListing,
	type Indicators,
	LINK_STATUSES,
	type LinkStatus,
	type NarrativeHit,
	openIndicators,
} from "./indicators.ts";
export {
	type LevelCell,
	type LevelsOptions,
	type LinkingOutcome,
	levelsByYear,
	linkImported,
	type MeFacets,
	meFacets,
	type PendingLink,
	pendingLinks,
	seriesInYear,
} from "./me-queries.ts";
export { loadMigrations, migrate, userVersion } from "./migrate.ts";
export {
	decideQuestion,
	type QuestionFilter,
	type QuestionRow,
	questionCounts,
	questionKeys,
	questionOf,
	questionQueue,
} from "./questions.ts";
export {
	listRenditions,
	type Rendition,
	type RenditionOutcome,
} from "./renditions.ts";
export {
	CROSS_CHECK_KINDS,
	type ItemDetail,
	type MoveInput,
	type QueueCounts,
	type QueueFilter,
	type QueueRow,
	type RecheckOutcome,
	type Reimport,
	type ReplacementOutcome,
	type ReviewStore,
	reviewStore,
	type SourcePiece,
} from "./review.ts";
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
	type StoredDecision,
	type StoredFlag,
	type StoreInfo,
	type StoreOptions,
} from "./store.ts";
