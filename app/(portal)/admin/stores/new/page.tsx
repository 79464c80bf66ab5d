import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/layout/page-header";
import { requirePermission } from "@/lib/auth/session";
import { StoreForm } from "../store-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("stores");
  return { title: t("create") };
}

export default async function NewStorePage() {
  await requirePermission("stores.manage");
  const t = await getTranslations("stores");
  return (
    <>
      <PageHeader title={t("create")} description={t("createDescription")} />
      <StoreForm />
    </>
  );
}
