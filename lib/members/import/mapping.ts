import { z } from "zod";

/** The member fields an import column can fill. */
export const IMPORT_FIELDS = [
  "cardNo",
  "name",
  "gender",
  "phone",
  "birthday",
  "email",
  "storeCode",
  "registeredOn",
  "note",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Column index per field; null when the file has no such column. */
export type ColumnMapping = Record<ImportField, number | null>;

export const columnMappingSchema = z.object(
  Object.fromEntries(IMPORT_FIELDS.map((field) => [field, z.number().int().min(0).max(500).nullable()])) as Record<
    ImportField,
    z.ZodNullable<z.ZodNumber>
  >,
);

/** Header spellings seen in old member systems, compared after lower-casing and removing spaces and punctuation. */
const SYNONYMS: Record<ImportField, string[]> = {
  cardNo: [
    "会员卡号",
    "卡号",
    "会员号",
    "会员编号",
    "card",
    "cardno",
    "cardnumber",
    "membercard",
    "memberno",
    "membershipno",
  ],
  name: ["姓名", "会员姓名", "客户姓名", "名字", "name", "fullname", "membername", "customername"],
  gender: ["性别", "gender", "sex"],
  phone: [
    "手机号",
    "手机",
    "手机号码",
    "电话",
    "联系电话",
    "移动电话",
    "phone",
    "mobile",
    "mobilephone",
    "cellphone",
    "tel",
    "phonenumber",
  ],
  birthday: ["生日", "出生日期", "出生年月日", "birthday", "birthdate", "dateofbirth", "dob"],
  email: ["邮箱", "电子邮箱", "电子邮件", "email", "e-mail", "mail"],
  storeCode: ["开卡门店", "门店", "门店编号", "门店代码", "所属门店", "store", "storecode", "shop", "branch"],
  registeredOn: [
    "开卡日期",
    "开卡时间",
    "注册日期",
    "入会日期",
    "registeredat",
    "registeredon",
    "registrationdate",
    "joindate",
    "joined",
    "since",
  ],
  note: ["备注", "说明", "note", "notes", "remark", "remarks", "comment"],
};

function headerKey(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_\-.:：()（）]/g, "");
}

/** Guesses which column fills which field from the header; exact spellings first, then containment. */
export function guessColumnMapping(header: string[]): ColumnMapping {
  const keys = header.map(headerKey);
  const mapping = Object.fromEntries(IMPORT_FIELDS.map((field) => [field, null])) as ColumnMapping;
  const taken = new Set<number>();
  for (const pass of ["exact", "contains"] as const) {
    for (const field of IMPORT_FIELDS) {
      if (mapping[field] !== null) continue;
      const synonyms = SYNONYMS[field].map(headerKey);
      const index = keys.findIndex(
        (key, i) =>
          !taken.has(i) &&
          key !== "" &&
          synonyms.some((s) => (pass === "exact" ? key === s : s.length >= 2 && key.includes(s))),
      );
      if (index >= 0) {
        mapping[field] = index;
        taken.add(index);
      }
    }
  }
  return mapping;
}
