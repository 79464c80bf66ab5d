import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { listPendingCompensations, pendingCompensationsParamsSchema } from "@/lib/complaints/resolution/queries";
import { PendingCompensationsTable } from "./pending-compensations-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("complaintResolution");
  return { title: t("approvalsTitle") };
}

/**
 * Goodwill compensations above their requester's threshold wait here for a manager of the
 * complaint's store who is not the requester; each row shows what the month's budget has left.
 * docs/domain.md#compensation-and-budget
 */
export default async function CompensationApprovalsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("complaints.compensate.approve");
  const params = pendingCompensationsParamsSchema.parse(await searchParams);
  const [t, { rows, total }] = await Promise.all([
    getTranslations("complaintResolution"),
    listPendingCompensations(getDb(), storeScopeOf(me), params),
  ]);
  return (
    <>
      <PageHeader title={t("approvalsTitle")} description={t("approvalsDescription")} />
      <PendingCompensationsTable rows={rows} total={total} params={params} viewerId={me.id} />
    </>
  );
}
