import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/layout/page-header";
import { requirePermission } from "@/lib/auth/session";
import { CreateGiftForm } from "../gift-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("loyaltyGifts");
  return { title: t("create") };
}

export default async function NewGiftPage() {
  await requirePermission("loyalty.gifts.manage");
  const t = await getTranslations("loyaltyGifts");
  return (
    <>
      <PageHeader title={t("create")} description={t("createDescription")} />
      <CreateGiftForm />
    </>
  );
}
