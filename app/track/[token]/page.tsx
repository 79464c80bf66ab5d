import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { utcCalendarDay } from "@/lib/after-sales/tickets/schemas";
import { loadTrackingPage, type TrackingStage } from "@/lib/after-sales/tracking/queries";
import { clientIp } from "@/lib/auth/request-ip";
import { storeDisplayName } from "@/lib/stores/display";
import { TrackingShell } from "./tracking-shell";

// docs/domain.md#jewelry-after-sales: the customer's page, no session
// (proxy.ts exempts /track/), in the browser's language. The token is in the address: never
// indexed, never sent on as a referrer. It shows the piece's category, the service, the stage, the
// promised date and the store — no name, phone, claim code or price.
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("afterSalesTickets.tracking");
  return {
    title: t("title"),
    robots: { index: false, follow: false, nocache: true },
    referrer: "no-referrer",
  };
}

/** The steps a customer follows, in order (a cancelled ticket shows none). */
const STEPS: readonly Exclude<TrackingStage, "cancelled">[] = [
  "received",
  "in_service",
  "quality_check",
  "ready",
  "collected",
];

export default async function TrackingPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const page = await loadTrackingPage(getDb(), { token, address: clientIp(await headers()) });
  if (page.kind === "not_found") notFound();
  const [t, tTicket, format, locale] = await Promise.all([
    getTranslations("afterSalesTickets.tracking"),
    getTranslations("afterSalesTickets"),
    getFormatter(),
    getLocale(),
  ]);
  if (page.kind === "rate_limited") {
    return (
      <TrackingShell>
        <h1 className="mt-2 text-xl font-semibold text-stone-900">{t("tooManyTitle")}</h1>
        <p className="mt-1 text-sm text-stone-600">{t("tooManyBody", { seconds: page.retryAfterSeconds })}</p>
      </TrackingShell>
    );
  }
  const { ticket } = page;
  const current = ticket.stage === "cancelled" ? -1 : STEPS.indexOf(ticket.stage);
  return (
    <TrackingShell>
      <h1 className="mt-2 text-xl font-semibold text-stone-900">{t("title")}</h1>
      <p className="mt-1 text-sm text-stone-600">
        {t("about", {
          category: tTicket(`categories.${ticket.category}`),
          service: tTicket(`serviceTypes.${ticket.serviceType}`),
        })}
      </p>
      <div
        className={
          ticket.ready
            ? "mt-5 rounded-md bg-emerald-50 p-4 text-emerald-900 ring-1 ring-emerald-200"
            : ticket.stage === "cancelled"
              ? "mt-5 rounded-md bg-red-50 p-4 text-red-900 ring-1 ring-red-200"
              : "mt-5 rounded-md bg-stone-50 p-4 text-stone-900 ring-1 ring-stone-200"
        }
        data-testid="tracking-stage"
      >
        <p className="text-base font-semibold">{t(`stages.${ticket.stage}`)}</p>
        <p className="mt-1 text-sm">{t(`stageHints.${ticket.stage}`)}</p>
        {ticket.ready && ticket.readyAt ? (
          <p className="mt-1 text-sm">
            {t("readySince", {
              time: format.dateTime(ticket.readyAt, {
                dateStyle: "medium",
                timeStyle: "short",
                timeZone: ticket.store.timeZone,
              }),
            })}
          </p>
        ) : null}
      </div>
      {current >= 0 ? (
        <ol className="mt-5 space-y-2" aria-label={t("progress")}>
          {STEPS.map((step, index) => (
            <li key={step} className="flex items-center gap-3 text-sm">
              <span
                aria-hidden
                className={
                  index <= current
                    ? "size-3 rounded-full bg-amber-700"
                    : "size-3 rounded-full bg-white ring-2 ring-stone-300"
                }
              />
              <span
                className={
                  index === current
                    ? "font-semibold text-stone-900"
                    : index < current
                      ? "text-stone-700"
                      : "text-stone-400"
                }
              >
                {t(`stages.${step}`)}
              </span>
            </li>
          ))}
        </ol>
      ) : null}
      <dl className="mt-5 divide-y divide-stone-100 text-sm">
        {ticket.stage !== "collected" && ticket.stage !== "cancelled" ? (
          <div className="flex justify-between gap-3 py-2">
            <dt className="text-stone-500">{t("promisedOn")}</dt>
            <dd className="text-stone-900">
              {format.dateTime(utcCalendarDay(ticket.promisedOn), { dateStyle: "long", timeZone: "UTC" })}
            </dd>
          </div>
        ) : null}
        <div className="flex justify-between gap-3 py-2">
          <dt className="text-stone-500">{t("store")}</dt>
          <dd className="text-right text-stone-900">{storeDisplayName(ticket.store, locale)}</dd>
        </div>
      </dl>
      <p className="mt-5 text-xs text-stone-500">{t("privacy")}</p>
    </TrackingShell>
  );
}
