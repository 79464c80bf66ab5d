"use client";

import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { checkInGuestAction, undoCheckInAction } from "@/lib/events/actions";
import { useEventFailureMessage } from "../../event-messages";

export type CheckInGuest = {
  memberId: string;
  name: string;
  phoneLast4: string | null;
  tier: string;
  seat: number | null;
  checkedInAt: Date | null;
  canUndo: boolean;
};

/** How often the counts refresh while the screen is open (other tablets check guests in too). */
const REFRESH_MS = 15_000;

export function CheckInScreen({
  eventId,
  titleZh,
  titleEn,
  startsAt,
  timeZone,
  door,
  query,
  counts,
  results,
}: {
  eventId: string;
  titleZh: string;
  titleEn: string;
  startsAt: Date;
  timeZone: string;
  door: "open" | "not_yet" | "closed";
  query: string;
  counts: { capacity: number; accepted: number; checkedIn: number };
  results: CheckInGuest[];
}) {
  const t = useTranslations("events");
  const format = useFormatter();
  const locale = useLocale();
  const router = useRouter();
  const pathname = usePathname();
  const failureMessage = useEventFailureMessage();
  const [search, setSearch] = useState(query);
  const [pending, startTransition] = useTransition();
  const [busy, setBusy] = useState<string>();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string }>();

  // The search box writes the URL (the server searches), after a short pause in typing.
  useEffect(() => {
    if (search.trim() === query) return;
    const timer = setTimeout(() => {
      const q = search.trim();
      router.replace(q ? `${pathname}?q=${encodeURIComponent(q)}` : pathname, { scroll: false });
    }, 300);
    return () => clearTimeout(timer);
  }, [search, query, pathname, router]);

  useEffect(() => {
    const timer = setInterval(() => router.refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [router]);

  const act = (guest: CheckInGuest, undo: boolean) =>
    startTransition(async () => {
      setBusy(guest.memberId);
      setMessage(undefined);
      const guestInput = { eventId, memberId: guest.memberId };
      const result = undo ? await undoCheckInAction(guestInput) : await checkInGuestAction(guestInput);
      setBusy(undefined);
      if (!result.ok) return setMessage({ tone: "error", text: failureMessage(result) });
      setMessage({
        tone: "success",
        text: undo ? t("checkIn.undone", { name: guest.name }) : t("checkIn.welcome", { name: guest.name }),
      });
      if (!undo) setSearch("");
      router.refresh();
    });

  const time = (at: Date) => format.dateTime(at, { timeStyle: "short", timeZone });
  const waiting = Math.max(0, counts.accepted - counts.checkedIn);

  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold text-stone-900">{locale === "en" ? titleEn : titleZh}</h1>
          <p className="text-sm text-stone-600">
            {format.dateTime(startsAt, { dateStyle: "full", timeStyle: "short", timeZone })}
          </p>
        </div>
        <Link href={`/events/${eventId}`} className="text-sm text-amber-800 hover:underline">
          {t("backToEvent")}
        </Link>
      </div>

      <dl className="grid grid-cols-3 gap-3" aria-live="polite">
        {[
          { key: "checkedIn", value: counts.checkedIn },
          { key: "checkIn.waiting", value: waiting },
          { key: "capacity", value: counts.capacity },
        ].map((counter) => (
          <div key={counter.key} className="rounded-xl bg-white p-4 text-center shadow-sm ring-1 ring-stone-200">
            <dt className="text-sm text-stone-500">{t(counter.key)}</dt>
            <dd className="text-4xl font-semibold text-stone-900 tabular-nums">{format.number(counter.value)}</dd>
          </div>
        ))}
      </dl>

      {door === "closed" ? <Alert tone="warning">{t("checkIn.closed")}</Alert> : null}
      {door === "not_yet" ? <Alert tone="info">{t("checkIn.notYet")}</Alert> : null}
      {message ? (
        <Alert tone={message.tone} className="text-base">
          {message.text}
        </Alert>
      ) : null}

      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          const q = search.trim();
          router.replace(q ? `${pathname}?q=${encodeURIComponent(q)}` : pathname, { scroll: false });
        }}
      >
        <label htmlFor="guest-search" className="mb-2 block text-base font-medium text-stone-800">
          {t("checkIn.searchLabel")}
        </label>
        <input
          id="guest-search"
          type="search"
          autoFocus
          autoComplete="off"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t("checkIn.searchPlaceholder")}
          className="block h-16 w-full rounded-xl border-0 bg-white px-5 text-2xl text-stone-900 shadow-sm ring-2 ring-stone-300 ring-inset placeholder:text-stone-400 focus:ring-amber-600"
        />
      </form>

      {query === "" ? (
        <p className="text-center text-base text-stone-500">{t("checkIn.prompt")}</p>
      ) : results.length === 0 ? (
        <div className="rounded-xl border border-dashed border-stone-300 bg-white p-8 text-center">
          <p className="text-lg font-medium text-stone-900">{t("checkIn.noMatch")}</p>
          <p className="mt-1 text-sm text-stone-600">{t("checkIn.walkIns")}</p>
        </div>
      ) : (
        <ul className="space-y-3">
          {results.map((guest) => {
            const rowPending = pending && busy === guest.memberId;
            return (
              <li
                key={guest.memberId}
                className={cn(
                  "flex flex-wrap items-center justify-between gap-4 rounded-xl bg-white p-4 shadow-sm ring-1",
                  guest.checkedInAt ? "ring-emerald-300" : "ring-stone-200",
                )}
              >
                <div>
                  <p className="text-2xl font-semibold text-stone-900">{guest.name}</p>
                  <p className="text-base text-stone-600">
                    {[
                      guest.seat ? t("checkIn.seat", { seat: guest.seat }) : null,
                      t.has(`tiers.${guest.tier}`) ? t(`tiers.${guest.tier}`) : guest.tier,
                      guest.phoneLast4 ? t("guests.phoneEnding", { last4: guest.phoneLast4 }) : null,
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </p>
                  {guest.checkedInAt ? (
                    <p className="text-base font-medium text-emerald-700">
                      {t("checkIn.arrivedAt", { time: time(guest.checkedInAt) })}
                    </p>
                  ) : null}
                </div>
                {guest.checkedInAt ? (
                  guest.canUndo ? (
                    <Button
                      variant="secondary"
                      className="h-14 min-w-32 text-lg"
                      pending={rowPending}
                      disabled={pending}
                      onClick={() => act(guest, true)}
                    >
                      {t("checkIn.undo")}
                    </Button>
                  ) : null
                ) : (
                  <Button
                    className="h-16 min-w-44 text-xl"
                    pending={rowPending}
                    disabled={pending || door !== "open"}
                    onClick={() => act(guest, false)}
                  >
                    {t("checkIn.checkIn")}
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
