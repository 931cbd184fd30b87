/** `gyt345-cp`, the CP developer's command line (`npm run cp -- <command>` in this repo): USAGE below. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { sm2PublicKeyFromPrivate, sm3Hex, type SigningCredential } from "@gyt345/protocol/crypto";
import { zInput } from "@gyt345/protocol/crypto/curve";
import { concatBytes, hexToBytes } from "@gyt345/protocol/crypto/hex";
import { CpClient, messageFromJson, createNoticeHandler, AnnexCError, NetworkError, UnexpectedAnswer, type ReceivedNotice } from "../index";
import { generateKeyFiles, parsePrivateKey } from "../keys";
import { toNodeListener } from "../node";
import { checkEndpoint, formatReport } from "./check-endpoint";
import { startCpSim } from "./cp-sim";
import { verifyCaptured } from "./verify";

const OPTIONS = {
  "group-id": { type: "string" },
  cp: { type: "string" },
  "cp-file": { type: "string", default: ".dev-cp.json" },
  key: { type: "string" },
  "mac-key": { type: "string" },
  "public-key": { type: "string" },
  "platform-key": { type: "string" },
  "platform-url": { type: "string" },
  "base-url": { type: "string" },
  mode: { type: "string" },
  nonce: { type: "string" },
  ts: { type: "string" },
  out: { type: "string" },
  concurrency: { type: "string", default: "8" },
  retries: { type: "string", default: "4" },
  port: { type: "string", default: "8794" },
  host: { type: "string", default: "127.0.0.1" },
  "program-url": { type: "string" },
  "check-ts": { type: "boolean", default: false },
  broken: { type: "boolean", default: false },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

type Opts = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

const USAGE = `gyt345-cp <command> [options]: the GY/T 345 CP developer's command line.

  keygen [--out PREFIX]                 SM2 key pair, hex and PEM
  sign FILE.json                        every intermediate value of both signatures, the URL and body
  send FILE.json|FILE.jsonl             send one message or a JSON-lines file (progress, summary)
  verify FILE                           check a captured request or notice step by step
  serve [--group-id G [--broken]]       the CP simulator on --port, or one CP's endpoint
  check-endpoint URL --mode sm2|mac     check a CP's emergency-offline endpoint

Credentials: --group-id G with --key (SM2 private key: 64 hex or a PEM file) or --mac-key
(32 hex), or --cp G to read them from .dev-cp.json (\`npm run dev\`); env CP_GROUP_ID,
CP_PRIVATE_KEY, CP_MAC_KEY, PLATFORM_URL work too.`;

function fail(message: string): never {
  console.error(`cp: ${message}`);
  process.exit(2);
}

const readMaybeFile = (value: string) => (existsSync(value) ? readFileSync(value, "utf8") : value);

interface DevCp {
  groupId: string;
  credential: SigningCredential;
}

function cpFromFile(o: Opts): DevCp | undefined {
  if (o.cp === undefined) return undefined;
  if (!existsSync(o["cp-file"]!)) fail(`--cp needs ${o["cp-file"]} (written by npm run dev)`);
  const cps = JSON.parse(readFileSync(o["cp-file"]!, "utf8")) as DevCp[];
  return cps.find((c) => c.groupId === o.cp) ?? fail(`no CP ${o.cp} in ${o["cp-file"]}`);
}

/** The CP's signing credential and groupId (for sign/send) — or the platform's (for check-endpoint). */
function credentialOf(o: Opts, keyOpt: "key" | "platform-key" = "key"): SigningCredential {
  const dev = cpFromFile(o);
  if (dev) return dev.credential;
  const key = o[keyOpt] ?? (keyOpt === "key" ? process.env.CP_PRIVATE_KEY : undefined);
  const mac = o["mac-key"] ?? process.env.CP_MAC_KEY;
  if (key) return { mode: "sm2", privateKey: parsePrivateKey(readMaybeFile(key)) };
  if (mac) {
    if (!/^[0-9a-fA-F]{32}$/.test(mac)) fail("--mac-key must be 32 hex characters");
    return { mode: "mac", macKey: mac.toLowerCase() };
  }
  return fail(`give --${keyOpt} (SM2 private key) or --mac-key${keyOpt === "key" ? ", or --cp" : ""}`);
}

function groupIdOf(o: Opts): string {
  return cpFromFile(o)?.groupId ?? o["group-id"] ?? process.env.CP_GROUP_ID ?? fail("give --group-id (or --cp)");
}

const baseUrlOf = (o: Opts) => o["base-url"] ?? process.env.PLATFORM_URL ?? "http://127.0.0.1:8787";

// ---------------------------------------------------------------------------------------------

