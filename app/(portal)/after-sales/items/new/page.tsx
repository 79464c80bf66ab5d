import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { intakeStores } from "@/lib/after-sales/intake/queries";
import { memberPurchases } from "@/lib/after-sales/passports/queries";
import { getBookingMember } from "@/lib/appointments/booking/queries";
import { requirePermission } from "@/lib/auth/session";
import { storeDisplayName } from "@/lib/stores/display";
import { RegisterItemForm } from "./register-item-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("afterSalesIntake");
  return { title: t("register.title") };
}

/**
 * Registers a piece for a member (`?memberId=`): from one of their purchase lines (name and
 * category prefilled, linked to the sale) or without a purchase. A member outside the staff
 * member's stores, or none, is not found.
 */
export default async function NewItemPage({ searchParams }: { searchParams: Promise<{ memberId?: string }> }) {
  const me = await requirePermission("aftersales.intake");
  const { memberId } = await searchParams;
  const db = getDb();
  const member = memberId ? await getBookingMember(db, me, memberId) : null;
  if (!member) notFound();
  const [stores, purchases, t, locale] = await Promise.all([
    intakeStores(db, me),
    memberPurchases(db, me, member.id),
    getTranslations("afterSalesIntake"),
    getLocale(),
  ]);
  return (
    <>
      <PageHeader
        title={t("register.title")}
        description={t("register.description")}
        actions={
          <Link href={`/members/${member.id}`} className="text-sm text-amber-800 hover:underline">
            {t("register.backToMember")}
          </Link>
        }
      />
      {stores.length === 0 ? (
        <EmptyState title={t("noStores")} />
      ) : (
        <RegisterItemForm
          member={member}
          stores={stores.map((store) => ({ id: store.id, label: storeDisplayName(store, locale) }))}
          purchases={purchases}
        />
      )}
    </>
  );
}
