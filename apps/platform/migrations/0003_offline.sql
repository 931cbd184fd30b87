-- Emergency offline (紧急下线, GY/T 345 6.8/6.9, A.4): takedown records, the transactional
-- outbox of notices / CDN purges / verification jobs, and every delivery attempt.
CREATE TABLE `takedowns` (
	`id` text PRIMARY KEY NOT NULL,
	`action` text NOT NULL,
	`group_id` text NOT NULL,
	`series_ids` text NOT NULL,
	`program_ids` text NOT NULL,
	`unknown_series_ids` text NOT NULL,
	`unknown_program_ids` text NOT NULL,
	`reason` text NOT NULL,
	`actor` text NOT NULL,
	`at` integer NOT NULL,
	`verification_status` text DEFAULT 'pending' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `takedowns_at_idx` ON `takedowns` (`at`,`id`);--> statement-breakpoint
CREATE INDEX `takedowns_group_at_idx` ON `takedowns` (`group_id`,`at`,`id`);--> statement-breakpoint
CREATE TABLE `takedown_checks` (
	`takedown_id` text NOT NULL,
	`url` text NOT NULL,
	`gone_at` integer,
	`last_status` integer,
	`checks` integer DEFAULT 0 NOT NULL,
	`last_checked_at` integer,
	PRIMARY KEY(`takedown_id`, `url`)
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`takedown_id` text,
	`group_id` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`generation` integer DEFAULT 1 NOT NULL,
	`feedback_code` text,
	`feedback_msg` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `outbox_takedown_idx` ON `outbox` (`takedown_id`);--> statement-breakpoint
CREATE INDEX `outbox_unsent_idx` ON `outbox` (`created_at`) WHERE `sent_at` IS NULL;--> statement-breakpoint
CREATE INDEX `outbox_status_idx` ON `outbox` (`kind`,`status`);--> statement-breakpoint
CREATE TABLE `outbox_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`outbox_id` text NOT NULL,
	`at` integer NOT NULL,
	`http_status` integer,
	`latency_ms` integer NOT NULL,
	`code` text,
	`msg` text,
	`error` text,
	`nonce` text
);
--> statement-breakpoint
CREATE INDEX `outbox_attempts_outbox_idx` ON `outbox_attempts` (`outbox_id`,`id`);
