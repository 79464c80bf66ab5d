import { max, subMinutes } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { bookableAdvisors, getAppointmentDetail } from "@/lib/appointments/booking/queries";
import {
  CANCEL_REASONS,
  CHECK_IN_OPENS_MIN,
  checkInOpen,
  noShowAllowed,
  type AppointmentStatus,
} from "@/lib/appointments/booking/schemas";
import { can } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { storeDisplayName } from "@/lib/stores/display";
import { localDate, startOfLocalDay, todayIn } from "@/lib/time";
import { AppointmentActions } from "./appointment-actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("appointments");
  return { title: t("detailTitle") };
}

const STATUS_TONE: Record<AppointmentStatus, "neutral" | "info" | "warning" | "success" | "danger"> = {
  requested: "warning",
  confirmed: "info",
  checked_in: "info",
  completed: "success",
  no_show: "danger",
  cancelled: "neutral",
};

const NOTICES = ["booked"] as const;

/** "other: the note" → the reason's code and the note (lib/appointments/booking/lifecycle.ts writes them so). */
function splitCancelReason(reason: string | null): { code: string | null; note: string | null } {
  if (!reason) return { code: null, note: null };
  const code = CANCEL_REASONS.find((candidate) => reason === candidate || reason.startsWith(`${candidate}: `));
  if (!code) return { code: null, note: reason };
  return { code, note: reason.length > code.length ? reason.slice(code.length + 2) : null };
}

