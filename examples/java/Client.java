/*
 * GY/T 345-2021 CP client in one Java file (JDK 17+, BouncyCastle bcprov): keys, the signing
 * profile (docs/integration.md), sending a series and a program, verifying a 301/302 notice.
 *
 *   java -cp /usr/share/java/bcprov.jar Client.java keygen                     # prints private and public key hex
 *   java -cp /usr/share/java/bcprov.jar Client.java send BASE_URL GROUP_ID sm2:PRIVATE_HEX|mac:KEY_HEX
 *   java -cp /usr/share/java/bcprov.jar Client.java verify-notice NOTICE.json GROUP_ID sm2:PLATFORM_PUBLIC_HEX|mac:KEY_HEX
 *
 * NOTICE.json is {"url": "...", "body": "..."} — a notice as the platform POSTs it.
 * Exit status 0 when every answer was {"code":"ok"} / the notice verified.
 */
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

public class Client {
  static final X9ECParameters SM2 = GMNamedCurves.getByName("sm2p256v1");
  static final ECDomainParameters DOMAIN = new ECDomainParameters(SM2.getCurve(), SM2.getG(), SM2.getN(), SM2.getH());
  static final byte[] DEFAULT_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);
  static final SecureRandom RANDOM = new SecureRandom();

  // ------------------------------------------------------------------ hex, SM3, SM2, MAC

  static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) s.append(String.format("%02x", x & 0xff));
    return s.toString();
  }

  static byte[] unhex(String h) {
    byte[] out = new byte[h.length() / 2];
    for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
    return out;
  }

  static byte[] sm3(byte[] data) {
    SM3Digest d = new SM3Digest();
    d.update(data, 0, data.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  /** A CP's (or the platform's) key: SM2 with a private or public key, or the MAC secret. */
  record Key(String mode, String hex) {
    static Key parse(String spec) {
      int colon = spec.indexOf(':');
      return new Key(spec.substring(0, colon), spec.substring(colon + 1).toLowerCase());
    }

    /** sign: SM2 with SM3 and ID 1234567812345678, raw r‖s hex; mac: hex(SM4-ECB_K(SM3(M))). */
    String sign(byte[] message) throws Exception {
      if (mode.equals("mac")) return Client.hex(mac(unhex(hex), message));
      SM2Signer signer = new SM2Signer(PlainDSAEncoding.INSTANCE, new SM3Digest());
      ECPrivateKeyParameters priv = new ECPrivateKeyParameters(new BigInteger(hex, 16), DOMAIN);
      signer.init(true, new ParametersWithID(new ParametersWithRandom(priv, RANDOM), DEFAULT_ID));
      signer.update(message, 0, message.length);
      return Client.hex(signer.generateSignature());
    }

    boolean verify(byte[] message, String signatureHex) throws Exception {
      if (mode.equals("mac")) return MessageDigest.isEqual(mac(unhex(hex), message), unhex(signatureHex.toLowerCase()));
      // r‖s (128 hex) or DER, as the profile allows.
      SM2Signer verifier = signatureHex.length() == 128
          ? new SM2Signer(PlainDSAEncoding.INSTANCE, new SM3Digest())
          : new SM2Signer(StandardDSAEncoding.INSTANCE, new SM3Digest());
      ECPublicKeyParameters pub = new ECPublicKeyParameters(SM2.getCurve().decodePoint(unhex(hex)), DOMAIN);
      verifier.init(false, new ParametersWithID(pub, DEFAULT_ID));
      verifier.update(message, 0, message.length);
      return verifier.verifySignature(unhex(signatureHex));
    }
  }

  static byte[] mac(byte[] key, byte[] message) {
    byte[] digest = sm3(message);
    SM4Engine sm4 = new SM4Engine();
    sm4.init(true, new KeyParameter(key));
    byte[] out = new byte[32];
    sm4.processBlock(digest, 0, out, 0);
    sm4.processBlock(digest, 16, out, 16);
    return out;
  }

  // ------------------------------------------------------------------ JSON and RFC 8785

  /**
   * RFC 8785 (JCS) for the values these messages use: objects (members sorted by UTF-16 code
   * units — exactly Java's String.compareTo), arrays, strings, integers, booleans, null.
   */
  static String canonical(Object v) {
    StringBuilder s = new StringBuilder();
    write(s, v);
    return s.toString();
  }

  @SuppressWarnings("unchecked")
  static void write(StringBuilder s, Object v) {
    if (v == null) s.append("null");
    else if (v instanceof String str) writeString(s, str);
    else if (v instanceof Long || v instanceof Integer || v instanceof BigInteger) s.append(v.toString());
    else if (v instanceof Boolean) s.append(v.toString());
    else if (v instanceof Map<?, ?> m) {
      s.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : new TreeMap<>((Map<String, Object>) m).entrySet()) {
        if (!first) s.append(',');
        first = false;
        writeString(s, e.getKey());
        s.append(':');
        write(s, e.getValue());
      }
      s.append('}');
    } else if (v instanceof List<?> l) {
      s.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) s.append(',');
        write(s, l.get(i));
      }
      s.append(']');
    } else throw new IllegalArgumentException("not a JSON value: " + v);
  }

  static void writeString(StringBuilder s, String str) {
    s.append('"');
    for (int i = 0; i < str.length(); i++) {
      char c = str.charAt(i);
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        case '\b' -> s.append("\\b");
        case '\f' -> s.append("\\f");
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        default -> {
          if (c < 0x20) s.append(String.format("\\u%04x", (int) c));
          else s.append(c); // everything else as is: UTF-8 on the wire
        }
      }
    }
    s.append('"');
  }

  /** A small JSON parser (objects keep their order; numbers must be integers here). */
  static final class Parser {
    final String t;
    int i;

    Parser(String t) {
      this.t = t;
    }

    Object value() {
      ws();
      char c = t.charAt(i);
      if (c == '{') {
        Map<String, Object> m = new LinkedHashMap<>();
        i++;
        ws();
        if (t.charAt(i) == '}') { i++; return m; }
        for (;;) {
          ws();
          String k = (String) value();
          ws();
          expect(':');
          m.put(k, value());
          ws();
          if (t.charAt(i) == ',') { i++; continue; }
          expect('}');
          return m;
        }
      }
      if (c == '[') {
        List<Object> l = new ArrayList<>();
        i++;
        ws();
        if (t.charAt(i) == ']') { i++; return l; }
        for (;;) {
          l.add(value());
          ws();
          if (t.charAt(i) == ',') { i++; continue; }
          expect(']');
          return l;
        }
      }
      if (c == '"') {
        StringBuilder s = new StringBuilder();
        i++;
        for (;;) {
          char d = t.charAt(i++);
          if (d == '"') return s.toString();
          if (d != '\\') { s.append(d); continue; }
          char e = t.charAt(i++);
          switch (e) {
            case 'b' -> s.append('\b');
            case 'f' -> s.append('\f');
            case 'n' -> s.append('\n');
            case 'r' -> s.append('\r');
            case 't' -> s.append('\t');
            case 'u' -> { s.append((char) Integer.parseInt(t.substring(i, i + 4), 16)); i += 4; }
            default -> s.append(e);
          }
        }
      }
      if (t.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
      if (t.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
      if (t.startsWith("null", i)) { i += 4; return null; }
      int start = i;
      while (i < t.length() && "+-0123456789.eE".indexOf(t.charAt(i)) >= 0) i++;
      String num = t.substring(start, i);
      if (num.matches("-?\\d+")) return Long.parseLong(num);
      throw new IllegalArgumentException("only integers are expected here: " + num);
    }

    void ws() {
      while (i < t.length() && Character.isWhitespace(t.charAt(i))) i++;
    }

    void expect(char c) {
      if (t.charAt(i++) != c) throw new IllegalArgumentException("expected " + c + " at " + (i - 1));
    }
  }

  // ------------------------------------------------------------------ the profile

  /** POST\n<path>\ngroupId=…&nonce=…&ts=…\n<hex SM3 of the body bytes> (LF, no trailing LF). */
  static String stringToSign(String path, String groupId, String nonce, String ts, byte[] body) {
    return "POST\n" + path + "\ngroupId=" + groupId + "&nonce=" + nonce + "&ts=" + ts + "\n" + hex(sm3(body));
  }

  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Signs msgSign, then sign, and POSTs; returns the answer's status and body. */
  static String[] send(String base, String groupId, Key key, String path, Map<String, Object> message) throws Exception {
    String msgSign = key.sign(canonical(message).getBytes(StandardCharsets.UTF_8));
    Map<String, Object> withSign = new TreeMap<>(message);
    withSign.put("msgSign", msgSign);
    byte[] body = canonical(withSign).getBytes(StandardCharsets.UTF_8);
    String nonce = hex(randomBytes(16));
    String ts = Long.toString(System.currentTimeMillis());
    String sign = key.sign(stringToSign(path, groupId, nonce, ts, body).getBytes(StandardCharsets.UTF_8));
    URI uri = URI.create(base + path + "?groupId=" + groupId + "&nonce=" + nonce + "&ts=" + ts + "&sign=" + sign);
    HttpRequest req = HttpRequest.newBuilder(uri).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    HttpResponse<String> res = HTTP.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new String[] { Integer.toString(res.statusCode()), res.body() };
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  static Map<String, Object> obj(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  // ------------------------------------------------------------------ commands

  static int keygen() {
    ECKeyPairGenerator gen = new ECKeyPairGenerator();
    gen.init(new ECKeyGenerationParameters(DOMAIN, RANDOM));
    AsymmetricCipherKeyPair kp = gen.generateKeyPair();
    BigInteger d = ((ECPrivateKeyParameters) kp.getPrivate()).getD();
    byte[] q = ((ECPublicKeyParameters) kp.getPublic()).getQ().getEncoded(false);
    System.out.println("privateKey " + String.format("%064x", d));
    System.out.println("publicKey " + hex(q));
    return 0;
  }

  static int sendSeries(String base, String groupId, Key key) throws Exception {
    long now = System.currentTimeMillis();
    String seriesId = "S-JAVA-1";
    String programId = "P-JAVA-1";
    Map<String, Object> episode = obj("programId", programId, "seriesId", seriesId, "title", "第1集 Java", "programType", "正片", "seq", 1L, "stage", 1L, "paid", 0L, "status", "online");
    Map<String, Object> series = obj(
        "msgId", "m-java-s-" + hex(randomBytes(6)), "msgType", 100L, "msgTime", now,
        "msgData", obj("seriesId", seriesId, "title", "山海情 (Java 示例)", "vImageUrl", "https://img.example.com/java-v.jpg",
            "category", "电视剧", "year", "2021", "definition", "HD", "completed", "false", "status", "online",
            "seriesPrograms", List.of(episode)));
    Map<String, Object> program = obj(
        "msgId", "m-java-p-" + hex(randomBytes(6)), "msgType", 200L, "msgTime", now + 1,
        "msgData", obj("programId", programId, "title", "第1集 Java", "duration", 2700L, "category", "电视剧", "definition", "HD",
            "seriesId", seriesId, "paid", 0L, "status", "online", "seriesPrograms", episode,
            "playInfos", List.of(obj("videoId", "V-JAVA-1", "definition", "HD", "format", "hls", "playUrl", "https://cdn.example.com/java/1.m3u8"))));
    int failures = 0;
    for (Object[] m : new Object[][] { { "/api/v1/series/inject", series }, { "/api/v1/programs/inject", program } }) {
      @SuppressWarnings("unchecked")
      String[] answer = send(base, groupId, key, (String) m[0], (Map<String, Object>) m[1]);
      boolean ok = answer[0].equals("200") && answer[1].contains("\"code\":\"ok\"");
      System.out.println((ok ? "accepted " : "REFUSED ") + m[0] + " " + answer[0] + " " + answer[1]);
      if (!ok) failures++;
    }
    return failures == 0 ? 0 : 1;
  }

  @SuppressWarnings("unchecked")
  static int verifyNotice(String file, String groupId, Key key) throws Exception {
    Map<String, Object> captured = (Map<String, Object>) new Parser(Files.readString(Path.of(file), StandardCharsets.UTF_8)).value();
    URI url = URI.create((String) captured.get("url"));
    byte[] body = ((String) captured.get("body")).getBytes(StandardCharsets.UTF_8);
    Map<String, String> q = new LinkedHashMap<>();
    for (String part : url.getRawQuery().split("&")) q.put(part.substring(0, part.indexOf('=')), part.substring(part.indexOf('=') + 1));
    boolean groupOk = groupId.equals(q.get("groupId"));
    long age = Math.abs(System.currentTimeMillis() - Long.parseLong(q.get("ts")));
    String toSign = stringToSign(url.getRawPath(), q.get("groupId"), q.get("nonce"), q.get("ts"), body);
    boolean signOk = key.verify(toSign.getBytes(StandardCharsets.UTF_8), q.get("sign"));
    Map<String, Object> msg = (Map<String, Object>) new Parser(new String(body, StandardCharsets.UTF_8)).value();
    String msgSign = (String) msg.remove("msgSign");
    boolean msgSignOk = msgSign != null && key.verify(canonical(msg).getBytes(StandardCharsets.UTF_8), msgSign);
    System.out.println("groupId is ours: " + groupOk);
    System.out.println("ts within 300 s: " + (age <= 300_000));
    System.out.println("sign verifies: " + signOk);
    System.out.println("msgSign verifies: " + msgSignOk);
    System.out.println("notice: msgType " + msg.get("msgType") + " msgId " + msg.get("msgId") + " msgData " + canonical(msg.get("msgData")));
    return groupOk && signOk && msgSignOk && age <= 300_000 ? 0 : 1;
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: keygen | send BASE_URL GROUP_ID sm2:HEX|mac:HEX | verify-notice FILE GROUP_ID sm2:PUBHEX|mac:HEX");
      System.exit(2);
    }
    int status = switch (args[0]) {
      case "keygen" -> keygen();
      case "send" -> sendSeries(args[1], args[2], Key.parse(args[3]));
      case "verify-notice" -> verifyNotice(args[1], args[2], Key.parse(args[3]));
      default -> 2;
    };
    System.exit(status);
  }
}
