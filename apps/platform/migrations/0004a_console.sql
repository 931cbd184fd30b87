-- Operator console (issue 12): substring search for 1-, 2- and 3+-character queries, operator
-- accounts, atomic login throttling, message-content history and the audit hash chain.

-- Searchable text of a row (title, subtitle, English title, directors, stars; lower-cased,
-- fields separated by a newline), written by the storage modules with every upsert.
ALTER TABLE `series` ADD `search_text` text;
--> statement-breakpoint
ALTER TABLE `programs` ADD `search_text` text;
--> statement-breakpoint
-- 1..1024: lets a trigger cut a text into n-grams without a CTE (not allowed in triggers).
CREATE TABLE `search_positions` (`n` integer PRIMARY KEY NOT NULL);
--> statement-breakpoint
INSERT INTO `search_positions` (n) WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1024) SELECT n FROM c;
--> statement-breakpoint
-- Pre-tokenised n-grams: column u holds every character, column b every pair of adjacent
-- characters, in order, so a 1-character query is a u-token, a 2-character one a b-token and a
-- longer one the phrase of its bigrams. Contentless (the text lives in search_text).
CREATE VIRTUAL TABLE `series_search` USING fts5(u, b, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');
--> statement-breakpoint
CREATE VIRTUAL TABLE `programs_search` USING fts5(u, b, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');
--> statement-breakpoint
CREATE TRIGGER `series_search_ai` AFTER INSERT ON `series` WHEN new.search_text IS NOT NULL BEGIN
  INSERT INTO series_search(rowid, u, b) SELECT new.id,
    (SELECT group_concat(substr(new.search_text, n, 1), ' ') FROM search_positions WHERE n <= length(new.search_text)),
    (SELECT group_concat(substr(new.search_text, n, 2), ' ') FROM search_positions WHERE n < length(new.search_text));
END;
--> statement-breakpoint
CREATE TRIGGER `series_search_ad` AFTER DELETE ON `series` BEGIN
  DELETE FROM series_search WHERE rowid = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `series_search_au` AFTER UPDATE OF search_text ON `series` WHEN new.search_text IS NOT old.search_text BEGIN
  DELETE FROM series_search WHERE rowid = old.id;
  INSERT INTO series_search(rowid, u, b) SELECT new.id,
    (SELECT group_concat(substr(new.search_text, n, 1), ' ') FROM search_positions WHERE n <= length(new.search_text)),
    (SELECT group_concat(substr(new.search_text, n, 2), ' ') FROM search_positions WHERE n < length(new.search_text))
  WHERE new.search_text IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `programs_search_ai` AFTER INSERT ON `programs` WHEN new.search_text IS NOT NULL BEGIN
  INSERT INTO programs_search(rowid, u, b) SELECT new.id,
    (SELECT group_concat(substr(new.search_text, n, 1), ' ') FROM search_positions WHERE n <= length(new.search_text)),
    (SELECT group_concat(substr(new.search_text, n, 2), ' ') FROM search_positions WHERE n < length(new.search_text));
END;
--> statement-breakpoint
CREATE TRIGGER `programs_search_ad` AFTER DELETE ON `programs` BEGIN
  DELETE FROM programs_search WHERE rowid = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `programs_search_au` AFTER UPDATE OF search_text ON `programs` WHEN new.search_text IS NOT old.search_text BEGIN
  DELETE FROM programs_search WHERE rowid = old.id;
  INSERT INTO programs_search(rowid, u, b) SELECT new.id,
    (SELECT group_concat(substr(new.search_text, n, 1), ' ') FROM search_positions WHERE n <= length(new.search_text)),
    (SELECT group_concat(substr(new.search_text, n, 2), ' ') FROM search_positions WHERE n < length(new.search_text))
  WHERE new.search_text IS NOT NULL;
END;
--> statement-breakpoint
-- Rows stored before this migration (fires the update triggers above).
UPDATE `series` SET search_text = lower(substr(title || char(10) || coalesce(json_extract(data, '$.subTitle'), '') || char(10) || coalesce(json_extract(data, '$.enTitle'), '')
  || char(10) || coalesce((SELECT group_concat(value, char(10)) FROM json_each(data, '$.directors')), '')
  || char(10) || coalesce((SELECT group_concat(value, char(10)) FROM json_each(data, '$.stars')), ''), 1, 1024));
--> statement-breakpoint
UPDATE `programs` SET search_text = lower(substr(title || char(10) || coalesce(json_extract(data, '$.subTitle'), ''), 1, 1024));
--> statement-breakpoint
-- The trigram title index of 0001 is replaced by the n-gram index above.
DROP TRIGGER `series_title_fts_ai`;
--> statement-breakpoint
DROP TRIGGER `series_title_fts_ad`;
--> statement-breakpoint
DROP TRIGGER `series_title_fts_au`;
--> statement-breakpoint
DROP TRIGGER `programs_title_fts_ai`;
--> statement-breakpoint
DROP TRIGGER `programs_title_fts_ad`;
--> statement-breakpoint
DROP TRIGGER `programs_title_fts_au`;
--> statement-breakpoint
DROP TABLE `series_title_fts`;
--> statement-breakpoint
DROP TABLE `programs_title_fts`;
--> statement-breakpoint
-- Keyset paging by title.
CREATE INDEX `series_title_id_idx` ON `series` (`title`, `id`);
--> statement-breakpoint
CREATE INDEX `programs_title_id_idx` ON `programs` (`title`, `id`);
--> statement-breakpoint

-- Which content each accepted message concerns (the detail pages' message history).
CREATE TABLE `message_content` (
	`group_id` text NOT NULL,
	`kind` text NOT NULL,
	`content_id` text NOT NULL,
	`msg_id` text NOT NULL,
	PRIMARY KEY(`group_id`, `kind`, `content_id`, `msg_id`)
) WITHOUT ROWID;
--> statement-breakpoint

-- Operator accounts (the ADMIN_USERNAME account of the Worker's secrets stays the first admin).
CREATE TABLE `operators` (
	`username` text PRIMARY KEY NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`password_salt` text NOT NULL,
	`password_iterations` integer NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`last_login_at` integer
);
--> statement-breakpoint
-- Login attempts per key (client or account) and time window, counted before the password is checked.
CREATE TABLE `login_attempts` (
	`key` text NOT NULL,
	`window` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`key`, `window`)
) WITHOUT ROWID;
--> statement-breakpoint
-- Audit hash chain: hash = SM3(prev_hash ‖ JCS(record)); one successor per link.
ALTER TABLE `audit_log` ADD `prev_hash` text;
--> statement-breakpoint
ALTER TABLE `audit_log` ADD `hash` text;
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_prev_hash_idx` ON `audit_log` (`prev_hash`);
--> statement-breakpoint
CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor`, `id`);
--> statement-breakpoint
CREATE INDEX `audit_log_action_idx` ON `audit_log` (`action`, `id`);
