-- Search that knows Mongolian inflection: measures_stems indexes, for every measure (rowid =
-- measures.id), the words of activity, indicator and achievement (`words`, matched as word starts
-- as before) and their stems (`stems`, from normalizers/stem.ts searchStem: case endings stripped,
-- fleeting vowel folded, so "гомдол" and "гомдлыг" are both "гомдл"). The stems are computed in
-- TypeScript, so store/search.ts writes the rows (at import, on a correction, on a re-import, and
-- once for the measures already stored when this migration is applied).
--
-- Contentless (content = ''): the text itself stays in measures / measures_fts; snippets are built
-- from the effective text. contentless_delete = 1 lets a row be deleted by rowid.
CREATE VIRTUAL TABLE measures_stems USING fts5 (
	words,
	stems,
	content = '',
	contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 0'
);

CREATE TRIGGER measures_stems_delete AFTER DELETE ON measures
BEGIN
	DELETE FROM measures_stems WHERE rowid = old.id;
END;
