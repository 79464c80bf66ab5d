import { createTranslator, type AbstractIntlMessages } from "next-intl";
import type { Locale } from "@/lib/i18n/config";
import { storeDisplayName } from "@/lib/stores/display";
import en from "@/messages/en.json";
import zhCN from "@/messages/zh-CN.json";
import type { VisitConfirmation } from "./queries";

// The words of a visit confirmation (the PDF and the calendar file), in one language: pdf.tsx and
// ics.ts take every label from here and hold no text of their own.

type Status = VisitConfirmation["status"];

export type VisitConfirmationLabels = {
  documentTitle: string;
  title: string;
  greeting: (name: string) => string;
  intro: Record<Status, string>;
  detailsSection: string;
  store: string;
  date: string;
  time: string;
  type: string;
  advisor: string;
  room: string;
  reference: string;
  status: string;
  statuses: Record<Status, string>;
  notesSection: string;
  whatToBring: string;
  note: (note: string) => string;
  policy: string;
  issuedAt: (at: string) => string;
  calendarSummary: (type: string, store: string) => string;
  calendarAdvisor: (name: string) => string;
  calendarRoom: (name: string) => string;
  calendarReference: (reference: string) => string;
};

type Translate = (key: string, values?: Record<string, string | number>) => string;

const STATUSES = [
  "requested",
  "confirmed",
  "checked_in",
  "completed",
  "no_show",
  "cancelled",
] as const satisfies Status[];

/** The labels from a translator for the `visitPreparation.confirmation` namespace. */
export function confirmationLabels(t: Translate): VisitConfirmationLabels {
  const perStatus = (prefix: string) =>
    Object.fromEntries(STATUSES.map((status) => [status, t(`${prefix}.${status}`)])) as Record<Status, string>;
  return {
    documentTitle: t("documentTitle"),
    title: t("title"),
    greeting: (name) => t("greeting", { name }),
    intro: perStatus("intro"),
    detailsSection: t("detailsSection"),
    store: t("store"),
    date: t("date"),
    time: t("time"),
    type: t("type"),
    advisor: t("advisor"),
    room: t("room"),
    reference: t("reference"),
    status: t("status"),
    statuses: perStatus("statuses"),
    notesSection: t("notesSection"),
    whatToBring: t("whatToBring"),
    note: (note) => t("note", { note }),
    policy: t("policy"),
    issuedAt: (at) => t("issuedAt", { at }),
    calendarSummary: (type, store) => t("calendarSummary", { type, store }),
    calendarAdvisor: (name) => t("calendarAdvisor", { name }),
    calendarRoom: (name) => t("calendarRoom", { name }),
    calendarReference: (reference) => t("calendarReference", { reference }),
  };
}

const CATALOGUES: Record<Locale, AbstractIntlMessages> = { "zh-CN": zhCN, en };

/**
 * The labels in a language, read from the message catalogue directly (the same files next-intl
 * serves), so that the download routes and their tests build them alike without a request.
 */
export function loadConfirmationLabels(locale: Locale): VisitConfirmationLabels {
  const t = createTranslator({
    locale,
    messages: CATALOGUES[locale],
    namespace: "visitPreparation.confirmation",
  }) as unknown as Translate;
  return confirmationLabels(t);
}

/** The visit's facts as printed, in the language's words and the store's time zone. */
export function confirmationFacts(confirmation: VisitConfirmation, locale: Locale) {
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "full", timeZone: confirmation.timeZone });
  const time = new Intl.DateTimeFormat(locale, {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: confirmation.timeZone,
  });
  const issued = new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    hourCycle: "h23",
    timeZone: confirmation.timeZone,
  });
  return {
    storeName: storeDisplayName(confirmation.store, locale),
    typeName: locale === "en" ? confirmation.type.nameEn : confirmation.type.nameZh,
    roomName: confirmation.room
      ? locale === "en" && confirmation.room.nameEn?.trim()
        ? confirmation.room.nameEn
        : confirmation.room.name
      : null,
    date: date.format(confirmation.startsAt),
    time: `${time.format(confirmation.startsAt)}–${time.format(confirmation.endsAt)}`,
    issuedAt: (at: Date) => issued.format(at),
  };
}
