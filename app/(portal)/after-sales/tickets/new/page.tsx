import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { priceListAt } from "@/lib/after-sales/intake/price-list";
import { intakeMemberContext, intakeStores } from "@/lib/after-sales/intake/queries";
import { PROMISE_MAX_DAYS } from "@/lib/after-sales/intake/schemas";
import { getBookingMember } from "@/lib/appointments/booking/queries";
import { requirePermission } from "@/lib/auth/session";
import { storeDisplayName } from "@/lib/stores/display";
import { shiftDay, todayIn } from "@/lib/time";
import { IntakeForm, type IntakeStart } from "./intake-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("afterSalesIntake");
  return { title: t("intake.title") };
}

/**
 * Takes a piece in for service (`?memberId=…&itemId=…` to start from a member or a piece): the
 * member, the piece (a passport or one registered here), the service, the weight, photos, the price
 * the rule gives, the promised date. On success the ticket's page opens, where the receipt and the
 * bag tag are printed.
 */
export default async function NewServiceTicketPage({
  searchParams,
}: {
  searchParams: Promise<{ memberId?: string; itemId?: string }>;
}) {
  const me = await requirePermission("aftersales.intake");
  const { memberId, itemId } = await searchParams;
  const db = getDb();
  const now = new Date();
  const [stores, priceList, t, locale] = await Promise.all([
    intakeStores(db, me),
    priceListAt(db, now),
    getTranslations("afterSalesIntake"),
    getLocale(),
  ]);

  let start: IntakeStart | null = null;
  const member = memberId ? await getBookingMember(db, me, memberId) : null;
  if (member) {
    const context = await intakeMemberContext(db, me, member.id);
    const wanted = z.uuid().safeParse(itemId).success ? itemId : undefined;
    start = { member, context, itemId: context.items.some((item) => item.id === wanted) ? wanted! : "" };
  }

  return (
    <>
      <PageHeader title={t("intake.title")} description={t("intake.description")} />
      {stores.length === 0 ? (
        <EmptyState title={t("noStores")} />
      ) : (
        <IntakeForm
          stores={stores.map((store) => {
            const today = todayIn(store.timeZone, now);
            return {
              id: store.id,
              label: storeDisplayName(store, locale),
              timeZone: store.timeZone,
              today,
              latest: shiftDay(today, { days: PROMISE_MAX_DAYS }),
              suggested: shiftDay(today, { days: 7 }),
            };
          })}
          priceList={priceList}
          nowIso={now.toISOString()}
          start={start}
        />
      )}
    </>
  );
}
