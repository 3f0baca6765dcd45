-- 007: reserved for another change merged in parallel; this file only keeps the numbering
-- without a gap on its own branch. Drop it when the real 007 is merged.
SELECT 1;