function keygen(o: Opts): void {
  const k = generateKeyFiles();
  if (o.out) {
    writeFileSync(`${o.out}.key.pem`, k.privateKeyPem, { mode: 0o600 });
    writeFileSync(`${o.out}.pub.pem`, k.publicKeyPem);
    writeFileSync(`${o.out}.key.hex`, `${k.privateKey}\n`, { mode: 0o600 });
    writeFileSync(`${o.out}.pub.hex`, `${k.publicKey}\n`);
  }
  if (o.json) return void console.log(JSON.stringify(k, null, 2));
  console.log(`private key (hex, keep secret): ${k.privateKey}`);
  console.log(`public key  (hex, register at onboarding): ${k.publicKey}`);
  console.log(`\n${k.privateKeyPem}\n${k.publicKeyPem}`);
  if (o.out) console.log(`written: ${o.out}.key.pem ${o.out}.pub.pem ${o.out}.key.hex ${o.out}.pub.hex`);
}

function sign(file: string, o: Opts): void {
  const credential = credentialOf(o);
  const client = new CpClient({ baseUrl: baseUrlOf(o), groupId: groupIdOf(o), credential });
  const message = messageFromJson(JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>);
  const s = client.sign(message, { nonce: o.nonce, ts: o.ts });
  const show = (s: string) => s.replaceAll("\n", "\\n");
  const out: [string, string][] = [];
  out.push(["mode", credential.mode]);
  const zHex = credential.mode === "sm2" ? sm3Hex(zInput(hexToBytes(sm2PublicKeyFromPrivate(credential.privateKey)))) : "";
  const e = (m: string) => sm3Hex(concatBytes(hexToBytes(zHex), new TextEncoder().encode(m)));
  out.push(["1. msgSign input M = RFC 8785 canonical JSON of the body without msgSign", s.msgSignInput]);
  out.push(["   SM3(M)", sm3Hex(s.msgSignInput)]);
  if (credential.mode === "sm2") {
    out.push(["   public key", sm2PublicKeyFromPrivate(credential.privateKey)]);
    out.push(["   Z_A = SM3(ENTL‖ID‖a‖b‖xG‖yG‖xA‖yA), ID 1234567812345678", zHex]);
    out.push(["   e = SM3(Z_A‖M)", e(s.msgSignInput)]);
  } else out.push(["   MAC = hex(SM4-ECB_K(SM3(M)))", s.msgSign]);
  out.push(["2. msgSign", s.msgSign]);
  out.push(["3. body sent (UTF-8 bytes)", s.body]);
  out.push(["4. SM3(body bytes)", s.bodySm3]);
  out.push(["5. string to sign (\\n = LF, no trailing LF)", show(s.stringToSign)]);
  if (credential.mode === "sm2") {
    out.push(["   e = SM3(Z_A‖string to sign)", e(s.stringToSign)]);
  } else out.push(["   SM3(string to sign)", sm3Hex(s.stringToSign)]);
  out.push(["6. sign", s.sign]);
  out.push(["7. POST", s.url]);
  if (o.json) return void console.log(JSON.stringify({ mode: credential.mode, ...s }, null, 2));
  for (const [label, value] of out) console.log(`${label}:\n   ${value}`);
  console.log(`\ncurl -sS -X POST -H 'content-type: application/json' --data-binary @- '${s.url}' <<'JSON'\n${s.body}\nJSON`);
  if (credential.mode === "sm2") console.log("\n(SM2 signatures are randomised: yours will differ; verify, don't compare.)");
}

// ---------------------------------------------------------------------------------------------

