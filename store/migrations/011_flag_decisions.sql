-- 011_flag_decisions.sql: a trail for every decision on a review flag (issue 16). Depends on
-- 001_init.sql (reports, flags).
--
-- One row per flag whose status a person changed: accept, reject, reopen, or the undo of an
-- earlier decision. Append-only like corrections (the triggers refuse UPDATE and DELETE): a
-- decision is never edited, an undo is a new row that puts the status back. `unit` names one
-- decision as the clerk made it — a question's several flags, a bulk accept of a filtered group,
-- one sheet import — so an undo takes back the whole unit. `undoes` is the unit an undo row takes
-- back (NULL otherwise). status_before/status_after are the flag's status around the decision.
-- kind, item, field and message are the flag's as it was decided: flag_id has no foreign key (a
-- re-import replaces a report's flags and carries accepted/rejected over to identical flags, by
-- kind, item, field and message), the trail stays and still says what was decided.
-- Edits and narrative moves close flags through corrections, which have their own who, when
-- and why (corrections table).
CREATE TABLE flag_decisions (
	id INTEGER PRIMARY KEY,
	flag_id INTEGER NOT NULL,
	report_id INTEGER NOT NULL REFERENCES reports (id),
	kind TEXT NOT NULL,
	item TEXT,
	field TEXT,
	message TEXT NOT NULL,
	decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject', 'reopen', 'undo')),
	status_before TEXT NOT NULL,
	status_after TEXT NOT NULL,
	who TEXT NOT NULL CHECK (trim(who) <> ''),
	reason TEXT NOT NULL DEFAULT '',
	unit TEXT NOT NULL CHECK (unit <> ''),
	undoes TEXT,
	decided_at TEXT NOT NULL
);
CREATE INDEX flag_decisions_flag ON flag_decisions (flag_id, id);
CREATE INDEX flag_decisions_who ON flag_decisions (who, id);
CREATE INDEX flag_decisions_unit ON flag_decisions (unit);
CREATE INDEX flag_decisions_report ON flag_decisions (report_id, kind, item, field);

CREATE TRIGGER flag_decisions_no_update BEFORE UPDATE ON flag_decisions
BEGIN
	SELECT RAISE(ABORT, 'flag decisions are append-only: add a new decision instead');
END;

CREATE TRIGGER flag_decisions_no_delete BEFORE DELETE ON flag_decisions
BEGIN
	SELECT RAISE(ABORT, 'flag decisions are append-only: add a new decision instead');
END;
