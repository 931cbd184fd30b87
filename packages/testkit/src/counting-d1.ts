/**
 * A D1 binding that counts round trips: batch/exec/dump, and statements run outside a batch
 * (first/run/all/raw). Used by the round-trip test and the ingest benchmark's worker.
 */
export interface CountingD1 {
  db: D1Database;
  calls: string[];
}

export function countingD1(real: D1Database): CountingD1 {
  const calls: string[] = [];
  const wrapStatement = (st: D1PreparedStatement): D1PreparedStatement => {
    const bind = st.bind.bind(st);
    for (const m of ["first", "run", "all", "raw"] as const) {
      const orig = (st[m] as (...a: unknown[]) => unknown).bind(st);
      (st as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
        calls.push(m);
        return orig(...a);
      };
    }
    st.bind = (...values: unknown[]) => wrapStatement(bind(...values));
    return st;
  };
  const db = {
    prepare: (q: string) => wrapStatement(real.prepare(q)),
    batch: (statements: D1PreparedStatement[]) => {
      calls.push("batch");
      return real.batch(statements);
    },
    exec: (q: string) => {
      calls.push("exec");
      return real.exec(q);
    },
    dump: () => {
      calls.push("dump");
      return real.dump();
    },
    withSession: () => {
      throw new Error("counting D1: sessions are not used on the ingest path");
    },
  } as unknown as D1Database;
  return { db, calls };
}
