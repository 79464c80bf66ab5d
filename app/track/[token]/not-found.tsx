import { getTranslations } from "next-intl/server";
import { TrackingShell } from "./tracking-shell";

/** An unknown or malformed tracking link: a neutral page (404) that does not tell whether a ticket exists. */
export default async function TrackingNotFound() {
  const t = await getTranslations("afterSalesTickets.tracking");
  return (
    <TrackingShell>
      <h1 className="mt-2 text-xl font-semibold text-stone-900">{t("invalidTitle")}</h1>
      <p className="mt-1 text-sm text-stone-600">{t("invalidBody")}</p>
    </TrackingShell>
  );
}
