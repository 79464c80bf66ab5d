import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { listStoresInScope } from "@/lib/stores/queries";
import { storeDisplayName } from "@/lib/stores/display";
import { EventForm } from "../event-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("events");
  return { title: t("create") };
}

export default async function NewEventPage() {
  const me = await requirePermission("events.manage");
  const [stores, t, locale] = await Promise.all([
    listStoresInScope(getDb(), storeScopeOf(me), { activeOnly: true }),
    getTranslations("events"),
    getLocale(),
  ]);
  return (
    <>
      <PageHeader title={t("create")} description={t("createDescription")} />
      {stores.length === 0 ? (
        <Alert tone="warning">{t("noStores")}</Alert>
      ) : (
        <EventForm
          mode="create"
          stores={stores.map((store) => ({
            id: store.id,
            label: storeDisplayName(store, locale),
            timeZone: store.timeZone,
          }))}
          defaults={{
            storeId: stores[0]!.id,
            kind: "tasting",
            titleZh: "",
            titleEn: "",
            startsAt: "",
            endsAt: "",
            capacity: 30,
            inviteDiamondFrom: "",
            inviteGoldFrom: "",
            inviteSilverFrom: "",
          }}
        />
      )}
    </>
  );
}
