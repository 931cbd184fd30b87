/** Operator accounts (admin only): create, list, change role, disable, reset the password. */
import * as v from "valibot";
import { runAuditedBatch } from "../catalog/audit";
import { isUniqueViolation, type Db, type Statement } from "../catalog/db";
import { deleteOperatorSessions, findOperator, insertOperator, listOperators, updateOperator, type OperatorPatch } from "../catalog/operators";
import type { OperatorListAnswer } from "./api-types";
import { AdminError } from "./errors";
import { hashPassword } from "./passwords";

const Username = v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "1–64 of A-Z a-z 0-9 _ . -"));
const RoleSchema = v.picklist(["admin", "operator", "auditor"]);
const Password = v.pipe(v.string(), v.minLength(12), v.maxLength(1024));

export const CreateOperatorInput = v.object({ username: Username, role: RoleSchema, password: Password });
export const PatchOperatorInput = v.object({ role: v.optional(RoleSchema), disabled: v.optional(v.boolean()), password: v.optional(Password) });

export interface OperatorPorts {
  db: Db;
  /** The secrets' admin account: not stored in D1, not changeable here. */
  builtInAdmin: string;
  now: number;
  actor: string;
}

export async function listOperatorViews(ports: Pick<OperatorPorts, "db" | "builtInAdmin">): Promise<OperatorListAnswer> {
  const rows = await listOperators(ports.db);
  return {
    items: [
      { username: ports.builtInAdmin, role: "admin" as const, disabled: false, createdAt: null, lastLoginAt: null, builtIn: true },
      ...rows.map((r) => ({ username: r.username, role: r.role, disabled: r.disabled, createdAt: r.createdAt, lastLoginAt: r.lastLoginAt, builtIn: false })),
    ],
  };
}

export async function createOperator(ports: OperatorPorts, input: v.InferOutput<typeof CreateOperatorInput>) {
  if (input.username === ports.builtInAdmin || (await findOperator(ports.db, input.username))) {
    throw new AdminError("Conflict", `Operator ${input.username} exists.`, "username");
  }
  const row = { username: input.username, role: input.role, ...(await hashPassword(input.password)), disabled: false, createdAt: ports.now, lastLoginAt: null };
  try {
    await runAuditedBatch(ports.db, { at: ports.now, actor: ports.actor, action: "operator.create", target: `operator:${input.username}`, detail: { role: input.role } }, [
      insertOperator(ports.db, row),
    ]);
  } catch (err) {
    if (isUniqueViolation(err, "operators")) throw new AdminError("Conflict", `Operator ${input.username} exists.`, "username");
    throw err;
  }
  return { username: row.username, role: row.role, disabled: false, createdAt: row.createdAt, lastLoginAt: null };
}

/** A new role, disabling or a new password ends the operator's sessions in the same batch. */
export async function patchOperator(ports: OperatorPorts, username: string, patch: v.InferOutput<typeof PatchOperatorInput>) {
  if (username === ports.builtInAdmin) throw new AdminError("Forbidden", "The built-in admin is managed by the Worker's secrets.");
  const account = await findOperator(ports.db, username);
  if (!account) throw new AdminError("NotFound", `No operator ${username}.`);
  const changes: OperatorPatch = {};
  const detail: Record<string, unknown> = {};
  if (patch.role !== undefined) changes.role = detail.role = patch.role;
  if (patch.disabled !== undefined) changes.disabled = detail.disabled = patch.disabled;
  if (patch.password !== undefined) {
    Object.assign(changes, await hashPassword(patch.password));
    detail.passwordReset = true;
  }
  if (Object.keys(changes).length === 0) throw new AdminError("InvalidInput", "Nothing to change.");
  const statements: Statement[] = [updateOperator(ports.db, username, changes), deleteOperatorSessions(ports.db, username)];
  await runAuditedBatch(ports.db, { at: ports.now, actor: ports.actor, action: "operator.update", target: `operator:${username}`, detail }, statements);
  const updated = { ...account, ...changes };
  return { username, role: updated.role, disabled: updated.disabled, createdAt: updated.createdAt, lastLoginAt: updated.lastLoginAt };
}
