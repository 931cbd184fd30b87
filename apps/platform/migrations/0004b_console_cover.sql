-- Covering indexes for the console's lists (issue 12): newest-first walks that filter on any
-- column and on the search text read only this index, never the wide rows (measured on a
-- million programs: a dense 1-2 character query or a filtered page in about a millisecond).
CREATE INDEX `series_console_idx` ON `series` (`updated_at`, `group_id`, `category`, `year`, `area`, `definition`, `status`, `paid`, `deleted`, `emergency_locked`, `search_text`);
--> statement-breakpoint
CREATE INDEX `programs_console_idx` ON `programs` (`updated_at`, `group_id`, `series_id`, `category`, `area`, `definition`, `status`, `paid`, `deleted`, `emergency_locked`, `search_text`);
