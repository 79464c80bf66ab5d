import { describe, expect, it } from "vitest";
import { CHANNELS } from "./adapters/types";
import {
  parseTemplateParams,
  renderTemplate,
  SMS_SIGNATURE,
  TEMPLATE_CODES,
  templateExpiresAt,
  type RenderContext,
  type TemplateCode,
} from "./templates";

// 14:30 on Friday 14 March 2025 in Shanghai.
const STARTS_AT = "2025-03-14T06:30:00.000Z";

const SAMPLE_PARAMS: Record<TemplateCode, Record<string, unknown>> = {
  appointment_confirmed: {
    startsAt: STARTS_AT,
    typeNameZh: "珠宝鉴赏",
    typeNameEn: "Jewelry viewing",
    advisorName: "王芳",
  },
  appointment_reminder: {
    startsAt: STARTS_AT,
    typeNameZh: "珠宝鉴赏",
    typeNameEn: "Jewelry viewing",
    advisorName: null,
  },
  appointment_rescheduled: {
    startsAt: STARTS_AT,
    previousStartsAt: "2025-03-13T02:00:00Z",
    typeNameZh: "婚戒咨询",
    typeNameEn: "Bridal ring consultation",
    advisorName: "王芳",
  },
  appointment_cancelled: { startsAt: STARTS_AT, typeNameZh: "定制设计咨询", typeNameEn: "Custom design consultation" },
  waitlist_offer: {
    startsAt: STARTS_AT,
    typeNameZh: "VIP 造型",
    typeNameEn: "VIP styling",
    respondBy: "2025-03-13T10:00:00Z",
  },
  event_invitation: {
    startsAt: STARTS_AT,
    eventTitleZh: "春季高级珠宝品鉴会暨新品发布晚宴特别场次专享",
    eventTitleEn: "Spring high-jewelry tasting",
  },
  event_rsvp_confirmed: {
    startsAt: STARTS_AT,
    eventTitleZh: "春季高级珠宝品鉴会",
    eventTitleEn: "Spring high-jewelry tasting",
    seat: 12,
  },
  service_ready: {
    reference: "SV-20250314-0001",
    readyAt: STARTS_AT,
    category: "ring",
    serviceType: "resizing",
    trackingUrl: "https://atrium.example.com/track/abc",
  },
  complaint_survey: {
    reference: "TS-20250314-0001",
    surveyUrl: "https://atrium.example.com/survey/abc",
    expiresAt: STARTS_AT,
  },
  complaint_breach: {
    reference: "TS-20250314-0002",
    clock: "resolution",
    dueAt: STARTS_AT,
    complaintUrl: "https://atrium.example.com/complaints/0f0e",
  },
};

const context = (locale: RenderContext["locale"], timeZone = "Asia/Shanghai"): RenderContext => ({
  locale,
  timeZone,
  memberName: "张晓华",
  store: { name: "静安嘉里中心店", nameEn: "Jing'an Kerry Centre" },
});

