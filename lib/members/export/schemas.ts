import { z } from "zod";

/** Columns a manager may choose for a CSV export, in the order they appear in the file. */
export const EXPORT_COLUMNS = [
  "memberId",
  "name",
  "gender",
  "birthday",
  "phone",
  "email",
  "address",
  "cards",
  "homeStore",
  "tier",
  "lifecycleStage",
  "rfmSegment",
  "advisor",
  "tags",
  "registrationChannel",
  "registeredAt",
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

export const EXPORT_TIERS = ["normal", "silver", "gold", "diamond"] as const;
export const EXPORT_STAGES = ["potential", "new", "regular", "dormant", "lost"] as const;

/** `columns=name,phone` or `columns=name&columns=phone`; unknown names are ignored, order follows EXPORT_COLUMNS. */
const columnsParam = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => {
    const asked = new Set(
      (Array.isArray(value) ? value : [value ?? ""]).flatMap((v) => v.split(",")).map((v) => v.trim()),
    );
    return EXPORT_COLUMNS.filter((column) => asked.has(column));
  })
  .pipe(z.array(z.enum(EXPORT_COLUMNS)).min(1, { message: "exportNoColumns" }));

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined);

/** The member list's filters (a subset of its search) plus the chosen columns, as they come from the URL. */
export const exportParamsSchema = z.object({
  columns: columnsParam,
  q: optionalText(64),
  tier: z.enum(EXPORT_TIERS).optional().catch(undefined),
  store: z.uuid().optional().catch(undefined),
  stage: z.enum(EXPORT_STAGES).optional().catch(undefined),
  advisor: z.uuid().optional().catch(undefined),
  tag: optionalText(40),
});
export type ExportParams = z.output<typeof exportParamsSchema>;

/** The export page's form: the same fields, columns as a list. */
export const exportFormSchema = z.object({
  columns: z.array(z.enum(EXPORT_COLUMNS)).min(1, { message: "exportNoColumns" }),
  q: z.string().trim().max(64),
  tier: z.enum(EXPORT_TIERS).or(z.literal("")),
  store: z.uuid().or(z.literal("")),
  stage: z.enum(EXPORT_STAGES).or(z.literal("")),
  advisor: z.uuid().or(z.literal("")),
  tag: z.string().trim().max(40),
});
export type ExportFormInput = z.output<typeof exportFormSchema>;

/** The query string the export route reads, from the page's form values. */
export function exportQueryString(values: ExportFormInput): string {
  const params = new URLSearchParams();
  params.set("columns", values.columns.join(","));
  for (const key of ["q", "tier", "store", "stage", "advisor", "tag"] as const) {
    const value = values[key].trim();
    if (value) params.set(key, value);
  }
  return params.toString();
}
