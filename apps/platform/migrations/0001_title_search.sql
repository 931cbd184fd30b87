-- Title substring search (标题查询) over a million rows: FTS5 with the trigram tokenizer finds
-- any run of 3+ characters (Chinese titles have no word breaks). External-content tables keyed
-- by the integer row id; triggers keep them in step with every insert, upsert and delete.
CREATE VIRTUAL TABLE `series_title_fts` USING fts5(title, content='series', content_rowid='id', tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER `series_title_fts_ai` AFTER INSERT ON `series` BEGIN
  INSERT INTO series_title_fts(rowid, title) VALUES (new.id, new.title);
END;
--> statement-breakpoint
CREATE TRIGGER `series_title_fts_ad` AFTER DELETE ON `series` BEGIN
  INSERT INTO series_title_fts(series_title_fts, rowid, title) VALUES ('delete', old.id, old.title);
END;
--> statement-breakpoint
CREATE TRIGGER `series_title_fts_au` AFTER UPDATE OF title ON `series` BEGIN
  INSERT INTO series_title_fts(series_title_fts, rowid, title) VALUES ('delete', old.id, old.title);
  INSERT INTO series_title_fts(rowid, title) VALUES (new.id, new.title);
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `programs_title_fts` USING fts5(title, content='programs', content_rowid='id', tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER `programs_title_fts_ai` AFTER INSERT ON `programs` BEGIN
  INSERT INTO programs_title_fts(rowid, title) VALUES (new.id, new.title);
END;
--> statement-breakpoint
CREATE TRIGGER `programs_title_fts_ad` AFTER DELETE ON `programs` BEGIN
  INSERT INTO programs_title_fts(programs_title_fts, rowid, title) VALUES ('delete', old.id, old.title);
END;
--> statement-breakpoint
CREATE TRIGGER `programs_title_fts_au` AFTER UPDATE OF title ON `programs` BEGIN
  INSERT INTO programs_title_fts(programs_title_fts, rowid, title) VALUES ('delete', old.id, old.title);
  INSERT INTO programs_title_fts(rowid, title) VALUES (new.id, new.title);
END;
