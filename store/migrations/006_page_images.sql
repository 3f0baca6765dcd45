-- 006_page_images.sql: what the clerk sees of a scanned page (issue 4).
--
-- A scanned report (format 'image') keeps a reduced grayscale JPEG of each page, so the review
-- step can show the image under a flagged value: provenance bboxes are in the scan's pixels
-- (source_width × source_height); the JPEG is the same page at width × height.
-- Depends only on 001_init.sql.
CREATE TABLE page_images (
	document_id INTEGER NOT NULL REFERENCES documents (id),
	page INTEGER NOT NULL,
	source_width INTEGER NOT NULL,
	source_height INTEGER NOT NULL,
	source_dpi REAL NOT NULL,
	width INTEGER NOT NULL,
	height INTEGER NOT NULL,
	mime TEXT NOT NULL,
	bytes BLOB NOT NULL,
	PRIMARY KEY (document_id, page)
);
