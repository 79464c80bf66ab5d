import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { can, storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { getMemberForEdit, listAdvisorsInScope } from "@/lib/members/queries";
import { listStoresInScope } from "@/lib/stores/queries";
import { storeDisplayName } from "@/lib/stores/display";
import { EditMemberForm } from "./edit-member-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("members");
  return { title: t("edit") };
}

export default async function EditMemberPage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requirePermission("members.write");
  const { id } = await params;
  const db = getDb();
  const [member, stores, advisors, t, locale] = await Promise.all([
    getMemberForEdit(db, me, id),
    listStoresInScope(db, storeScopeOf(me)),
    listAdvisorsInScope(db, me),
    getTranslations("members"),
    getLocale(),
  ]);
  if (!member || member.erased) notFound();
  return (
    <>
      <PageHeader
        title={t("editTitle", { name: member.masked.name })}
        description={member.contact ? undefined : t("editMaskedHint")}
      />
      <EditMemberForm
        member={member}
        stores={stores.map((s) => ({ id: s.id, code: s.code, name: storeDisplayName(s, locale) }))}
        advisors={advisors}
        // Choosing the advisor lifts the masking for that advisor: a manager's decision.
        canAssignAdvisor={can(me, "members.assign_advisor")}
      />
    </>
  );
}
