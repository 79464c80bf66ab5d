import { count, eq } from "drizzle-orm";
import { DEMO_GIVEN_CHARACTERS, DEMO_SURNAMES, seededRandom } from "./demo-data";
import type { Db } from "@/db/client";
import { memberCards, memberConsents, memberNotes, members, memberTags, staff, stores } from "@/db/schema";
import { nameSearchKeys } from "@/lib/members/search/keys";
import type { ClientelingProfile } from "@/lib/members/clienteling/schemas";
import { MALL_CATEGORIES, MATERIALS, STYLES } from "@/lib/members/clienteling/schemas";

const BRANDS = ["周大福", "老凤祥", "六福珠宝", "Tiffany", "Cartier", "周生生", "谢瑞麟", "Chow Tai Seng"];
const TAGS = ["VIP", "婚庆客户", "黄金爱好者", "生日月", "高潜力", "企业客户"];
const NOTES = [
  "偏好简约款式，下次到店可推荐新款铂金项链。",
  "计划明年春天结婚，关注对戒与钻戒。",
  "为母亲挑选生日礼物，预算两万元左右。",
  "喜欢翡翠手镯，对种水要求较高。",
  "上次清洗服务满意，愿意参加会员活动。",
];

/** Demo members with realistic Chinese names, preferences and notes. Idempotent: skipped when members exist. */
export async function seedDemoMembers(db: Db, total = 3000) {
  const [existing] = await db.select({ n: count() }).from(members);
  if ((existing?.n ?? 0) > 0) return { membersCreated: 0 };
  const storeRows = await db.select({ id: stores.id, code: stores.code }).from(stores).orderBy(stores.code);
  const [advisor] = await db.select({ id: staff.id }).from(staff).where(eq(staff.username, "advisor"));
  if (storeRows.length === 0) return { membersCreated: 0 };
  const rand = seededRandom(20261123);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const usedPhones = new Set<string>();
  const prefixes = [
    "138",
    "139",
    "137",
    "136",
    "135",
    "150",
    "151",
    "152",
    "158",
    "159",
    "186",
    "187",
    "188",
    "189",
    "177",
    "199",
  ];

  const batch = 500;
  for (let start = 0; start < total; start += batch) {
    const rows: (typeof members.$inferInsert)[] = [];
    for (let i = start; i < Math.min(total, start + batch); i++) {
      const name =
        pick(DEMO_SURNAMES) + pick(DEMO_GIVEN_CHARACTERS) + (rand() < 0.7 ? pick(DEMO_GIVEN_CHARACTERS) : "");
      let phone: string;
      do phone = pick(prefixes) + String(Math.floor(rand() * 1e8)).padStart(8, "0");
      while (usedPhones.has(phone));
      usedPhones.add(phone);
      const store = storeRows[i % storeRows.length]!;
      const year = 1960 + Math.floor(rand() * 45);
      const birthday = `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, "0")}-${String(1 + Math.floor(rand() * 28)).padStart(2, "0")}`;
      const profile: ClientelingProfile = {
        materials: MATERIALS.filter(() => rand() < 0.25),
        styles: STYLES.filter(() => rand() < 0.3),
        purpose: rand() < 0.6 ? "self" : "gift",
        budgetMinFen: 500_000,
        budgetMaxFen: 500_000 + Math.floor(rand() * 10) * 500_000,
        ringSize: rand() < 0.5 ? String(8 + Math.floor(rand() * 12)) : undefined,
        brands: BRANDS.filter(() => rand() < 0.15),
        mallCategories: MALL_CATEGORIES.filter(() => rand() < 0.3),
      };
      const registeredAt = new Date(
        Date.UTC(2019 + Math.floor(rand() * 7), Math.floor(rand() * 12), 1 + Math.floor(rand() * 28), 3),
      );
      rows.push({
        name,
        ...nameSearchKeys(name),
        gender: rand() < 0.68 ? "female" : "male",
        birthday,
        phoneE164: `+86${phone}`,
        phoneLast4: phone.slice(-4),
        email: rand() < 0.4 ? `member${i + 1}@example.com` : null,
        homeStoreId: store.id,
        registrationChannel: pick(["counter", "app", "mini_program"] as const),
        registeredAt,
        advisorId: advisor && store.code === storeRows[0]!.code && rand() < 0.3 ? advisor.id : null,
        privacyPolicyVersion: "2025-01",
        profile,
      });
    }
    const inserted = await db
      .insert(members)
      .values(rows)
      .returning({ id: members.id, registeredAt: members.registeredAt });
    await db
      .insert(memberCards)
      .values(inserted.map((m, k) => ({ cardNo: `AT${String(start + k + 1).padStart(7, "0")}`, memberId: m.id })));
    await db.insert(memberConsents).values(
      inserted.flatMap((m) =>
        (["sms", "wechat", "email"] as const).map((channel) => ({
          memberId: m.id,
          channel,
          granted: rand() < 0.6,
          recordedAt: m.registeredAt,
          source: "registration",
        })),
      ),
    );
    const tagRows = inserted.flatMap((m) => TAGS.filter(() => rand() < 0.12).map((tag) => ({ memberId: m.id, tag })));
    if (tagRows.length) await db.insert(memberTags).values(tagRows);
    const noteRows = inserted
      .filter(() => rand() < 0.2)
      .map((m) => ({ memberId: m.id, authorStaffId: advisor?.id ?? null, body: pick(NOTES) }));
    if (noteRows.length) await db.insert(memberNotes).values(noteRows);
  }
  return { membersCreated: total };
}
