import { z } from "zod";
import type { Db } from "@/db/client";
import { byActor, recordAudit, type Actor } from "@/lib/audit/service";
import { authorize, type StaffPrincipal } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import type { MemberStatementLabels } from "./labels";
import { renderMemberStatementPdf } from "./pdf";
import { loadMemberStatement, type MemberStatement } from "./queries";
import { statementPeriodSchema } from "./schemas";

export type StatementRequest = { memberId: string; from?: unknown; to?: unknown };

export type RenderedStatement = { filename: string; pdf: Buffer; statement: MemberStatement };

/**
 * The member statement as a PDF, as the route serves it: `loyalty.statement` (else forbidden), a
 * valid period (else a validation error with field errors: `to` before `from`, longer than three
 * years), the member in the staff member's scope (else not found). A statement is personal data
 * leaving the system: each one is audited (`members.statement`, with the period; no personal data).
 */
export async function createMemberStatement(
  db: Db,
  staff: StaffPrincipal,
  actor: Actor,
  request: StatementRequest,
  render: { labels: MemberStatementLabels; locale: string },
  now: Date = new Date(),
): Promise<RenderedStatement> {
  authorize(staff, "loyalty.statement");
  const parsed = statementPeriodSchema.safeParse({ from: request.from, to: request.to });
  if (!parsed.success) {
    const { fieldErrors } = z.flattenError(parsed.error);
    throw new AppError("validation", { fieldErrors: fieldErrors as Record<string, string[]> });
  }
  // Not a member id at all: the same answer as a member outside the staff member's stores.
  if (!z.uuid().safeParse(request.memberId).success) throw new AppError("not_found");

  const statement = await loadMemberStatement(db, staff, request.memberId, parsed.data, now);
  const pdf = await renderMemberStatementPdf(statement, render.labels, render.locale);
  await recordAudit(db, {
    action: "members.statement",
    ...byActor(actor),
    entityType: "member",
    entityId: statement.memberId,
    storeId: statement.homeStore.id,
    details: {
      from: statement.period.from,
      to: statement.period.to,
      locale: render.locale,
      pointsEntries: statement.points.entries.length,
      transactions: statement.transactions.length,
    },
  });
  return { filename: `member-statement-${statement.period.from}-${statement.period.to}.pdf`, pdf, statement };
}
