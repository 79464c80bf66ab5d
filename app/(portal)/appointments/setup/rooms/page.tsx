import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { EmptyState } from "@/components/layout/empty-state";
import { listRooms, roomListParamsSchema } from "@/lib/appointments/setup/queries";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { SetupTabs } from "../setup-tabs";
import { setupStores } from "../setup-store";
import { CreateRoomDialog } from "./room-dialogs";
import { RoomsTable } from "./rooms-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("appointmentSetup");
  return { title: t("tabs.rooms") };
}

export default async function RoomsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("appointments.setup");
  const params = roomListParamsSchema.parse(await searchParams);
  const locale = await getLocale();
  // The list shows every store in scope; ?store= narrows it (and is the store a new room goes to first).
  const [{ rows, total }, { options }, t] = await Promise.all([
    listRooms(getDb(), storeScopeOf(me), params),
    setupStores(me, undefined, locale),
    getTranslations("appointmentSetup"),
  ]);
  const defaultStoreId = options.find((s) => s.id === params.store)?.id ?? options[0]?.id;

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("rooms.description")}
        actions={
          defaultStoreId ? (
            <CreateRoomDialog key={defaultStoreId} stores={options} defaultStoreId={defaultStoreId} />
          ) : null
        }
      />
      <SetupTabs current="rooms" storeId={params.store} />
      {options.length === 0 ? (
        <EmptyState title={t("noStoresTitle")} body={t("noStoresBody")} />
      ) : (
        <RoomsTable rows={rows} total={total} params={params} stores={options} />
      )}
    </>
  );
}
