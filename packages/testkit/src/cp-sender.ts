/**
 * The published CP kit as tools use it: `CpClient` with one attempt, its answer as a value
 * rather than a thrown error, since tools check refusals as well as acceptances.
 */
import { AnnexCError, CpClient, messageFromJson, type CpAnswer, type CpClientConfig } from "@gyt345/cp-sdk";

export function cpSender(config: Omit<CpClientConfig, "retry">) {
  const client = new CpClient({ ...config, retry: { attempts: 1 } });
  return {
    /** Signs and sends one message given as JSON (msgType picks the interface; msgId and msgTime default). */
    async send(json: Record<string, unknown>): Promise<CpAnswer> {
      try {
        const r = await client.send(messageFromJson(json));
        return { status: r.status, code: r.code, msg: r.msg };
      } catch (err) {
        if (err instanceof AnnexCError) return { status: err.status, code: err.code, msg: err.msg };
        throw err;
      }
    },
  };
}