describe("message templates", () => {
  it.each(TEMPLATE_CODES.flatMap((code) => (["zh-CN", "en"] as const).map((locale) => [code, locale] as const)))(
    "%s renders every channel in %s",
    (code, locale) => {
      const params = SAMPLE_PARAMS[code];
      const sms = renderTemplate(code, "sms", params, context(locale));
      const wechat = renderTemplate(code, "wechat", params, context(locale));
      const email = renderTemplate(code, "email", params, context(locale));

      expect(sms.text.startsWith(SMS_SIGNATURE)).toBe(true);
      expect(sms.text).toContain("张晓华");
      expect(sms.text).toContain(locale === "en" ? "Jing'an Kerry Centre" : "静安嘉里中心店");
      expect(sms.text).toContain(locale === "en" ? "Fri 14 Mar 2025, 14:30" : "2025年3月14日（周五）14:30");
      expect(sms.text).not.toMatch(/undefined|null|NaN/);

      expect(wechat.templateId).toMatch(/\S/);
      expect(wechat.data.time2).toBe(locale === "en" ? "2025-03-14 14:30" : "2025年3月14日 14:30");
      for (const [key, value] of Object.entries(wechat.data)) {
        expect(value).toMatch(/\S/);
        if (key.startsWith("thing")) expect([...value].length).toBeLessThanOrEqual(20);
      }

      expect(email.subject).toMatch(/\S/);
      expect(email.text.startsWith(locale === "en" ? "Dear 张晓华," : "张晓华您好：")).toBe(true);
      expect(email.text).not.toMatch(/undefined|null|NaN/);
    },
  );

  it("formats times in the store's zone, not the server's", () => {
    const sms = renderTemplate("appointment_confirmed", "sms", SAMPLE_PARAMS.appointment_confirmed, {
      ...context("en", "Europe/London"),
    });
    expect(sms.text).toContain("Fri 14 Mar 2025, 06:30");
  });

  it("uses the English or Chinese name of the type and the store as the locale says", () => {
    const zh = renderTemplate("appointment_confirmed", "sms", SAMPLE_PARAMS.appointment_confirmed, context("zh-CN"));
    const en = renderTemplate("appointment_confirmed", "sms", SAMPLE_PARAMS.appointment_confirmed, context("en"));
    expect(zh.text).toBe(
      "【Atrium】张晓华您好，您的珠宝鉴赏预约已确认：2025年3月14日（周五）14:30，静安嘉里中心店，顾问王芳。如需改期请联系门店。",
    );
    expect(en.text).toBe(
      "【Atrium】Dear 张晓华, your Jewelry viewing is confirmed for Fri 14 Mar 2025, 14:30 at Jing'an Kerry Centre with 王芳. To change it, please contact the store.",
    );
    // A store without an English name keeps its Chinese one in English messages.
    const noEnglishName = renderTemplate("appointment_confirmed", "sms", SAMPLE_PARAMS.appointment_confirmed, {
      ...context("en"),
      store: { name: "静安嘉里中心店", nameEn: null },
    });
    expect(noEnglishName.text).toContain("at 静安嘉里中心店");
  });

  it("cuts WeChat `thing` fields to 20 characters", () => {
    const wechat = renderTemplate("event_invitation", "wechat", SAMPLE_PARAMS.event_invitation, context("zh-CN"));
    expect(wechat.data.thing1).toBe("春季高级珠宝品鉴会暨新品发布晚宴特别场…");
  });

  it("marketing SMS carry the opt-out instruction", () => {
    expect(renderTemplate("event_invitation", "sms", SAMPLE_PARAMS.event_invitation, context("zh-CN")).text).toMatch(
      /回T退订$/,
    );
  });

  it("refuses unknown templates and missing or malformed parameters", () => {
    expect(() => renderTemplate("birthday_wishes", "sms", {}, context("zh-CN"))).toThrow(/Unknown message template/);
    expect(() => parseTemplateParams("appointment_confirmed", { startsAt: STARTS_AT })).toThrow();
    expect(() =>
      parseTemplateParams("appointment_confirmed", { ...SAMPLE_PARAMS.appointment_confirmed, startsAt: "tomorrow" }),
    ).toThrow();
  });

  it("keeps only the parameters a template knows", () => {
    const parsed = parseTemplateParams("event_rsvp_confirmed", {
      ...SAMPLE_PARAMS.event_rsvp_confirmed,
      memberName: "张晓华",
      phone: "+8613812341234",
    });
    expect(Object.keys(parsed).sort()).toEqual(["eventTitleEn", "eventTitleZh", "seat", "startsAt"]);
  });

  it("a message expires when its visit or event begins (a waitlist offer when the hold ends)", () => {
    expect(templateExpiresAt("appointment_reminder", SAMPLE_PARAMS.appointment_reminder).toISOString()).toBe(STARTS_AT);
    expect(templateExpiresAt("waitlist_offer", SAMPLE_PARAMS.waitlist_offer).toISOString()).toBe(
      "2025-03-13T10:00:00.000Z",
    );
  });

  it("has a text for every channel", () => {
    expect(CHANNELS).toEqual(["sms", "wechat", "email"]);
  });
});
