import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import {
  AUDIT_ENTITY_TYPES,
  AUDIT_TIME_ZONE,
  auditListParamsSchema,
  KNOWN_AUDIT_ACTIONS,
  listAuditActions,
  listAuditEntries,
} from "@/lib/audit/queries";
import { can, storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { AuditTable } from "./audit-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("audit");
  return { title: t("title") };
}

export default async function AuditLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("audit.read");
  const params = auditListParamsSchema.parse(await searchParams);
  const scope = storeScopeOf(me);
  const db = getDb();
  const [{ rows, total }, actionsInLog, t] = await Promise.all([
    listAuditEntries(db, scope, params),
    listAuditActions(db, scope),
    getTranslations("audit"),
  ]);
  const actions = [
    ...new Set<string>([...KNOWN_AUDIT_ACTIONS, ...actionsInLog, ...(params.action ? [params.action] : [])]),
  ];
  return (
    <>
      <PageHeader title={t("title")} description={scope.kind === "all" ? t("description") : t("descriptionScoped")} />
      <AuditTable
        entityTypes={AUDIT_ENTITY_TYPES}
        rows={rows}
        total={total}
        params={params}
        actions={actions}
        timeZone={AUDIT_TIME_ZONE}
        links={{
          staff: can(me, "staff.read"),
          // Links only to stores the reader can open; another store's page would be "not found".
          stores: can(me, "stores.read") ? (scope.kind === "all" ? "all" : [...scope.storeIds]) : [],
        }}
      />
    </>
  );
}
