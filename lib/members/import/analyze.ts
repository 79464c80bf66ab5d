import { normalizeCardNo } from "../card-number";
import type { ParsedCsv } from "./csv";
import type { ColumnMapping, ImportField } from "./mapping";
import { unprotectSpreadsheetText } from "@/lib/csv";
import {
  normalizeBirthday,
  normalizeChinaMobile,
  normalizeEmail,
  normalizeGender,
  normalizeName,
  parseLegacyDate,
  type Gender,
} from "./normalize";

/**
 * Why a row is not imported: a problem of the file itself (analyzeImport), or a conflict found in
 * the database (service.ts): its phone belongs to a member outside the importer's stores, which the
 * import neither updates nor describes (docs/domain.md#import).
 */
export type RejectReason =
  | "no_name"
  | "phone_empty"
  | "phone_letters"
  | "phone_landline"
  | "phone_short"
  | "phone_long"
  | "phone_not_mobile"
  | ConflictReason;
export type ConflictReason = "phone_unavailable";
export type WarningReason = "bad_date" | "bad_email" | "bad_registered_date";

/** One member the import creates or matches: every valid row with the same phone folded together. */
export type PlannedMember = {
  phoneE164: string;
  phoneLast4: string;
  name: string;
  gender: Gender;
  birthday: string | null;
  email: string | null;
  storeCode: string | null;
  registeredOn: string | null;
  cardNos: string[];
  notes: string[];
  /** File lines folded into this member (the first one gave the name). */
  lines: number[];
};

/** The dry-run report, counted within the file (matches against the database come on top). */
export type ImportReport = {
  rows: number;
  distinct_valid_members: number;
  duplicate_rows: number;
  invalid_rows: number;
  birthday_warnings: number;
  invalid: { row: number; why: RejectReason }[];
  warnings: { row: number; why: WarningReason }[];
};

export type ImportAnalysis = {
  report: ImportReport;
  members: PlannedMember[];
  rejectedLines: Map<number, RejectReason>;
};

function cellOf(cells: string[], mapping: ColumnMapping, field: ImportField): string {
  const index = mapping[field];
  // A rejected-rows file we wrote protects formula-like cells with a leading ' (lib/csv.ts): read them back as typed.
  return index === null || index === undefined ? "" : unprotectSpreadsheetText(cells[index] ?? "");
}

/**
 * Validates and folds the rows of a legacy export. A row is rejected when its phone is not a
 * Chinese mobile (checked first: the phone is the member's identity) or its name is empty; a bad
 * birthday or e-mail is dropped with a warning and the row kept. Valid rows sharing a phone become
 * one member: the first row gives the identity, later rows add card numbers and fill gaps, and
 * count as duplicate rows.
 */
export function analyzeImport(csv: ParsedCsv, mapping: ColumnMapping, options: { today: string }): ImportAnalysis {
  const report: ImportReport = {
    rows: 0,
    distinct_valid_members: 0,
    duplicate_rows: 0,
    invalid_rows: 0,
    birthday_warnings: 0,
    invalid: [],
    warnings: [],
  };
  const byPhone = new Map<string, PlannedMember>();
  const rejectedLines = new Map<number, RejectReason>();

  for (const { line, cells } of csv.records) {
    report.rows++;
    const cell = (field: ImportField) => cellOf(cells, mapping, field);

    const phone = normalizeChinaMobile(cell("phone"));
    const name = normalizeName(cell("name"));
    if (!phone.ok || name === "") {
      const why: RejectReason = !phone.ok ? phone.problem : "no_name";
      report.invalid_rows++;
      report.invalid.push({ row: line, why });
      rejectedLines.set(line, why);
      continue;
    }

    const birthday = normalizeBirthday(cell("birthday"), options.today);
    if (birthday.kind === "bad") {
      report.birthday_warnings++;
      report.warnings.push({ row: line, why: "bad_date" });
    }
    const email = normalizeEmail(cell("email"));
    if (email.kind === "bad") report.warnings.push({ row: line, why: "bad_email" });
    const registeredRaw = cell("registeredOn").trim();
    const registeredOn = registeredRaw ? parseLegacyDate(registeredRaw) : null;
    if (registeredRaw && (!registeredOn || registeredOn > options.today))
      report.warnings.push({ row: line, why: "bad_registered_date" });
    const registered = registeredOn && registeredOn <= options.today ? registeredOn : null;

    const cardNo = normalizeCardNo(cell("cardNo"));
    const note = cell("note").trim();
    const storeCode = cell("storeCode").normalize("NFKC").trim().toUpperCase() || null;
    const gender = normalizeGender(cell("gender"));

    const existing = byPhone.get(phone.e164);
    if (!existing) {
      report.distinct_valid_members++;
      byPhone.set(phone.e164, {
        phoneE164: phone.e164,
        phoneLast4: phone.last4,
        name,
        gender,
        birthday: birthday.kind === "ok" ? birthday.iso : null,
        email: email.kind === "ok" ? email.email : null,
        storeCode,
        registeredOn: registered,
        cardNos: cardNo ? [cardNo] : [],
        notes: note ? [note] : [],
        lines: [line],
      });
      continue;
    }
    report.duplicate_rows++;
    existing.lines.push(line);
    if (cardNo && !existing.cardNos.includes(cardNo)) existing.cardNos.push(cardNo);
    if (note && !existing.notes.includes(note)) existing.notes.push(note);
    if (existing.gender === "unknown") existing.gender = gender;
    if (!existing.birthday && birthday.kind === "ok") existing.birthday = birthday.iso;
    if (!existing.email && email.kind === "ok") existing.email = email.email;
    existing.storeCode ??= storeCode;
    // The member has been a member since the earliest card was opened.
    if (registered && (!existing.registeredOn || registered < existing.registeredOn))
      existing.registeredOn = registered;
  }
  return { report, members: [...byPhone.values()], rejectedLines };
}
