import { z } from "zod";
import { pageParam } from "@/lib/list-params";
import { DEFAULT_TIME_ZONE, todayIn } from "@/lib/time";
import { normalizeCardNo } from "./card-number";
import { normalizeChinaMobile } from "./phone";

/** zod schemas shared by the member forms, the server actions and (later) the API. */

export const GENDERS = ["male", "female", "unknown"] as const;
/** Channels a member can register through by hand; `import` is set only by the legacy import. */
export const FORM_REGISTRATION_CHANNELS = ["counter", "app", "mini_program"] as const;
export const REGISTRATION_CHANNELS = [...FORM_REGISTRATION_CHANNELS, "import"] as const;
export const CONSENT_CHANNELS = ["sms", "wechat", "email"] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export const LIFECYCLE_STAGES = ["potential", "new", "regular", "dormant", "lost"] as const;
/** Tier codes, lowest first (definitions and thresholds arrive with the loyalty engine). */
export const MEMBER_TIERS = ["normal", "silver", "gold", "diamond"] as const;

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 20;

/** A Chinese mobile number in any common spelling, normalised to E.164 (+86…). */
export const mobilePhoneSchema = z
  .string()
  .trim()
  .min(1, { message: "required" })
  .refine((value) => normalizeChinaMobile(value).ok, { message: "phoneNotMobile" })
  .transform((value) => {
    const normalized = normalizeChinaMobile(value);
    return normalized.ok ? normalized.e164 : value;
  });

/** A calendar date (YYYY-MM-DD) that exists. */
export const calendarDateSchema = z.iso.date({ message: "dateInvalid" });

/** Optional birthday: empty means none; a real date between 1900 and today (in the programme's time zone). */
export const birthdaySchema = z
  .union([z.literal(""), calendarDateSchema])
  .nullish()
  .transform((value) => value || null)
  .refine((value) => value === null || (value >= "1900-01-01" && value <= todayIn(DEFAULT_TIME_ZONE)), {
    message: "birthdayOutOfRange",
  });

/** Optional text: blank means null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((value) => value || null);

export const optionalEmailSchema = z
  .union([z.literal(""), z.email({ message: "emailInvalid" })])
  .nullish()
  .transform((value) => value?.trim().toLowerCase() || null);

export const memberNameSchema = z.string().trim().min(1, { message: "required" }).max(40);

export const tagsSchema = z
  .array(z.string().trim().min(1).max(MAX_TAG_LENGTH, { message: "tagTooLong" }))
  .max(MAX_TAGS, { message: "tooManyTags" })
  .transform((tags) => [...new Set(tags.map((tag) => tag.normalize("NFKC")))]);

export const consentsSchema = z.object({ sms: z.boolean(), wechat: z.boolean(), email: z.boolean() });
export type ConsentState = z.output<typeof consentsSchema>;

const advisorIdSchema = z
  .union([z.literal(""), z.uuid()])
  .nullish()
  .transform((value) => value || null);

/** The create form: identity, home store, channel, advisor, privacy-policy version, consents, tags. */
export const createMemberSchema = z.object({
  name: memberNameSchema,
  gender: z.enum(GENDERS),
  birthday: birthdaySchema,
  phone: mobilePhoneSchema,
  email: optionalEmailSchema,
  address: optionalText(200),
  homeStoreId: z.uuid({ message: "required" }),
  registrationChannel: z.enum(FORM_REGISTRATION_CHANNELS),
  advisorId: advisorIdSchema,
  privacyPolicyVersion: optionalText(20),
  consents: consentsSchema,
  tags: tagsSchema,
  /** Set after the staff member saw the "same name and birthday" warning and chose to create anyway. */
  confirmDuplicates: z.boolean().default(false),
});
export type CreateMemberInput = z.input<typeof createMemberSchema>;
export type CreateMemberValues = z.output<typeof createMemberSchema>;

/**
 * The edit form. Contact fields (name, phone, email, address) are masked for most staff, so the
 * form sends only the ones the staff member changed: absent means "keep"; an empty email or
 * address means "remove it".
 */
export const updateMemberSchema = z.object({
  id: z.uuid(),
  // A name or phone is never removed: blank means "keep".
  name: z.preprocess((value) => (value === "" ? undefined : value), memberNameSchema.optional()),
  phone: z.preprocess((value) => (value === "" ? undefined : value), mobilePhoneSchema.optional()),
  email: optionalEmailSchema.optional(),
  address: optionalText(200).optional(),
  gender: z.enum(GENDERS),
  birthday: birthdaySchema,
  homeStoreId: z.uuid({ message: "required" }),
  advisorId: advisorIdSchema,
  privacyPolicyVersion: optionalText(20),
  consents: consentsSchema,
  tags: tagsSchema,
});
export type UpdateMemberInput = z.input<typeof updateMemberSchema>;
export type UpdateMemberValues = z.output<typeof updateMemberSchema>;

export const memberIdSchema = z.object({ memberId: z.uuid() });

export const setTagsSchema = z.object({ memberId: z.uuid(), tags: tagsSchema });

export const consentChangeSchema = z.object({
  memberId: z.uuid(),
  channel: z.enum(CONSENT_CHANNELS),
  granted: z.boolean(),
});

/**
 * A new member card: a number typed from a pre-printed card (stored as normalizeCardNo spells it,
 * so that a lower-case entry is the card already on file), or none to have one generated.
 */
export const issueMemberCardSchema = z.object({
  memberId: z.uuid(),
  cardNo: z
    .string()
    .transform(normalizeCardNo)
    .pipe(z.string().regex(/^[0-9A-Z-]{4,32}$/, { message: "cardNoFormat" }))
    .optional()
    .or(z.literal("").transform(() => undefined)),
});
export type IssueMemberCardInput = z.input<typeof issueMemberCardSchema>;

/**
 * The 360° view's URL parameters: the page shown of each of its paged sections (the contact log,
 * purchases, points entries); anything else is the first page.
 */
export const member360ParamsSchema = z.object({
  contactsPage: pageParam(10_000),
  purchasesPage: pageParam(10_000),
  ledgerPage: pageParam(10_000),
});