export default async function AppointmentPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("appointments.read");
  const { id } = await params;
  const query = await searchParams;
  const db = getDb();
  const [appointment, t, format, locale] = await Promise.all([
    getAppointmentDetail(db, me, id),
    getTranslations("appointments"),
    getFormatter(),
    getLocale(),
  ]);
  if (!appointment) notFound();

  const store = appointment.store;
  const timeZone = store.timeZone;
  const mayAct = can(me, "appointments.book", { storeId: store.id });
  const advisors = mayAct ? await bookableAdvisors(db, [store.id]) : [];
  if (mayAct && !advisors.some((advisor) => advisor.id === appointment.advisor.id)) {
    advisors.unshift({ ...appointment.advisor, storeId: store.id });
  }
  const now = new Date();
  const day = localDate(appointment.startsAt, timeZone);
  const checkInOpensAt = max([subMinutes(appointment.startsAt, CHECK_IN_OPENS_MIN), startOfLocalDay(day, timeZone)]);
  const typeName = locale === "en" ? appointment.type.nameEn : appointment.type.nameZh;
  const when = (at: Date) => format.dateTime(at, { dateStyle: "medium", timeStyle: "short", timeZone });
  const clock = (at: Date) => format.dateTime(at, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
  const done = NOTICES.find((notice) => notice === query.done);
  const cancel = splitCancelReason(
    appointment.events.find((event) => event.kind === "cancelled")?.reason ?? appointment.cancelReason,
  );

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span>{typeName}</span>
            <Badge tone={STATUS_TONE[appointment.status]}>
              <span data-testid="appointment-status">{t(`statuses.${appointment.status}`)}</span>
            </Badge>
          </span>
        }
        description={`${format.dateTime(appointment.startsAt, { dateStyle: "full", timeZone })} ${clock(appointment.startsAt)}–${clock(appointment.endsAt)} · ${store.code} ${storeDisplayName(store, locale)}`}
        actions={
          <>
            <Link href="/appointments" className={buttonClasses("ghost")}>
              {t("backToCalendar")}
            </Link>
            <Link href={`/appointments/${appointment.id}/prepare`} className={buttonClasses("secondary")}>
              {t("prepareVisit")}
            </Link>
          </>
        }
      />
      {done ? (
        <Alert tone="success" className="mb-4">
          {t(`done.${done}`)}
        </Alert>
      ) : null}

      <div className="grid gap-4 lg:grid-cols-2">
        <Card title={t("details")}>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-stone-500">{t("member")}</dt>
            <dd>
              <Link
                href={`/members/${appointment.member.id}`}
                className="inline-flex min-h-10 items-center gap-2 text-amber-800 hover:underline"
                data-testid="appointment-member"
              >
                <span className="font-medium">{appointment.member.maskedName}</span>
                <span className="text-stone-500">{appointment.member.maskedPhone}</span>
                <span className="text-stone-500">· {t(`tiers.${appointment.member.tier}`)}</span>
              </Link>
            </dd>
            <dt className="text-stone-500">{t("type")}</dt>
            <dd>
              {typeName} · {t("minutes", { minutes: appointment.type.durationMin })}
            </dd>
            <dt className="text-stone-500">{t("time")}</dt>
            <dd data-testid="appointment-time">
              {format.dateTime(appointment.startsAt, { dateStyle: "full", timeZone })} {clock(appointment.startsAt)}–
              {clock(appointment.endsAt)}
            </dd>
            <dt className="text-stone-500">{t("advisor")}</dt>
            <dd data-testid="appointment-advisor">{appointment.advisor.displayName}</dd>
            <dt className="text-stone-500">{t("room")}</dt>
            <dd>
              {appointment.room
                ? locale === "en" && appointment.room.nameEn
                  ? appointment.room.nameEn
                  : appointment.room.name
                : t("noRoom")}
            </dd>
            <dt className="text-stone-500">{t("store")}</dt>
            <dd>
              <span className="font-mono text-xs">{store.code}</span> {storeDisplayName(store, locale)}
            </dd>
            <dt className="text-stone-500">{t("note")}</dt>
            <dd className="whitespace-pre-wrap">{appointment.note || "—"}</dd>
            <dt className="text-stone-500">{t("bookedBy")}</dt>
            <dd>
              {appointment.source === "mini_program"
                ? t("bookedInApp", { at: when(appointment.createdAt) })
                : t("bookedByLine", { name: appointment.createdByName ?? "—", at: when(appointment.createdAt) })}
            </dd>
            {appointment.tierOverrideReason ? (
              <>
                <dt className="text-stone-500">{t("tierOverride")}</dt>
                <dd>
                  {t("tierOverrideLine", {
                    name: appointment.tierOverrideByName ?? "—",
                    reason: appointment.tierOverrideReason,
                  })}
                </dd>
              </>
            ) : null}
            {appointment.status === "cancelled" && (cancel.code || cancel.note) ? (
              <>
                <dt className="text-stone-500">{t("cancelReason")}</dt>
                <dd>
                  {cancel.code ? t(`cancelReasons.${cancel.code}`) : null}
                  {cancel.note ? `${cancel.code ? ": " : ""}${cancel.note}` : null}
                </dd>
              </>
            ) : null}
          </dl>
        </Card>

        <Card title={t("actionsTitle")}>
          {mayAct ? (
            <AppointmentActions
              appointmentId={appointment.id}
              status={appointment.status}
              storeId={store.id}
              typeId={appointment.type.id}
              timeZone={timeZone}
              today={todayIn(timeZone, now)}
              currentDate={day >= todayIn(timeZone, now) ? day : todayIn(timeZone, now)}
              advisorId={appointment.advisor.id}
              advisors={advisors}
              checkInOpen={checkInOpen(appointment.startsAt, now, timeZone)}
              checkInOpensAt={when(checkInOpensAt)}
              noShowAllowed={noShowAllowed(appointment.startsAt, now)}
            />
          ) : (
            <p className="text-sm text-stone-600">{t("readOnly")}</p>
          )}
        </Card>
      </div>

      <section className="mt-6 space-y-3" aria-labelledby="history-title">
        <h2 id="history-title" className="text-base font-semibold text-stone-900">
          {t("history")}
        </h2>
        <ol
          className="divide-y divide-stone-100 rounded-lg bg-white shadow-sm ring-1 ring-stone-200"
          data-testid="appointment-history"
        >
          {appointment.events.map((event) => {
            const reason = event.kind === "cancelled" ? splitCancelReason(event.reason) : null;
            return (
              <li key={event.id} className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-3 text-sm">
                <div className="space-y-0.5">
                  <p className="font-medium text-stone-900">{t(`events.${event.kind}`)}</p>
                  {event.kind === "rescheduled" && event.fromStartsAt && event.toStartsAt ? (
                    <p className="text-stone-600">
                      {t("rescheduledLine", {
                        from: when(event.fromStartsAt),
                        fromAdvisor: event.fromAdvisorName ?? "—",
                        to: when(event.toStartsAt),
                        toAdvisor: event.toAdvisorName ?? "—",
                      })}
                    </p>
                  ) : null}
                  {event.kind === "booked" && event.toStartsAt ? (
                    <p className="text-stone-600">
                      {t("bookedLine", { at: when(event.toStartsAt), advisor: event.toAdvisorName ?? "—" })}
                    </p>
                  ) : null}
                  {reason && (reason.code || reason.note) ? (
                    <p className="text-stone-600">
                      {reason.code ? t(`cancelReasons.${reason.code}`) : null}
                      {reason.note ? `${reason.code ? ": " : ""}${reason.note}` : null}
                    </p>
                  ) : null}
                </div>
                <p className="text-stone-500">
                  {when(event.at)} · {event.actorName ?? t("system")}
                </p>
              </li>
            );
          })}
        </ol>
      </section>
    </>
  );
}
