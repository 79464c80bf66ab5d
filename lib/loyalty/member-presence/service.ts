import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import { and, count, desc, eq, gt, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiMemberLookups, memberPresenceCodes, members, storedValueCards } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { findMemberId } from "../purchases/queries";
import type { CreateTransactionInput } from "../purchases/schemas";
import { normalizeStoredValueCardNo } from "../stored-value/schemas";
import {
  MEMBER_CODE_ISSUE_WINDOW_MINUTES,
  MEMBER_CODE_MAX_ATTEMPTS,
  MEMBER_CODE_TTL_SECONDS,
  MEMBER_CODES_PER_WINDOW,
  type IssueMemberCodeInput,
  type IssueMemberCodeResponse,
} from "./schemas";

/**
 * Only a hash is stored, bound to the member so that one member's code is no other's. (A 6-digit
 * code is no secret against someone who can read the table; the short life and the attempt limit
 * are the protection, the hash keeps codes out of backups and logs.)
 */
export function hashMemberCode(memberId: string, code: string): Buffer {
  return createHash("sha256").update(`${memberId}:${code}`, "utf8").digest();
}

/**
 * The member app (a `member_app` key) asks for a code for a member it has signed in; the code ends
 * the member's earlier codes. At most MEMBER_CODES_PER_WINDOW per member in the window.
 */
export async function issueMemberCode(
  db: Db,
  apiKeyId: string,
  input: IssueMemberCodeInput,
): Promise<IssueMemberCodeResponse> {
  const memberId = await findMemberId(db, input.member);
  if (!memberId) throw new AppError("member_not_found");
  // The member's row lock serialises concurrent issues, so the count below is exact.
  await db.select({ id: members.id }).from(members).where(eq(members.id, memberId)).for("update");
  const [recent] = await db
    .select({ n: count() })
    .from(memberPresenceCodes)
    .where(
      and(
        eq(memberPresenceCodes.memberId, memberId),
        gt(memberPresenceCodes.createdAt, sql`now() - make_interval(mins => ${MEMBER_CODE_ISSUE_WINDOW_MINUTES})`),
      ),
    );
  if ((recent?.n ?? 0) >= MEMBER_CODES_PER_WINDOW)
    throw new AppError("rate_limited", {
      detail: `At most ${MEMBER_CODES_PER_WINDOW} codes per member in ${MEMBER_CODE_ISSUE_WINDOW_MINUTES} minutes; try again later.`,
    });
  await db
    .update(memberPresenceCodes)
    .set({ expiresAt: sql`now()` })
    .where(openCodes(memberId));
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const [row] = await db
    .insert(memberPresenceCodes)
    .values({
      memberId,
      codeHash: hashMemberCode(memberId, code).toString("hex"),
      issuedByApiKeyId: apiKeyId,
      expiresAt: sql`now() + make_interval(secs => ${MEMBER_CODE_TTL_SECONDS})`,
    })
    .returning({ expiresAt: memberPresenceCodes.expiresAt });
  return { memberId, code, expiresAt: row!.expiresAt.toISOString() };
}

function openCodes(memberId: string) {
  return and(
    eq(memberPresenceCodes.memberId, memberId),
    isNull(memberPresenceCodes.usedAt),
    gt(memberPresenceCodes.expiresAt, sql`now()`),
  );
}

function invalidCode(keepWrites: boolean): AppError {
  return new AppError("member_code_invalid", {
    keepWrites,
    fieldErrors: { memberCode: ["The member code is wrong, expired or already used."] },
  });
}

/**
 * Uses the member's code: it must be the member's newest open code. A wrong code counts against it
 * (the count commits although the request fails) and MEMBER_CODE_MAX_ATTEMPTS wrong tries end it.
 * Runs in the spending request's transaction: if the spend then fails, the code is not used up.
 */
