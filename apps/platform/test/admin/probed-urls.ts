/** Issue 11 item 9: the address forms a security probe of onboarding found accepted. */
export const PROBED_ADDRESSES = [
  "http://[febf::1]/",
  "http://[fec0::1]/",
  "http://[::7f00:1]/",
  "http://[64:ff9b::169.254.169.254]/",
  "http://[2002:7f00:1::]/",
  "http://198.18.0.1/",
  "http://192.0.0.1/",
];

/** …and the raw-string tricks: a backslash before `@`, CR/LF. */
export const PROBED_RAW = ["http://cp.example\\@127.0.0.1/", "http://cp.example.com/x\r\nX-Injected: 1", "http://cp.example.com/\n"];
