import { createTranslator, type AbstractIntlMessages } from "next-intl";
import { formatGrams, type JewelryCategory, type ServiceType } from "@/lib/after-sales/tickets/schemas";
import type { Locale } from "@/lib/i18n/config";
import { storeDisplayName } from "@/lib/stores/display";
import en from "@/messages/en.json";
import zhCN from "@/messages/zh-CN.json";
import type { PickupReceipt } from "./queries";

// The words of the pickup receipt, in one language: receipt-pdf.tsx takes every label from here
// and holds no text of its own. Read from the message catalogue directly (the files next-intl
// serves), so the download route and its tests build them alike without a request.

type Translate = (key: string, values?: Record<string, string | number>) => string;

export type PickupReceiptLabels = {
  documentTitle: string;
  title: string;
  reference: string;
  store: string;
  customer: string;
  piece: string;
  material: string;
  service: string;
  weightSection: string;
  weightIn: string;
  weightOut: string;
  difference: string;
  stonesIn: string;
  stonesOut: string;
  grams: (value: string) => string;
  withinTolerance: string;
  note: string;
  acknowledged: string;
  pickedUpAt: string;
  staff: string;
  declaration: string;
  customerSignature: string;
  issuedAt: (at: string) => string;
  category: (category: JewelryCategory) => string;
  serviceType: (type: ServiceType) => string;
};

const CATALOGUES: Record<Locale, AbstractIntlMessages> = { "zh-CN": zhCN, en };

export function loadPickupReceiptLabels(locale: Locale): PickupReceiptLabels {
  const t = createTranslator({
    locale,
    messages: CATALOGUES[locale],
    namespace: "afterSalesTickets",
  }) as unknown as Translate;
  const r = (key: string, values?: Record<string, string | number>) => t(`pickupReceipt.${key}`, values);
  return {
    documentTitle: r("documentTitle"),
    title: r("title"),
    reference: r("reference"),
    store: r("store"),
    customer: r("customer"),
    piece: r("piece"),
    material: r("material"),
    service: r("service"),
    weightSection: r("weightSection"),
    weightIn: r("weightIn"),
    weightOut: r("weightOut"),
    difference: r("difference"),
    stonesIn: r("stonesIn"),
    stonesOut: r("stonesOut"),
    grams: (value) => r("grams", { value }),
    withinTolerance: r("withinTolerance"),
    note: r("note"),
    acknowledged: r("acknowledged"),
    pickedUpAt: r("pickedUpAt"),
    staff: r("staff"),
    declaration: r("declaration"),
    customerSignature: r("customerSignature"),
    issuedAt: (at) => r("issuedAt", { at }),
    category: (category) => t(`categories.${category}`),
    serviceType: (type) => t(`serviceTypes.${type}`),
  };
}

/** The receipt's facts as printed: weights to 0.01 g, times in the store's zone. */
export function pickupReceiptFacts(receipt: PickupReceipt, labels: PickupReceiptLabels, locale: Locale) {
  const time = new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    hourCycle: "h23",
    timeZone: receipt.store.timeZone,
  });
  return {
    storeName: storeDisplayName(receipt.store, locale),
    weightIn: labels.grams(formatGrams(receipt.weightInCg)),
    weightOut: labels.grams(formatGrams(receipt.weightOutCg)),
    difference: labels.grams(formatGrams(receipt.differenceCg, { signed: true })),
    pickedUpAt: time.format(receipt.pickedUpAt),
    issuedAt: (at: Date) => time.format(at),
  };
}
