import "server-only";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { storeScopeOf, type StaffPrincipal } from "@/lib/auth/policy";
import { storeDisplayName } from "@/lib/stores/display";
import { listStoresInScope } from "@/lib/stores/queries";

/**
 * The active stores the staff member may set up and the one the page shows: the `store` URL
 * parameter, else the first. A store outside their scope (or unknown) is not found.
 */
export async function setupStores(me: StaffPrincipal, storeParam: string | undefined, locale: string) {
  const stores = await listStoresInScope(getDb(), storeScopeOf(me), { activeOnly: true });
  const store = storeParam ? stores.find((s) => s.id === storeParam) : stores[0];
  if (storeParam && !store) notFound();
  return {
    store: store ?? null,
    options: stores.map((s) => ({ id: s.id, label: `${s.code} ${storeDisplayName(s, locale)}` })),
  };
}
