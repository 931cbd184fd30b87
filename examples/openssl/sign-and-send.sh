#!/bin/sh
# GY/T 345-2021: sign and send a series (msgType 100) with nothing but the openssl command line,
# curl and shell tools, following docs/integration.md step by step.
#
#   PLATFORM_URL=http://127.0.0.1:8787 GROUP_ID=cp-x MODE=sm2 KEY_PEM=cp.key.pem ./sign-and-send.sh
#   PLATFORM_URL=http://127.0.0.1:8787 GROUP_ID=cp-y MODE=mac MAC_KEY=<32 hex> ./sign-and-send.sh
#
# Key for sm2: `openssl genpkey -algorithm SM2 -out cp.key.pem`; register the public key
# (`openssl pkey -in cp.key.pem -pubout`) at onboarding. For mac the platform gives MAC_KEY.
# SERIES_ID picks the series (default S-OPENSSL-1). Exit status 0 when the platform answered ok.
set -eu

: "${PLATFORM_URL:?}" "${GROUP_ID:?}" "${MODE:?sm2 or mac}"
SERIES_ID="${SERIES_ID:-S-OPENSSL-1}"
DISTID="distid:1234567812345678"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# sign FILE -> lowercase hex signature of the file's bytes, per profile section 3.
sign() {
  if [ "$MODE" = sm2 ]; then
    # SM2 with SM3 and the default ID; OpenSSL writes DER, which the platform accepts as hex.
    openssl dgst -sm3 -sign "${KEY_PEM:?}" -sigopt "$DISTID" -binary "$1" | xxd -p | tr -d '\n'
  else
    # MAC = hex(SM4-ECB_K(SM3(M))): the 32-byte digest is exactly two blocks, no padding.
    openssl dgst -sm3 -binary "$1" | openssl enc -sm4-ecb -nopad -K "${MAC_KEY:?}" | xxd -p | tr -d '\n'
  fi
}

# Step 1. The message without msgSign, written directly in RFC 8785 canonical form: members
# sorted by name at every level, no whitespace, integers as plain digits. Kept ASCII so that no
# escaping question arises (JCS writes non-ASCII characters as raw UTF-8, never as \u escapes;
# `jq -S` is not JCS — it re-formats numbers and escapes differently).
MSG_ID="m-openssl-$(openssl rand -hex 8)"
MSG_TIME="$(date +%s%3N)"
printf '%s' "{\"msgData\":{\"category\":\"Documentary\",\"completed\":\"true\",\"definition\":\"HD\",\"seriesId\":\"$SERIES_ID\",\"status\":\"online\",\"title\":\"OpenSSL example series\",\"vImageUrl\":\"https://img.example.com/openssl-v.jpg\",\"year\":\"2021\"},\"msgId\":\"$MSG_ID\",\"msgTime\":$MSG_TIME,\"msgType\":100}" > "$WORK/canonical.json"

# Step 2. msgSign signs those bytes.
MSG_SIGN="$(sign "$WORK/canonical.json")"

# Step 3. The body sent: the same object with msgSign added (here: appended as the last member).
sed 's/}$/,"msgSign":"'"$MSG_SIGN"'"}/' "$WORK/canonical.json" | tr -d '\n' > "$WORK/body.json"

# Step 4. SM3 of the exact body bytes, lowercase hex.
BODY_SM3="$(openssl dgst -sm3 -binary "$WORK/body.json" | xxd -p | tr -d '\n')"

# Step 5. The string to sign: four lines joined by LF, no trailing LF.
PATH_="/api/v1/series/inject"
NONCE="$(openssl rand -hex 16)"
TS="$(date +%s%3N)"
printf 'POST\n%s\ngroupId=%s&nonce=%s&ts=%s\n%s' "$PATH_" "$GROUP_ID" "$NONCE" "$TS" "$BODY_SM3" > "$WORK/string-to-sign"

# Step 6. sign signs the string to sign.
SIGN="$(sign "$WORK/string-to-sign")"

# Step 7. POST, the common parameters in the query string.
URL="$PLATFORM_URL$PATH_?groupId=$GROUP_ID&nonce=$NONCE&ts=$TS&sign=$SIGN"
echo "POST $URL" >&2
ANSWER="$(curl -sS -X POST -H 'content-type: application/json' --data-binary "@$WORK/body.json" -w '\n%{http_code}' "$URL")"
echo "$ANSWER" >&2
STATUS="$(printf '%s' "$ANSWER" | tail -n 1)"
BODY="$(printf '%s' "$ANSWER" | head -n 1)"
case "$STATUS:$BODY" in
  200:*'"code":"ok"'*) echo "accepted: $MSG_ID" ;;
  *) echo "refused: $STATUS $BODY" >&2; exit 1 ;;
esac
