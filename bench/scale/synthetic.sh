#!/usr/bin/env bash
# `npm run bench:scale` (not part of `npm run bench`: it writes GBs): builds a local SQLite file
# with the D1 schema (apps/platform/migrations/*.sql) holding PROGRAMS programs (default 1,000,000, spread over
# CPS CPs) and LOG_ROWS message-log rows (default 10,000,000), then prints the hot queries'
# plans and timings and the file size. Needs the sqlite3 CLI (apt: sqlite3). Figures in docs/scaling.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
PROGRAMS=${PROGRAMS:-1000000}
LOG_ROWS=${LOG_ROWS:-10000000}
CPS=${CPS:-100}
BODY_BYTES=${BODY_BYTES:-0}   # bytes of body per accepted log row (0: bodies archived to R2, see docs/scaling.md)
DB=${SCALE_DB:-bench/results/scale.sqlite}
mkdir -p "$(dirname "$DB")"
rm -f "$DB" "$DB-wal" "$DB-shm"
t() { local s=$(date +%s.%N); "$@"; echo "  ($(echo "$(date +%s.%N) - $s" | bc) s)"; }

echo "schema: apps/platform/migrations/*.sql"
for f in apps/platform/migrations/*.sql; do sed 's/--> statement-breakpoint//' "$f"; done | sqlite3 "$DB"

echo "generating $PROGRAMS programs over $CPS CPs"
t sqlite3 "$DB" "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
INSERT INTO cps (group_id, name, status, mode, series_offline_url, program_offline_url, created_at, updated_at)
  WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i+1 FROM c WHERE i < $CPS-1)
  SELECT 'cp-'||i, 'CP '||i, 'active', 'sm2', 'https://cp.example.com/s', 'https://cp.example.com/p', 0, 0 FROM c;
INSERT INTO programs (group_id, program_id, title, category, area, definition, series_id, paid, duration, play_infos, data, status, last_msg_id, last_msg_time, created_at, updated_at)
  WITH RECURSIVE p(i) AS (SELECT 0 UNION ALL SELECT i+1 FROM p WHERE i < $PROGRAMS-1)
  SELECT 'cp-'||(i % $CPS), 'P'||i, '节目'||(i % 50000)||' 第'||(i % 40 + 1)||'集', CASE i % 4 WHEN 0 THEN '电视剧' WHEN 1 THEN '电影' WHEN 2 THEN '综艺' ELSE '动漫' END,
    '中国大陆', 'HD', 'S'||(i / 40), 0, 2700,
    '[{\"videoId\":\"V'||i||'\",\"definition\":\"HD\",\"playUrl\":\"https://cdn.example.com/cp/P'||i||'.m3u8\"}]',
    '{\"programId\":\"P'||i||'\",\"title\":\"节目'||i||'\",\"category\":\"电视剧\",\"definition\":\"HD\",\"status\":\"online\",\"description\":\"'||hex(randomblob(200))||'\"}',
    CASE WHEN i % 10 = 0 THEN 'offline' ELSE 'online' END, 'm'||i, 1700000000000 + i, 1700000000000 + i, 1700000000000 + i
  FROM p;"

echo "generating $LOG_ROWS message-log rows (body $BODY_BYTES bytes on accepted rows)"
t sqlite3 "$DB" "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
INSERT INTO message_log (received_at, group_id, path, nonce, msg_id, msg_type, http_status, result_code, result_msg, body_sm3, body)
  WITH RECURSIVE l(i) AS (SELECT 0 UNION ALL SELECT i+1 FROM l WHERE i < $LOG_ROWS-1)
  SELECT 1700000000000 + i * 250, 'cp-'||(i % $CPS), '/api/v1/programs/inject', lower(hex(randomblob(16))), 'm'||i, 200,
    CASE WHEN i % 20 = 0 THEN 403 ELSE 200 END, CASE WHEN i % 20 = 0 THEN 'Forbidden' ELSE 'ok' END, 'success',
    lower(hex(randomblob(32))), CASE WHEN i % 20 = 0 OR $BODY_BYTES = 0 THEN NULL ELSE hex(zeroblob($BODY_BYTES / 2)) END
  FROM l;"
t sqlite3 "$DB" "ANALYZE;"

q() {
  echo
  echo "-- $1"
  sqlite3 "$DB" "EXPLAIN QUERY PLAN $2" | sed 's/^/   plan: /'
  # One session, 5 runs, SQLite's own timer (CPU "user" seconds, so the machine's load matters less).
  { echo ".timer on"; for _ in 1 2 3 4 5; do echo "$2;"; done; } | sqlite3 "$DB" 2>&1 | grep "Run Time" \
    | awk '{printf "%.3f\n", ($6 + $8) * 1000}' | sort -n | sed -n 3p | sed 's/^/   median CPU (user+sys) ms of 5 runs: /'
}
q "upsert target lookup (every 2xx message)" "SELECT id FROM programs WHERE group_id = 'cp-7' AND program_id = 'P500007'"
q "203 existing ids (90 per statement)" "SELECT program_id FROM programs WHERE group_id = 'cp-7' AND program_id IN ('P7','P107','P207','P307','P407') AND deleted = 0"
q "console: newest programs of a CP" "SELECT program_id, title FROM programs WHERE group_id = 'cp-7' ORDER BY updated_at DESC LIMIT 50"
q "console: newest online 电视剧" "SELECT program_id, title FROM programs WHERE category = '电视剧' ORDER BY updated_at DESC LIMIT 50"
q "console: title search (FTS5 trigram)" "SELECT p.program_id FROM programs_title_fts f JOIN programs p ON p.id = f.rowid WHERE programs_title_fts MATCH '节目4242' LIMIT 50"
q "message log of a CP, newest first" "SELECT id, msg_id, result_code FROM message_log WHERE group_id = 'cp-7' ORDER BY received_at DESC LIMIT 50"
q "message log of one msgId" "SELECT id FROM message_log WHERE group_id = 'cp-7' AND msg_id = 'm5000007'"
q "cron: refused rows older than 30 days (count)" "SELECT count(*) FROM message_log WHERE result_code <> 'ok' AND received_at < 1700000000000 + 86400000 AND body IS NULL"
echo
echo "rows: programs $(sqlite3 "$DB" 'SELECT count(*) FROM programs'), message_log $(sqlite3 "$DB" 'SELECT count(*) FROM message_log')"
echo "file size: $(du -h "$DB" | cut -f1) ($(stat -c %s "$DB") bytes)"
sqlite3 "$DB" "SELECT name, sum(pgsize)/1048576 || ' MiB' FROM dbstat GROUP BY name ORDER BY sum(pgsize) DESC LIMIT 12" 2>/dev/null | sed 's/^/   /' || true
