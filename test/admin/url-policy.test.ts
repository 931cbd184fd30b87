/** CP callback URLs are untrusted: the platform must not be pointed at its own network. */
import { describe, expect, it } from "vitest";
import { checkCallbackUrl } from "../../src/admin/url-policy";

describe("checkCallbackUrl", () => {
  it("accepts public http(s) URLs", () => {
    for (const url of ["https://cp.example.com/emergency/series", "http://cp.example.com:8080/x?y=1", "https://[2001:db8::1]/x"]) expect(checkCallbackUrl(url, false)).toBeNull();
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
    ]) {
      expect(checkCallbackUrl(url, false), url).toMatch(/loopback or private/);
      expect(checkCallbackUrl(url, true), url).toBeNull();
    }
  });
});
