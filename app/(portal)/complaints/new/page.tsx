import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { requirePermission } from "@/lib/auth/session";
import { intakeStores } from "@/lib/complaints/cases/queries";
import { storeDisplayName } from "@/lib/stores/display";
import { ComplaintForm } from "./complaint-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("complaints");
  return { title: t("newTitle") };
}

export default async function NewComplaintPage() {
  const me = await requirePermission("complaints.handle");
  const [stores, t, locale] = await Promise.all([
    intakeStores(getDb(), me),
    getTranslations("complaints"),
    getLocale(),
  ]);
  return (
    <>
      <PageHeader title={t("newTitle")} description={t("newDescription")} />
      {stores.length === 0 ? (
        <EmptyState title={t("noStores")} />
      ) : (
        <ComplaintForm stores={stores.map((s) => ({ id: s.id, label: storeDisplayName(s, locale) }))} />
      )}
    </>
  );
}
