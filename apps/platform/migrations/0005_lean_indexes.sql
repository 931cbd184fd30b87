-- Issue 13: fewer index writes per catalog upsert. Each of these indexes is a leading prefix of
-- another one (series_console_idx / programs_console_idx start with updated_at, the *_title_id_idx
-- of 0004a with title), so every query they served is served by the longer one.
DROP INDEX IF EXISTS `series_updated_idx`;
--> statement-breakpoint
DROP INDEX IF EXISTS `programs_updated_idx`;
--> statement-breakpoint
DROP INDEX IF EXISTS `series_title_idx`;
--> statement-breakpoint
DROP INDEX IF EXISTS `programs_title_idx`;
