-- Placeholder: migration 008 belongs to another branch (merge: drop this file, keep theirs).
SELECT 1;
