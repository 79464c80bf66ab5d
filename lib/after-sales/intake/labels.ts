import { createTranslator, type AbstractIntlMessages } from "next-intl";
import { JEWELRY_CATEGORIES, type JewelryCategory } from "@/lib/after-sales/passports/schemas";
import type { Locale } from "@/lib/i18n/config";
import en from "@/messages/en.json";
import zhCN from "@/messages/zh-CN.json";
import { PRICE_BASES, SERVICE_TYPES, type PriceBasis, type ServiceType } from "./schemas";

// The words of the intake documents (the receipt and the bag tag), in one language: receipt-pdf.tsx
// and bag-tag-pdf.tsx take every label from here and hold no text of their own.

export type IntakeDocumentLabels = {
  receiptDocumentTitle: (reference: string) => string;
  receiptTitle: string;
  tagDocumentTitle: (reference: string) => string;
  reference: string;
  receivedAt: string;
  store: string;
  customerSection: string;
  member: string;
  phone: string;
  pieceSection: string;
  piece: string;
  category: string;
  material: string;
  weightIn: string;
  stones: (count: number, description: string | null) => string;
  stonesLabel: string;
  certificate: string;
  size: string;
  serviceSection: string;
  serviceType: string;
  conditionNotes: string;
  declaredValue: string;
  priceBasis: string;
  charge: string;
  listPrice: string;
  estimatedFee: string;
  promisedOn: string;
  claimCode: string;
  claimCodeHint: string;
  tracking: string;
  trackingHint: string;
  terms: string;
  customerSignature: string;
  staffSignature: string;
  issuedAt: (at: string) => string;
  tagScanHint: string;
  none: string;
  categories: Record<JewelryCategory, string>;
  serviceTypes: Record<ServiceType, string>;
  priceBases: Record<PriceBasis, string>;
};

type Translate = (key: string, values?: Record<string, string | number>) => string;

function perKey<K extends string>(t: Translate, prefix: string, keys: readonly K[]): Record<K, string> {
  return Object.fromEntries(keys.map((key) => [key, t(`${prefix}.${key}`)])) as Record<K, string>;
}

/** The labels from a translator for the `afterSalesIntake` namespace. */
export function intakeDocumentLabels(t: Translate): IntakeDocumentLabels {
  return {
    receiptDocumentTitle: (reference) => t("receipt.documentTitle", { reference }),
    receiptTitle: t("receipt.title"),
    tagDocumentTitle: (reference) => t("tag.documentTitle", { reference }),
    reference: t("receipt.reference"),
    receivedAt: t("receipt.receivedAt"),
    store: t("receipt.store"),
    customerSection: t("receipt.customerSection"),
    member: t("receipt.member"),
    phone: t("receipt.phone"),
    pieceSection: t("receipt.pieceSection"),
    piece: t("receipt.piece"),
    category: t("receipt.category"),
    material: t("receipt.material"),
    weightIn: t("receipt.weightIn"),
    stones: (count, description) =>
      description ? t("receipt.stonesWithDescription", { count, description }) : t("receipt.stonesCount", { count }),
    stonesLabel: t("receipt.stones"),
    certificate: t("receipt.certificate"),
    size: t("receipt.size"),
    serviceSection: t("receipt.serviceSection"),
    serviceType: t("receipt.serviceType"),
    conditionNotes: t("receipt.conditionNotes"),
    declaredValue: t("receipt.declaredValue"),
    priceBasis: t("receipt.priceBasis"),
    charge: t("receipt.charge"),
    listPrice: t("receipt.listPrice"),
    estimatedFee: t("receipt.estimatedFee"),
    promisedOn: t("receipt.promisedOn"),
    claimCode: t("receipt.claimCode"),
    claimCodeHint: t("receipt.claimCodeHint"),
    tracking: t("receipt.tracking"),
    trackingHint: t("receipt.trackingHint"),
    terms: t("receipt.terms"),
    customerSignature: t("receipt.customerSignature"),
    staffSignature: t("receipt.staffSignature"),
    issuedAt: (at) => t("receipt.issuedAt", { at }),
    tagScanHint: t("tag.scanHint"),
    none: t("receipt.none"),
    categories: perKey(t, "categories", JEWELRY_CATEGORIES),
    serviceTypes: perKey(t, "serviceTypes", SERVICE_TYPES),
    priceBases: perKey(t, "priceBases", PRICE_BASES),
  };
}

const CATALOGUES: Record<Locale, AbstractIntlMessages> = { "zh-CN": zhCN, en };

/**
 * The labels in a language, read from the message catalogue directly (the same files next-intl
 * serves), so that the download routes and their tests build them alike without a request.
 */
export function loadIntakeDocumentLabels(locale: Locale): IntakeDocumentLabels {
  const t = createTranslator({
    locale,
    messages: CATALOGUES[locale],
    namespace: "afterSalesIntake",
  }) as unknown as Translate;
  return intakeDocumentLabels(t);
}
