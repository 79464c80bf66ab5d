import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { can, storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { listAdvisorsInScope } from "@/lib/members/queries";
import { listStoresInScope } from "@/lib/stores/queries";
import { storeDisplayName } from "@/lib/stores/display";
import { CreateMemberForm } from "./create-member-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("members");
  return { title: t("create") };
}

export default async function NewMemberPage() {
  const me = await requirePermission("members.write");
  const db = getDb();
  // Choosing the advisor lifts the masking for that advisor: a manager's decision.
  const canAssignAdvisor = can(me, "members.assign_advisor");
  const [stores, advisors, t, locale] = await Promise.all([
    listStoresInScope(db, storeScopeOf(me), { activeOnly: true }),
    canAssignAdvisor ? listAdvisorsInScope(db, me) : [],
    getTranslations("members"),
    getLocale(),
  ]);
  return (
    <>
      <PageHeader title={t("create")} description={t("createDescription")} />
      <CreateMemberForm
        stores={stores.map((s) => ({ id: s.id, code: s.code, name: storeDisplayName(s, locale) }))}
        advisors={advisors}
        canAssignAdvisor={canAssignAdvisor}
      />
    </>
  );
}
