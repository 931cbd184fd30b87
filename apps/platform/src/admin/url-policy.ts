/**
 * CP-supplied URLs the platform will call (emergency-offline interfaces) are untrusted:
 * absolute http(s), no credentials, no backslashes or control characters, and — unless
 * explicitly allowed for local development — no host in any IANA special-purpose range
 * (IPv4 and IPv6 Special-Purpose Address Registries; every IPv6 prefix that embeds IPv4 included) and no
 * local names: the platform must not be turned against its own network.
 * What is stored is the parsed `href`, never the raw string. The sender checks again at send time.
 */

/** [first address, prefix length] of the IPv4 special-purpose ranges (RFC 6890 and its updates). */
const V4_SPECIAL: [string, number][] = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // shared address space (CGN)
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (cloud metadata)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // TEST-NET-1
  ["192.31.196.0", 24], // AS112-v4
  ["192.52.193.0", 24], // AMT
  ["192.88.99.0", 24], // 6to4 relay anycast (deprecated)
  ["192.168.0.0", 16], // private
  ["192.175.48.0", 24], // direct delegation AS112
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // TEST-NET-2
  ["203.0.113.0", 24], // TEST-NET-3
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, incl. 255.255.255.255 broadcast
];

/** IPv6 special-purpose ranges as [first address, prefix length]. */
const V6_SPECIAL: [string, number][] = [
  ["::", 96], // unspecified, loopback and IPv4-compatible ::a.b.c.d (deprecated)
  ["::ffff:0:0", 96], // IPv4-mapped
  ["64:ff9b::", 96], // NAT64 well-known prefix
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard-only
  ["100:0:0:1::", 64], // dummy prefix
  ["2001::", 23], // IETF protocol assignments (Teredo, benchmarking, ORCHID…)
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4 (embeds an IPv4 address)
  ["2620:4f:8000::", 48], // AS112-v6
  ["3fff::", 20], // documentation
  ["5f00::", 16], // SRv6 SIDs
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
];

function parseV4(text: string): bigint | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

/** An IPv6 literal (without brackets) as a 128-bit number; accepts a trailing dotted IPv4. */
function parseV6(text: string): bigint | null {
  let s = text.toLowerCase();
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  const dotted = /^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (dotted) {
    const v4 = parseV4(dotted[2]!);
    if (v4 === null) return null;
    s = `${dotted[1]}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const groups = (h: string) => (h === "" ? [] : h.split(":"));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  let value = 0n;
  for (const g of all) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
    value = (value << 16n) | BigInt(`0x${g}`);
  }
  return value;
}

function inRanges(value: bigint, bits: number, ranges: [string, number][], parse: (s: string) => bigint | null): boolean {
  return ranges.some(([first, prefix]) => {
    const shift = BigInt(bits - prefix);
    return value >> shift === parse(first)! >> shift;
  });
}

function isSpecialV4(value: bigint): boolean {
  return inRanges(value, 32, V4_SPECIAL, parseV4);
}

/** True for a host the platform must not call: local names and every special-purpose address. */
export function isPrivateHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
  if (h === "" || h === "localhost" || h.endsWith(".localhost") || h.endsWith(".local") || h.endsWith(".internal") || h.endsWith(".home.arpa")) return true;
  const v4 = parseV4(h);
  if (v4 !== null) return isSpecialV4(v4);
  if (h.includes(":")) {
    const v6 = parseV6(h);
    if (v6 === null) return true; // not an address we can judge: refuse
    // Every prefix that embeds an IPv4 address (IPv4-compatible, -mapped, NAT64, 6to4, Teredo) is
    // refused whole: stricter than judging the embedded address, and no public host needs them.
    return inRanges(v6, 128, V6_SPECIAL, parseV6);
  }
  return false;
}

export type CallbackUrlCheck = { ok: true; href: string } | { ok: false; problem: string };

/** Parses and checks a callback URL; on success gives the normalised `href` to store and call. */
export function parseCallbackUrl(value: string, allowPrivate: boolean): CallbackUrlCheck {
  if (value.includes("\\")) return { ok: false, problem: "must not contain a backslash" };
  // C0 controls, space, DEL and the C1 range: the URL parser would drop or re-encode them silently.
  if (/[\u0000-\u0020\u007f-\u009f]/.test(value)) return { ok: false, problem: "must not contain spaces or control characters" };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: "must be an absolute URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, problem: "must be http or https" };
  if (url.username || url.password) return { ok: false, problem: "must not carry credentials" };
  if (!allowPrivate && isPrivateHost(url.hostname)) return { ok: false, problem: "must not point to a loopback or private address" };
  return { ok: true, href: url.href };
}

/** The policy as a check: null when the URL may be called, else what is wrong. */
export function checkCallbackUrl(value: string, allowPrivate: boolean): string | null {
  const result = parseCallbackUrl(value, allowPrivate);
  return result.ok ? null : result.problem;
}
