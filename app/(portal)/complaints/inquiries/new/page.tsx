import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { requirePermission } from "@/lib/auth/session";
import { intakeStores } from "@/lib/complaints/cases/queries";
import { storeDisplayName } from "@/lib/stores/display";
import { InquiryForm } from "./inquiry-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("complaintFollowUp.inquiries");
  return { title: t("newTitle") };
}

export default async function NewInquiryPage() {
  const me = await requirePermission("complaints.handle");
  const [stores, t, tComplaints, locale] = await Promise.all([
    intakeStores(getDb(), me),
    getTranslations("complaintFollowUp.inquiries"),
    getTranslations("complaints"),
    getLocale(),
  ]);
  return (
    <>
      <PageHeader title={t("newTitle")} description={t("newDescription")} />
      {stores.length === 0 ? (
        <EmptyState title={tComplaints("noStores")} />
      ) : (
        <InquiryForm stores={stores.map((s) => ({ id: s.id, label: storeDisplayName(s, locale) }))} />
      )}
    </>
  );
}
