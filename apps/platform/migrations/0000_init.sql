CREATE TABLE `accepted_messages` (
	`group_id` text NOT NULL,
	`msg_id` text NOT NULL,
	`content_sm3` text NOT NULL,
	`accepted_at` integer NOT NULL,
	PRIMARY KEY(`group_id`, `msg_id`)
);
--> statement-breakpoint
CREATE TABLE `admin_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`role` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `admin_sessions_expires_idx` ON `admin_sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target` text,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_target_idx` ON `audit_log` (`target`,`at`);--> statement-breakpoint
CREATE TABLE `cps` (
	`group_id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`mode` text NOT NULL,
	`public_key` text,
	`mac_secret_enc` text,
	`series_offline_url` text NOT NULL,
	`program_offline_url` text NOT NULL,
	`notice_id_format` text DEFAULT 'string' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `cps_status_idx` ON `cps` (`status`);--> statement-breakpoint
CREATE TABLE `message_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`received_at` integer NOT NULL,
	`group_id` text,
	`path` text NOT NULL,
	`nonce` text,
	`msg_id` text,
	`msg_type` integer,
	`http_status` integer NOT NULL,
	`result_code` text NOT NULL,
	`result_msg` text NOT NULL,
	`body_sm3` text,
	`body` text
);
--> statement-breakpoint
CREATE INDEX `message_log_received_idx` ON `message_log` (`received_at`);--> statement-breakpoint
CREATE INDEX `message_log_group_received_idx` ON `message_log` (`group_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `message_log_msg_idx` ON `message_log` (`group_id`,`msg_id`);--> statement-breakpoint
CREATE INDEX `message_log_result_received_idx` ON `message_log` (`result_code`,`received_at`);--> statement-breakpoint
CREATE TABLE `nonces` (
	`group_id` text NOT NULL,
	`nonce` text NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`group_id`, `nonce`)
);
--> statement-breakpoint
CREATE INDEX `nonces_expires_idx` ON `nonces` (`expires_at`);--> statement-breakpoint
CREATE TABLE `programs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` text NOT NULL,
	`program_id` text NOT NULL,
	`title` text NOT NULL,
	`category` text NOT NULL,
	`area` text,
	`definition` text NOT NULL,
	`series_id` text,
	`paid` integer,
	`duration` integer,
	`play_infos` text NOT NULL,
	`data` text NOT NULL,
	`status` text NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`emergency_locked` integer DEFAULT false NOT NULL,
	`last_msg_id` text NOT NULL,
	`last_msg_time` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `programs_identity_idx` ON `programs` (`group_id`,`program_id`);--> statement-breakpoint
CREATE INDEX `programs_updated_idx` ON `programs` (`updated_at`);--> statement-breakpoint
CREATE INDEX `programs_group_updated_idx` ON `programs` (`group_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `programs_title_idx` ON `programs` (`title`);--> statement-breakpoint
CREATE INDEX `programs_category_updated_idx` ON `programs` (`category`,`updated_at`);--> statement-breakpoint
CREATE INDEX `programs_area_updated_idx` ON `programs` (`area`,`updated_at`);--> statement-breakpoint
CREATE INDEX `programs_definition_updated_idx` ON `programs` (`definition`,`updated_at`);--> statement-breakpoint
CREATE INDEX `programs_status_updated_idx` ON `programs` (`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `programs_series_idx` ON `programs` (`group_id`,`series_id`);--> statement-breakpoint
CREATE TABLE `series` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` text NOT NULL,
	`series_id` text NOT NULL,
	`title` text NOT NULL,
	`category` text NOT NULL,
	`year` text NOT NULL,
	`area` text,
	`definition` text NOT NULL,
	`completed` integer NOT NULL,
	`paid` integer,
	`episode_count` integer,
	`episode_last` integer,
	`v_image_url` text NOT NULL,
	`data` text NOT NULL,
	`status` text NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`emergency_locked` integer DEFAULT false NOT NULL,
	`last_msg_id` text NOT NULL,
	`last_msg_time` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `series_identity_idx` ON `series` (`group_id`,`series_id`);--> statement-breakpoint
CREATE INDEX `series_updated_idx` ON `series` (`updated_at`);--> statement-breakpoint
CREATE INDEX `series_group_updated_idx` ON `series` (`group_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `series_title_idx` ON `series` (`title`);--> statement-breakpoint
CREATE INDEX `series_category_updated_idx` ON `series` (`category`,`updated_at`);--> statement-breakpoint
CREATE INDEX `series_year_updated_idx` ON `series` (`year`,`updated_at`);--> statement-breakpoint
CREATE INDEX `series_area_updated_idx` ON `series` (`area`,`updated_at`);--> statement-breakpoint
CREATE INDEX `series_definition_updated_idx` ON `series` (`definition`,`updated_at`);--> statement-breakpoint
CREATE INDEX `series_status_updated_idx` ON `series` (`status`,`updated_at`);--> statement-breakpoint
CREATE TABLE `series_programs` (
	`group_id` text NOT NULL,
	`series_id` text NOT NULL,
	`program_id` text NOT NULL,
	`title` text NOT NULL,
	`program_type` text NOT NULL,
	`seq` integer NOT NULL,
	`stage` integer,
	`paid` integer,
	`status` text NOT NULL,
	PRIMARY KEY(`group_id`, `series_id`, `program_id`)
);
--> statement-breakpoint
CREATE INDEX `series_programs_seq_idx` ON `series_programs` (`group_id`,`series_id`,`seq`);--> statement-breakpoint
CREATE INDEX `series_programs_program_idx` ON `series_programs` (`group_id`,`program_id`);