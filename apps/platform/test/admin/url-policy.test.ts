/** CP callback URLs are untrusted: the platform must not be pointed at its own network. */
import { describe, expect, it } from "vitest";
import { checkCallbackUrl, parseCallbackUrl } from "../../src/admin/url-policy";
import { PROBED_ADDRESSES, PROBED_RAW } from "./probed-urls";

describe("checkCallbackUrl", () => {
  it("accepts public http(s) URLs", () => {
    for (const url of ["https://cp.example.com/emergency/series", "http://cp.example.com:8080/x?y=1", "https://[2606:4700:4700::1111]/x", "https://8.8.8.8/x", "https://[2a00:1450::1]/x"]) expect(checkCallbackUrl(url, false)).toBeNull();
  });

  it("refuses other schemes, credentials and relative URLs", () => {
    expect(checkCallbackUrl("ftp://cp.example.com/x", false)).toMatch(/http/);
    expect(checkCallbackUrl("javascript:alert(1)", false)).toMatch(/http/);
    expect(checkCallbackUrl("/relative", false)).toMatch(/absolute/);
    expect(checkCallbackUrl("https://a:b@cp.example.com/", false)).toMatch(/credentials/);
  });

  it("refuses loopback, private, link-local and metadata addresses in every spelling", () => {
    for (const url of [
      "http://localhost/x",
      "http://localhost./x",
      "http://api.localhost/x",
      "http://127.0.0.1/x",
      "http://2130706433/x", // 127.0.0.1 as one number
      "http://0x7f.0.0.1/x",
      "http://10.1.2.3/x",
      "http://172.20.0.1/x",
      "http://192.168.0.10/x",
      "http://169.254.169.254/latest/meta-data",
      "http://100.64.0.1/x",
      "http://0.0.0.0/x",
      "http://[::1]/x",
      "http://[fd00::1]/x",
      "http://[fe80::1]/x",
      "http://[::ffff:127.0.0.1]/x",
      "http://printer.local/x",
      ...PROBED_ADDRESSES,
      // every IANA special-purpose range, in IPv4 and IPv6
      "http://192.0.2.1/", "http://192.88.99.1/", "http://198.51.100.7/", "http://203.0.113.9/", "http://198.19.255.255/",
      "http://224.0.0.1/", "http://239.255.255.250/", "http://240.0.0.1/", "http://255.255.255.255/", "http://172.31.255.255/",
      "http://[::]/", "http://[::ffff:10.0.0.1]/", "http://[::ffff:0:0]/", "http://[64:ff9b:1::1]/", "http://[100::1]/",
      "http://[2001::1]/", "http://[2001:1ff::1]/", "http://[2001:db8::1]/", "http://[2002:c0a8:101::1]/", "http://[fc00::1]/",
      "http://[fdff::1]/", "http://[ff02::1]/", "http://[::a9fe:a9fe]/",
      // IPv4 spelled in decimal, octal, hex, short forms: the URL parser normalises them
      "http://0177.0.0.1/", "http://0x7f000001/", "http://127.1/", "http://3232235777/", "http://0xa9.0xfe.0xa9.0xfe/", "http://017700000001/",
    ]) {
      expect(checkCallbackUrl(url, false), url).toMatch(/loopback or private/);
      expect(checkCallbackUrl(url, true), url).toBeNull();
    }
  });

  it("refuses backslashes, control characters and credential tricks before parsing", () => {
    for (const url of [...PROBED_RAW, "http://cp.example.com\\x", "http://cp.example.com/a\r\nX-Injected: 1", "http://cp.example.com/\n", "http://cp.example.com/\tx", "http://cp.exa\u0000mple.com/", " http://cp.example.com/", "http://cp.example.com/a b", "http://cp.example.com/\u0085"]) {
      expect(checkCallbackUrl(url, false), JSON.stringify(url)).toMatch(/backslash|control/);
      expect(checkCallbackUrl(url, true), JSON.stringify(url)).toMatch(/backslash|control/);
    }
    expect(checkCallbackUrl("http://user@cp.example.com/", true)).toMatch(/credentials/);
    expect(checkCallbackUrl("http://:pw@cp.example.com/", true)).toMatch(/credentials/);
  });

  it("gives the parsed href to store, not the raw string", () => {
    expect(parseCallbackUrl("HTTPS://CP.Example.COM:443/a/../b?x=1#frag", false)).toEqual({ ok: true, href: "https://cp.example.com/b?x=1#frag" });
    expect(parseCallbackUrl("http://127.0.0.1:8790/cp/g/series-offline", true)).toEqual({ ok: true, href: "http://127.0.0.1:8790/cp/g/series-offline" });
  });
});