async function send(file: string, o: Opts): Promise<void> {
  const credential = credentialOf(o);
  const client = new CpClient({ baseUrl: baseUrlOf(o), groupId: groupIdOf(o), credential, retry: { attempts: Number(o.retries) } });
  const text = readFileSync(file, "utf8");
  const lines = file.endsWith(".jsonl") || file.endsWith(".ndjson") ? text.split("\n").filter((l) => l.trim() !== "") : [text];
  const total = lines.length;
  const counts = new Map<string, number>();
  const failures: string[] = [];
  let done = 0;
  let next = 0;
  const started = performance.now();
  const tty = process.stderr.isTTY;
  let lastPrint = 0;
  const progress = (final = false) => {
    const now = performance.now();
    if (!final && now - lastPrint < (tty ? 100 : 2000)) return;
    lastPrint = now;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const rate = done / ((now - started) / 1000 || 1);
    const line = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${rate.toFixed(0)} msg/s ${[...counts].map(([c, n]) => `${c}:${n}`).join(" ")}`;
    process.stderr.write(tty ? `\r${line}${final ? "\n" : ""}` : `${line}\n`);
  };
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      let code: string;
      try {
        const message = messageFromJson(JSON.parse(lines[i]!) as Record<string, unknown>);
        const r = await client.send(message);
        code = r.code;
        if (total === 1) console.log(JSON.stringify(r));
      } catch (err) {
        code = err instanceof AnnexCError || err instanceof UnexpectedAnswer ? err.code : err instanceof NetworkError ? "NetworkError" : "BadInput";
        if (failures.length < 20) failures.push(`line ${i + 1}: ${err instanceof Error ? err.message : String(err)}`);
      }
      counts.set(code, (counts.get(code) ?? 0) + 1);
      done += 1;
      progress();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Number(o.concurrency)) }, worker));
  progress(true);
  const seconds = (performance.now() - started) / 1000;
  console.log(`\nsent ${total} message(s) in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(1)} msg/s), concurrency ${o.concurrency}`);
  console.log("result code        count");
  for (const [code, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`${code.padEnd(18)} ${n}`);
  if (failures.length) console.log(`\nfirst failures:\n${failures.join("\n")}`);
  if ((counts.get("ok") ?? 0) !== total) process.exitCode = 1;
}

// ---------------------------------------------------------------------------------------------

/**
 * `serve`: the CP simulator of the emergency-offline branch (cp-sim.ts: every CP of
 * --cp-file, /cp/:groupId/series-offline and /program-offline, modes and /_sim control), or with
 * --group-id one CP's endpoint on the SDK handler (any path) — `--broken` accepts anything,
 * to see what check-endpoint reports.
 */
async function serve(o: Opts): Promise<void> {
  if (o["group-id"] === undefined && !o.broken) {
    const sim = startCpSim({
      port: Number(o.port),
      platformUrl: o["platform-url"] ?? baseUrlOf(o),
      platformPublicKey: o["public-key"],
      cpFile: o["cp-file"]!,
      tsWindowMs: Number(process.env.TS_WINDOW_SECONDS ?? 300) * 1000,
    });
    await new Promise<void>((resolve) => process.once("SIGTERM", resolve).once("SIGINT", resolve));
    sim.closeAllConnections(); // timeout mode holds connections open
    await new Promise((resolve) => sim.close(resolve));
    return;
  }
  const groupId = groupIdOf(o);
  const mode = (o.mode ?? (o["mac-key"] ? "mac" : "sm2")) as "sm2" | "mac";
  let platformPublicKey = o["public-key"] ?? o["platform-key"];
  if (mode === "sm2" && platformPublicKey === undefined && !o.broken) {
    const url = `${o["platform-url"] ?? baseUrlOf(o)}/api/v1/platform/public-key`;
    platformPublicKey = ((await (await fetch(url)).json()) as { publicKey: string }).publicKey;
  }
  const log = (n: ReceivedNotice) => console.log(JSON.stringify({ at: Date.now(), groupId, ...n }));
  const handler = o.broken
    ? async () => new Response(JSON.stringify({ code: "ok", msg: "success" }), { headers: { "content-type": "application/json" } })
    : createNoticeHandler({ groupId, mode, platformPublicKey, macKey: o["mac-key"], onNotice: log });
  const server = createServer(toNodeListener(handler));
  server.listen(Number(o.port), o.host, () =>
    console.error(`cp serve: ${o.broken ? "BROKEN (accepts anything) " : ""}endpoint for ${groupId} (${mode}) on http://${o.host}:${o.port}/ — any path`),
  );
  await new Promise<void>((resolve) => process.once("SIGTERM", resolve).once("SIGINT", resolve));
  server.close();
}

async function check(url: string, o: Opts): Promise<void> {
  const mode = o.mode ?? fail("give --mode sm2|mac");
  if (mode !== "sm2" && mode !== "mac") fail("--mode is sm2 or mac");
  const credential = mode === "sm2" ? credentialOf({ ...o, "mac-key": undefined, cp: undefined }, "platform-key") : credentialOf({ ...o, key: undefined, cp: undefined });
  const results = await checkEndpoint({ url, programUrl: o["program-url"], groupId: groupIdOf(o), credential });
  console.log(o.json ? JSON.stringify(results, null, 2) : formatReport(results));
  if (results.some((r) => !r.ok)) process.exitCode = 1;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { values: o, positionals } = parseArgs({ options: OPTIONS, allowPositionals: true });
  const [command, arg] = positionals;
  if (o.help || command === undefined) return void console.log(USAGE);
  switch (command) {
    case "keygen":
      return keygen(o);
    case "sign":
      return sign(arg ?? fail("sign FILE.json"), o);
    case "send":
      return send(arg ?? fail("send FILE.json|FILE.jsonl"), o);
    case "verify":
      return verifyCaptured(arg ?? fail("verify FILE"), o);
    case "serve":
      return serve(o);
    case "check-endpoint":
      return check(arg ?? fail("check-endpoint URL --mode sm2|mac"), o);
    default:
      fail(`unknown command ${command}\n\n${USAGE}`);
  }
}

main().catch((err: unknown) => {
  console.error(`cp: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