export async function spendMemberCode(db: Db, apiKeyId: string, memberId: string, code: string): Promise<void> {
  const [open] = await db
    .select({ id: memberPresenceCodes.id, codeHash: memberPresenceCodes.codeHash })
    .from(memberPresenceCodes)
    .where(openCodes(memberId))
    .orderBy(desc(memberPresenceCodes.createdAt))
    .limit(1)
    .for("update");
  if (!open) throw invalidCode(false);
  if (!timingSafeEqual(Buffer.from(open.codeHash, "hex"), hashMemberCode(memberId, code))) {
    await db
      .update(memberPresenceCodes)
      .set({
        failedAttempts: sql`${memberPresenceCodes.failedAttempts} + 1`,
        expiresAt: sql`case when ${memberPresenceCodes.failedAttempts} + 1 >= ${MEMBER_CODE_MAX_ATTEMPTS} then now() else ${memberPresenceCodes.expiresAt} end`,
      })
      .where(eq(memberPresenceCodes.id, open.id));
    throw invalidCode(true);
  }
  await db
    .update(memberPresenceCodes)
    .set({ usedAt: sql`now()`, usedByApiKeyId: apiKeyId })
    .where(eq(memberPresenceCodes.id, open.id));
}

/**
 * Spending from a member's account needs that member's code; `memberId` null means nothing of a
 * member's is spent (or only a card nobody holds, which is a bearer card) and no code is needed.
 */
export async function requireMemberPresence(
  db: Db,
  apiKeyId: string,
  memberId: string | null,
  code: string | undefined,
): Promise<void> {
  if (!memberId) return;
  if (!code)
    throw new AppError("validation", {
      fieldErrors: {
        memberCode: ["Spending points or stored value needs the 6-digit code the member shows in the member app."],
      },
    });
  await spendMemberCode(db, apiKeyId, memberId, code);
}

/**
 * Whose account a purchase spends from: the purchase's member for a points payment, the holder of
 * each stored-value card paid with. Null when it spends nothing of a member's. One purchase spends
 * one member's account: several holders are refused.
 */
export async function memberSpendingIn(db: Db, input: CreateTransactionInput): Promise<string | null> {
  const cardNos = input.payments.flatMap((p) =>
    p.method === "stored_value" ? [normalizeStoredValueCardNo(p.cardNo)] : [],
  );
  const paysWithPoints = input.payments.some((p) => p.method === "points");
  if (cardNos.length === 0 && !paysWithPoints) return null;
  const spenders = new Set<string>();
  if (paysWithPoints && input.member) {
    const memberId = await findMemberId(db, input.member);
    if (memberId) spenders.add(memberId);
  }
  if (cardNos.length > 0) {
    const holders = await db
      .selectDistinct({ memberId: storedValueCards.memberId })
      .from(storedValueCards)
      .where(and(inArray(storedValueCards.cardNo, cardNos), isNotNull(storedValueCards.memberId)));
    for (const holder of holders) spenders.add(holder.memberId!);
  }
  if (spenders.size > 1)
    throw new AppError("validation", {
      fieldErrors: { payments: ["One purchase may spend the points and stored value of one member only."] },
    });
  return spenders.values().next().value ?? null;
}

/** How long the look-up log is kept: long enough to investigate a till's pattern, then gone. */
export const LOOKUP_LOG_RETENTION_DAYS = 180;

/** The daily clean-up (job `member-presence`): codes a day past their end, look-ups past the retention. */
export async function removeEndedMemberPresence(db: Db): Promise<{ codes: number; lookups: number }> {
  const codes = await db
    .delete(memberPresenceCodes)
    .where(lt(memberPresenceCodes.expiresAt, sql`now() - interval '1 day'`))
    .returning({ id: memberPresenceCodes.id });
  const lookups = await db
    .delete(apiMemberLookups)
    .where(lt(apiMemberLookups.createdAt, sql`now() - make_interval(days => ${LOOKUP_LOG_RETENTION_DAYS})`))
    .returning({ id: apiMemberLookups.id });
  return { codes: codes.length, lookups: lookups.length };
}
