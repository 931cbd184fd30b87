-- Refused requests (issue 10): a log row is written in a CP's name only once its `sign` verified.
-- `verified` = 1: the row's group_id is authenticated (accepted messages, and refusals after
-- `sign` verified: nonce reuse, body, msgSign, fields). 0: group_id is only what an
-- unauthenticated request claimed (one sample row per source, minute, path and code).
ALTER TABLE `message_log` ADD `verified` integer DEFAULT true NOT NULL;
--> statement-breakpoint
-- Anonymous refusals counted per source (cf-connecting-ip), minute, path and result code:
-- what unauthenticated traffic can write is bounded by that key, not by its request count.
CREATE TABLE `refused_anonymous` (
	`minute` integer NOT NULL,
	`source` text NOT NULL,
	`path` text NOT NULL,
	`result_code` text NOT NULL,
	`count` integer NOT NULL,
	`claimed_group_id` text,
	`last_at` integer NOT NULL,
	PRIMARY KEY(`minute`, `source`, `path`, `result_code`)
);
--> statement-breakpoint
CREATE INDEX `refused_anonymous_minute_idx` ON `refused_anonymous` (`minute`);
