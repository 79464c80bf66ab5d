import { tz } from "@date-fns/tz";
import { addDays, format } from "date-fns";
import { enGB, zhCN } from "date-fns/locale";
import { z } from "zod";
import type { Locale } from "@/lib/i18n/config";
import { storeDisplayName } from "@/lib/stores/display";
import type { Channel, ChannelContent } from "./adapters/types";

/**
 * The outbox's message templates, as code: each renders, in zh-CN and in English, the SMS text, the
 * WeChat template message and the email for its parameters. Parameters are raw values (an ISO
 * instant, a type's two names); times are formatted here, in the store's time zone and the
 * message's language. The member's and the store's names are not parameters: delivery reads them
 * from their rows when it sends (the current name, and no personal data copied into the outbox).
 * docs/domain.md#messages
 */

/** Every SMS starts with the sender's signature (签名), as Chinese carriers require. */
export const SMS_SIGNATURE = "【Atrium】";

/**
 * The official account's template ids (公众号后台 → 模板消息), one per kind of message. Set up once
 * per account; the fields below (`thing1`, `time2`…) are those templates' keywords.
 */
export const WECHAT_TEMPLATE_IDS = {
  appointment: "atrium-appointment-status",
  appointmentCancelled: "atrium-appointment-cancelled",
  waitlistOffer: "atrium-waitlist-offer",
  eventInvitation: "atrium-event-invitation",
  eventRsvp: "atrium-event-rsvp",
  complaintSurvey: "atrium-complaint-survey",
  serviceReady: "atrium-service-ready",
  complaintBreach: "atrium-complaint-breach",
} as const;

/** WeChat refuses a `thing` keyword over 20 characters. */
const WECHAT_THING_MAX = 20;

const isoInstant = z.iso.datetime({ offset: true });
const name = z.string().trim().min(1).max(200);

const appointmentParams = z.object({
  /** The visit's start (ISO 8601 with offset). */
  startsAt: isoInstant,
  typeNameZh: name,
  typeNameEn: name,
  /** The advisor's display name; null or absent: any advisor. */
  advisorName: name.nullish(),
});

const TEMPLATE_PARAMS = {
  appointment_confirmed: appointmentParams,
  appointment_reminder: appointmentParams,
  appointment_rescheduled: appointmentParams.extend({ previousStartsAt: isoInstant }),
  appointment_cancelled: appointmentParams,
  waitlist_offer: appointmentParams.extend({
    /** Until when the store holds the slot; absent: as soon as possible. */
    respondBy: isoInstant.nullish(),
  }),
  event_invitation: z.object({ startsAt: isoInstant, eventTitleZh: name, eventTitleEn: name }),
  event_rsvp_confirmed: z.object({
    startsAt: isoInstant,
    eventTitleZh: name,
    eventTitleEn: name,
    seat: z.number().int().positive().nullish(),
  }),
  /** A service ticket is ready for pickup (lib/after-sales/tickets/service.ts): the no-login tracking link, never the claim code. */
  service_ready: z.object({
    /** The ticket's reference, e.g. SV-20261205-0001. */
    reference: z.string().trim().min(1).max(40),
    /** When it became ready (ISO 8601 with offset). */
    readyAt: isoInstant,
    category: z.enum(["ring", "necklace", "bracelet", "earrings", "pendant", "watch"]),
    serviceType: z.enum([
      "cleaning",
      "maintenance",
      "repair",
      "resizing",
      "replating",
      "polishing",
      "stone_tightening",
      "inspection",
    ]),
    trackingUrl: z.url({ protocol: /^https?$/ }).max(500),
  }),
  /** After a complaint is closed: the no-login survey link (lib/complaints/follow-up/survey.ts). */
  complaint_survey: z.object({
    /** The complaint's reference, e.g. TS-20261205-0001. */
    reference: z.string().trim().min(1).max(40),
    surveyUrl: z.url({ protocol: /^https?$/ }).max(500),
    /** When the link stops working (ISO 8601 with offset). */
    expiresAt: isoInstant,
  }),
  /** To a store manager (a staff message): a complaint went past its SLA (lib/complaints/escalation). */
  complaint_breach: z.object({
    reference: z.string().trim().min(1).max(40),
    clock: z.enum(["response", "resolution"]),
    /** When the target was due (ISO 8601 with offset). */
    dueAt: isoInstant,
    complaintUrl: z.url({ protocol: /^https?$/ }).max(500),
  }),
} satisfies Record<string, z.ZodObject>;

export type TemplateCode = keyof typeof TEMPLATE_PARAMS;
export const TEMPLATE_CODES = Object.keys(TEMPLATE_PARAMS) as TemplateCode[];
/** What a caller passes to enqueueMessage for a template. */
export type TemplateParams<C extends TemplateCode> = z.input<(typeof TEMPLATE_PARAMS)[C]>;
type ParsedParams<C extends TemplateCode> = z.output<(typeof TEMPLATE_PARAMS)[C]>;

export function isTemplateCode(value: string): value is TemplateCode {
  return Object.hasOwn(TEMPLATE_PARAMS, value);
}

/** What delivery knows at send time besides the parameters. */
export type RenderContext = {
  locale: Locale;
  timeZone: string;
  memberName: string;
  store: { name: string; nameEn: string | null };
};

type Rendered = { [C in Channel]: ChannelContent[C] };

/** The formatting helpers one locale's texts use. */
type View = {
  member: string;
  store: string;
  /** An instant as people read it, in the store's zone: "2025年3月14日（周五）14:30" / "Fri 14 Mar 2025, 14:30". */
  time: (iso: string) => string;
  /** An instant for a WeChat `time` keyword, which must be a plain date and time. */
  wechatTime: (iso: string) => string;
  /** A value for a WeChat `thing` keyword (at most 20 characters). */
  thing: (text: string) => string;
  /** The zh or en one of two names. */
  pick: (zh: string, en: string) => string;
};

type LocaleTexts<C extends TemplateCode> = (params: ParsedParams<C>, view: View) => Rendered;

type TemplateDefinition<C extends TemplateCode> = {
  /** After this instant the message is pointless (the visit or event has begun): delivery skips it as `expired`. */
  expiresAt: (params: ParsedParams<C>) => string;
  "zh-CN": LocaleTexts<C>;
  en: LocaleTexts<C>;
};

function viewFor(context: RenderContext): View {
  const zone = tz(context.timeZone);
  const zh = context.locale === "zh-CN";
  return {
    member: context.memberName,
    store: storeDisplayName(context.store, context.locale),
    time: (iso) =>
      zh
        ? format(new Date(iso), "yyyy年M月d日（EEE）HH:mm", { in: zone, locale: zhCN })
        : format(new Date(iso), "EEE d MMM yyyy, HH:mm", { in: zone, locale: enGB }),
    wechatTime: (iso) => format(new Date(iso), zh ? "yyyy年M月d日 HH:mm" : "yyyy-MM-dd HH:mm", { in: zone }),
    thing: (text) => {
      const chars = [...text];
      return chars.length <= WECHAT_THING_MAX ? text : `${chars.slice(0, WECHAT_THING_MAX - 1).join("")}…`;
    },
    pick: (zhText, enText) => (zh ? zhText : enText),
  };
}

/** An email body: a greeting, labelled lines, a closing and the signature. */
function emailBody(greeting: string, intro: string, lines: [string, string | null | undefined][], closing: string) {
  const details = lines.filter(([, value]) => value).map(([label, value]) => `${label}${value}`);
  return [greeting, "", intro, "", ...details, "", closing, "", "Atrium"].join("\n");
}

/** The WeChat appointment notice: the visit, its time, the store, the advisor and its state. */
function appointmentWechat(v: View, typeName: string, startsAt: string, advisor: string, state: string) {
  return {
    templateId: WECHAT_TEMPLATE_IDS.appointment,
    data: {
      thing1: v.thing(typeName),
      time2: v.wechatTime(startsAt),
      thing3: v.thing(v.store),
      thing4: v.thing(advisor),
      phrase5: state,
    },
  };
}

/** How long after a piece became ready its "ready" message is still worth sending. */
const SERVICE_READY_VALID_DAYS = 30;

/** A piece's category and a service's type in the message's words (service_ready). */
const SERVICE_CATEGORY_NAMES = {
  ring: { zh: "戒指", en: "ring" },
  necklace: { zh: "项链", en: "necklace" },
  bracelet: { zh: "手镯/手链", en: "bracelet" },
  earrings: { zh: "耳饰", en: "earrings" },
  pendant: { zh: "吊坠", en: "pendant" },
  watch: { zh: "腕表", en: "watch" },
} as const;
const SERVICE_TYPE_NAMES = {
  cleaning: { zh: "清洗", en: "cleaning" },
  maintenance: { zh: "保养", en: "maintenance" },
  repair: { zh: "维修", en: "repair" },
  resizing: { zh: "改圈", en: "resizing" },
  replating: { zh: "电镀", en: "re-plating" },
  polishing: { zh: "抛光", en: "polishing" },
  stone_tightening: { zh: "镶石加固", en: "stone tightening" },
  inspection: { zh: "检测", en: "inspection" },
} as const;

const zhAdvisor = (advisor: string | null | undefined) => (advisor ? `，顾问${advisor}` : "");
const enAdvisor = (advisor: string | null | undefined) => (advisor ? ` with ${advisor}` : "");

const TEMPLATES: { [C in TemplateCode]: TemplateDefinition<C> } = {
  appointment_confirmed: {
    expiresAt: (p) => p.startsAt,
    "zh-CN": (p, v) => ({
      sms: {
        text: `${SMS_SIGNATURE}${v.member}您好，您的${p.typeNameZh}预约已确认：${v.time(p.startsAt)}，${v.store}${zhAdvisor(p.advisorName)}。如需改期请联系门店。`,
      },
      wechat: appointmentWechat(v, p.typeNameZh, p.startsAt, p.advisorName ?? "门店顾问", "已确认"),
      email: {
        subject: `预约确认：${p.typeNameZh} · ${v.time(p.startsAt)}`,
        text: emailBody(
          `${v.member}您好：`,
          "您的预约已确认。",
          [
            ["项目：", p.typeNameZh],
            ["时间：", v.time(p.startsAt)],
            ["门店：", v.store],
            ["顾问：", p.advisorName],
          ],
          "如需改期或取消，请联系门店。",
        ),
      },
    }),
    en: (p, v) => ({
      sms: {
        text: `${SMS_SIGNATURE}Dear ${v.member}, your ${p.typeNameEn} is confirmed for ${v.time(p.startsAt)} at ${v.store}${enAdvisor(p.advisorName)}. To change it, please contact the store.`,
      },
      wechat: appointmentWechat(v, p.typeNameEn, p.startsAt, p.advisorName ?? "Store advisor", "Confirmed"),
      email: {
        subject: `Appointment confirmed: ${p.typeNameEn}, ${v.time(p.startsAt)}`,
        text: emailBody(
          `Dear ${v.member},`,
          "Your appointment is confirmed.",
          [
            ["Appointment: ", p.typeNameEn],
            ["Time: ", v.time(p.startsAt)],
            ["Store: ", v.store],
            ["Advisor: ", p.advisorName],
          ],
          "To change or cancel it, please contact the store.",
        ),
      },
    }),
  },

  appointment_reminder: {
    expiresAt: (p) => p.startsAt,
    "zh-CN": (p, v) => ({
      sms: {
        text: `${SMS_SIGNATURE}${v.member}您好，温馨提醒：您预约的${p.typeNameZh}将于${v.time(p.startsAt)}在${v.store}开始${zhAdvisor(p.advisorName)}。如需改期请联系门店。`,
      },
      wechat: appointmentWechat(v, p.typeNameZh, p.startsAt, p.advisorName ?? "门店顾问", "即将开始"),
      email: {
        subject: `预约提醒：${p.typeNameZh} · ${v.time(p.startsAt)}`,
        text: emailBody(
          `${v.member}您好：`,
          "温馨提醒，您的预约即将开始。",
          [
            ["项目：", p.typeNameZh],
            ["时间：", v.time(p.startsAt)],
            ["门店：", v.store],
            ["顾问：", p.advisorName],
          ],
          "如需改期或取消，请联系门店。期待您的光临。",
        ),
      },
    }),
    en: (p, v) => ({
      sms: {
        text: `${SMS_SIGNATURE}Dear ${v.member}, a reminder of your ${p.typeNameEn} at ${v.store} on ${v.time(p.startsAt)}${enAdvisor(p.advisorName)}. To change it, please contact the store.`,
      },
      wechat: appointmentWechat(v, p.typeNameEn, p.startsAt, p.advisorName ?? "Store advisor", "Reminder"),
      email: {
        subject: `Reminder: ${p.typeNameEn}, ${v.time(p.startsAt)}`,
        text: emailBody(
          `Dear ${v.member},`,
          "A reminder of your upcoming appointment.",
          [
            ["Appointment: ", p.typeNameEn],
            ["Time: ", v.time(p.startsAt)],
            ["Store: ", v.store],
            ["Advisor: ", p.advisorName],
          ],
          "To change or cancel it, please contact the store. We look forward to seeing you.",
        ),
      },
    }),
  },

  appointment_rescheduled: {
    expiresAt: (p) => p.startsAt,
    "zh-CN": (p, v) => ({
      sms: {
        text: `${SMS_SIGNATURE}${v.member}您好，您的${p.typeNameZh}预约已改期至${v.time(p.startsAt)}（原定${v.time(p.previousStartsAt)}），${v.store}${zhAdvisor(p.advisorName)}。如有疑问请联系门店。`,
      },
      wechat: appointmentWechat(v, p.typeNameZh, p.startsAt, p.advisorName ?? "门店顾问", "已改期"),
      email: {
        subject: `预约改期：${p.typeNameZh} · ${v.time(p.startsAt)}`,
        text: emailBody(
          `${v.member}您好：`,
          "您的预约时间已更改。",
          [
            ["项目：", p.typeNameZh],
            ["新时间：", v.time(p.startsAt)],
            ["原时间：", v.time(p.previousStartsAt)],
            ["门店：", v.store],
            ["顾问：", p.advisorName],
          ],
          "如有疑问，请联系门店。",
        ),
      },
    }),
    en: (p, v) => ({
      sms: {
        text: `${SMS_SIGNATURE}Dear ${v.member}, your ${p.typeNameEn} has moved to ${v.time(p.startsAt)} (was ${v.time(p.previousStartsAt)}) at ${v.store}${enAdvisor(p.advisorName)}. Questions? Please contact the store.`,
      },
      wechat: appointmentWechat(v, p.typeNameEn, p.startsAt, p.advisorName ?? "Store advisor", "Moved"),
      email: {
        subject: `Appointment moved: ${p.typeNameEn}, ${v.time(p.startsAt)}`,
        text: emailBody(
          `Dear ${v.member},`,
          "The time of your appointment has changed.",
          [
            ["Appointment: ", p.typeNameEn],
            ["New time: ", v.time(p.startsAt)],
            ["Previous time: ", v.time(p.previousStartsAt)],
            ["Store: ", v.store],
            ["Advisor: ", p.advisorName],
          ],
          "Questions? Please contact the store.",
        ),
      },
    }),
  },

  appointment_cancelled: {
    expiresAt: (p) => p.startsAt,
    "zh-CN": (p, v) => ({
      sms: {
        text: `${SMS_SIGNATURE}${v.member}您好，您原定${v.time(p.startsAt)}在${v.store}的${p.typeNameZh}预约已取消。欢迎随时重新预约。`,
      },
      wechat: {
        templateId: WECHAT_TEMPLATE_IDS.appointmentCancelled,
        data: {
          thing1: v.thing(p.typeNameZh),
          time2: v.wechatTime(p.startsAt),
          thing3: v.thing(v.store),
          thing4: v.thing("欢迎随时重新预约"),
        },
      },
      email: {
        subject: `预约已取消：${p.typeNameZh} · ${v.time(p.startsAt)}`,
        text: emailBody(
          `${v.member}您好：`,
          "您的以下预约已取消。",
          [
            ["项目：", p.typeNameZh],
            ["原定时间：", v.time(p.startsAt)],
            ["门店：", v.store],
          ],
          "欢迎随时重新预约。",
        ),
      },
    }),
    en: (p, v) => ({
      sms: {
        text: `${SMS_SIGNATURE}Dear ${v.member}, your ${p.typeNameEn} at ${v.store} on ${v.time(p.startsAt)} has been cancelled. You are welcome to book again at any time.`,
      },
      wechat: {
        templateId: WECHAT_TEMPLATE_IDS.appointmentCancelled,
        data: {
          thing1: v.thing(p.typeNameEn),
          time2: v.wechatTime(p.startsAt),
          thing3: v.thing(v.store),
          thing4: v.thing("Book again any time"),
        },
      },
      email: {
        subject: `Appointment cancelled: ${p.typeNameEn}, ${v.time(p.startsAt)}`,
        text: emailBody(
          `Dear ${v.member},`,
          "The following appointment has been cancelled.",
          [
            ["Appointment: ", p.typeNameEn],
            ["Was at: ", v.time(p.startsAt)],
            ["Store: ", v.store],
          ],
          "You are welcome to book again at any time.",
        ),
      },
    }),
  },

  waitlist_offer: {
    expiresAt: (p) => p.respondBy ?? p.startsAt,
    "zh-CN": (p, v) => ({
      sms: {
        text: `${SMS_SIGNATURE}${v.member}您好，您候补的${p.typeNameZh}有空档了：${v.time(p.startsAt)}，${v.store}${zhAdvisor(p.advisorName)}。${p.respondBy ? `请在${v.time(p.respondBy)}前联系门店确认。` : "请尽快联系门店确认。"}`,
      },
      wechat: {
        templateId: WECHAT_TEMPLATE_IDS.waitlistOffer,
        data: {
          thing1: v.thing(p.typeNameZh),
          time2: v.wechatTime(p.startsAt),
          thing3: v.thing(v.store),
          thing4: v.thing(p.respondBy ? `请在${v.wechatTime(p.respondBy)}前确认` : "请尽快联系门店确认"),
        },
      },
      email: {
        subject: `候补空档：${p.typeNameZh} · ${v.time(p.startsAt)}`,
        text: emailBody(
          `${v.member}您好：`,
          "您候补的预约有空档了。",
          [
            ["项目：", p.typeNameZh],
            ["时间：", v.time(p.startsAt)],
            ["门店：", v.store],
            ["顾问：", p.advisorName],
            ["请于此前确认：", p.respondBy ? v.time(p.respondBy) : null],
          ],
          "请联系门店确认预约。",
        ),
      },
    }),
    en: (p, v) => ({
      sms: {
        text: `${SMS_SIGNATURE}Dear ${v.member}, a place has opened for your ${p.typeNameEn}: ${v.time(p.startsAt)} at ${v.store}${enAdvisor(p.advisorName)}. ${p.respondBy ? `Please contact the store to confirm by ${v.time(p.respondBy)}.` : "Please contact the store to confirm."}`,
      },
      wechat: {
        templateId: WECHAT_TEMPLATE_IDS.waitlistOffer,
        data: {
          thing1: v.thing(p.typeNameEn),
          time2: v.wechatTime(p.startsAt),
          thing3: v.thing(v.store),
          thing4: v.thing(p.respondBy ? `Reply by ${v.wechatTime(p.respondBy)}` : "Please confirm soon"),
        },
      },
      email: {
        subject: `A place has opened: ${p.typeNameEn}, ${v.time(p.startsAt)}`,
        text: emailBody(
          `Dear ${v.member},`,
          "A place has opened for the appointment you were waiting for.",
          [
            ["Appointment: ", p.typeNameEn],
            ["Time: ", v.time(p.startsAt)],
            ["Store: ", v.store],
            ["Advisor: ", p.advisorName],
            ["Please confirm by: ", p.respondBy ? v.time(p.respondBy) : null],
          ],
          "Please contact the store to confirm.",
        ),
      },
    }),
  },

  event_invitation: {
    expiresAt: (p) => p.startsAt,
    "zh-CN": (p, v) => ({
      // A marketing message: Chinese carriers require the opt-out instruction.
      sms: {
        text: `${SMS_SIGNATURE}${v.member}您好，诚邀您出席「${p.eventTitleZh}」：${v.time(p.startsAt)}，${v.store}。名额有限，敬请联系您的顾问预留席位。回T退订`,
      },
      wechat: {
        templateId: WECHAT_TEMPLATE_IDS.eventInvitation,
        data: {
          thing1: v.thing(p.eventTitleZh),
          time2: v.wechatTime(p.startsAt),
          thing3: v.thing(v.store),
          thing4: v.thing("名额有限，请联系顾问预留"),
        },
      },
      email: {
        subject: `诚挚邀请：${p.eventTitleZh}`,
        text: emailBody(
          `${v.member}您好：`,
          "诚邀您出席我们的活动。",
          [
            ["活动：", p.eventTitleZh],
            ["时间：", v.time(p.startsAt)],
            ["门店：", v.store],
          ],
          "名额有限，敬请联系您的顾问预留席位。",
        ),
      },
    }),
    en: (p, v) => ({
      sms: {
        text: `${SMS_SIGNATURE}Dear ${v.member}, you are invited to ${p.eventTitleEn}: ${v.time(p.startsAt)} at ${v.store}. Places are limited; please ask your advisor to reserve yours. Reply T to opt out`,
      },
      wechat: {
        templateId: WECHAT_TEMPLATE_IDS.eventInvitation,
        data: {
          thing1: v.thing(p.eventTitleEn),
          time2: v.wechatTime(p.startsAt),
          thing3: v.thing(v.store),
          thing4: v.thing("Ask your advisor"),
        },
      },
      email: {
        subject: `You are invited: ${p.eventTitleEn}`,
        text: emailBody(
          `Dear ${v.member},`,
          "We would be delighted to welcome you to our event.",
          [
            ["Event: ", p.eventTitleEn],
            ["Time: ", v.time(p.startsAt)],
            ["Store: ", v.store],
          ],
          "Places are limited; please ask your advisor to reserve yours.",
        ),
      },
    }),
  },

  event_rsvp_confirmed: {
    expiresAt: (p) => p.startsAt,
    "zh-CN": (p, v) => ({
      sms: {
        text: `${SMS_SIGNATURE}${v.member}您好，您已成功报名「${p.eventTitleZh}」：${v.time(p.startsAt)}，${v.store}${p.seat ? `，席位${p.seat}号` : ""}。期待您的光临。`,
      },
      wechat: {
        templateId: WECHAT_TEMPLATE_IDS.eventRsvp,
        data: {
          thing1: v.thing(p.eventTitleZh),
          time2: v.wechatTime(p.startsAt),
          thing3: v.thing(v.store),
          thing4: v.thing(p.seat ? `席位${p.seat}号` : "报名成功"),
        },
      },
      email: {
        subject: `报名成功：${p.eventTitleZh}`,
        text: emailBody(
          `${v.member}您好：`,
          "您已成功报名以下活动。",
          [
            ["活动：", p.eventTitleZh],
            ["时间：", v.time(p.startsAt)],
            ["门店：", v.store],
            ["席位：", p.seat ? `${p.seat}号` : null],
          ],
          "期待您的光临。",
        ),
      },
    }),
    en: (p, v) => ({
      sms: {
        text: `${SMS_SIGNATURE}Dear ${v.member}, your place at ${p.eventTitleEn} is confirmed: ${v.time(p.startsAt)} at ${v.store}${p.seat ? `, seat ${p.seat}` : ""}. We look forward to seeing you.`,
      },
      wechat: {
        templateId: WECHAT_TEMPLATE_IDS.eventRsvp,
        data: {
          thing1: v.thing(p.eventTitleEn),
          time2: v.wechatTime(p.startsAt),
          thing3: v.thing(v.store),
          thing4: v.thing(p.seat ? `Seat ${p.seat}` : "Place confirmed"),
        },
      },
      email: {
        subject: `Place confirmed: ${p.eventTitleEn}`,
        text: emailBody(
          `Dear ${v.member},`,
          "Your place at the following event is confirmed.",
          [
            ["Event: ", p.eventTitleEn],
            ["Time: ", v.time(p.startsAt)],
            ["Store: ", v.store],
            ["Seat: ", p.seat ? String(p.seat) : null],
          ],
          "We look forward to seeing you.",
        ),
      },
    }),
  },
  service_ready: {
    // A message weeks after the piece became ready is pointless: by then the store calls.
    expiresAt: (p) => addDays(new Date(p.readyAt), SERVICE_READY_VALID_DAYS).toISOString(),
    "zh-CN": (p, v) => ({
      sms: {
        text: `${SMS_SIGNATURE}${v.member}您好，您在${v.store}送修的${SERVICE_CATEGORY_NAMES[p.category].zh}（${SERVICE_TYPE_NAMES[p.serviceType].zh}，单号${p.reference}）已于${v.time(p.readyAt)}完成，欢迎到店取件。取件时请出示服务单上的取件码。进度查询：${p.trackingUrl}`,
      },
      wechat: {
        templateId: WECHAT_TEMPLATE_IDS.serviceReady,
        data: {
          character_string1: p.reference,
          thing2: v.thing(`${SERVICE_CATEGORY_NAMES[p.category].zh}${SERVICE_TYPE_NAMES[p.serviceType].zh}`),
          time2: v.wechatTime(p.readyAt),
          thing3: v.thing(v.store),
          thing4: v.thing("请凭服务单取件码到店取件"),
          // The template type has no link field: the link goes in the free-text remark.
          remark: p.trackingUrl,
        },
      },
      email: {
        subject: `取件通知：${p.reference}`,
        text: emailBody(
          `${v.member}您好：`,
          "您送修的饰品已完成服务，欢迎到店取件。",
          [
            ["单号：", p.reference],
            ["饰品：", SERVICE_CATEGORY_NAMES[p.category].zh],
            ["服务：", SERVICE_TYPE_NAMES[p.serviceType].zh],
            ["完成时间：", v.time(p.readyAt)],
            ["门店：", v.store],
            ["进度查询：", p.trackingUrl],
          ],
          "取件时请出示服务单上的取件码。",
        ),
      },
    }),
    en: (p, v) => ({
      sms: {
        text: `${SMS_SIGNATURE}Dear ${v.member}, your ${SERVICE_CATEGORY_NAMES[p.category].en} (${SERVICE_TYPE_NAMES[p.serviceType].en}, ${p.reference}) at ${v.store} has been ready since ${v.time(p.readyAt)}. Please bring the claim code on your service receipt. Track it: ${p.trackingUrl}`,
      },
      wechat: {
        templateId: WECHAT_TEMPLATE_IDS.serviceReady,
        data: {
          character_string1: p.reference,
          thing2: v.thing(`${SERVICE_CATEGORY_NAMES[p.category].en}: ${SERVICE_TYPE_NAMES[p.serviceType].en}`),
          time2: v.wechatTime(p.readyAt),
          thing3: v.thing(v.store),
          thing4: v.thing("Bring your claim code"),
          remark: p.trackingUrl,
        },
      },
      email: {
        subject: `Ready for pickup: ${p.reference}`,
        text: emailBody(
          `Dear ${v.member},`,
          "Your piece has been serviced and is ready for pickup.",
          [
            ["Reference: ", p.reference],
            ["Piece: ", SERVICE_CATEGORY_NAMES[p.category].en],
            ["Service: ", SERVICE_TYPE_NAMES[p.serviceType].en],
            ["Ready since: ", v.time(p.readyAt)],
            ["Store: ", v.store],
            ["Track it: ", p.trackingUrl],
          ],
          "Please bring the claim code on your service receipt.",
        ),
      },
    }),
  },
  complaint_survey: {
    expiresAt: (p) => p.expiresAt,
    "zh-CN": (p, v) => ({
      sms: {
        text: `${SMS_SIGNATURE}${v.member}您好，您在${v.store}反映的问题（${p.reference}）已处理完毕。请花一分钟为我们的处理打分：${p.surveyUrl} 链接有效期至${v.time(p.expiresAt)}。`,
      },
      wechat: {
        templateId: WECHAT_TEMPLATE_IDS.complaintSurvey,
        data: {
          character_string1: p.reference,
          thing3: v.thing(v.store),
          time2: v.wechatTime(p.expiresAt),
          thing4: v.thing("请为本次处理打分"),
          // The template type has no link field: the link goes in the free-text remark.
          remark: p.surveyUrl,
        },
      },
      email: {
        subject: `满意度回访：${p.reference}`,
        text: emailBody(
          `${v.member}您好：`,
          "您反映的问题已处理完毕，感谢您的耐心。请花一分钟为我们的处理打分。",
          [
            ["编号：", p.reference],
            ["门店：", v.store],
            ["评价链接：", p.surveyUrl],
            ["有效期至：", v.time(p.expiresAt)],
          ],
          "您的意见将帮助我们改进服务。",
        ),
      },
    }),
    en: (p, v) => ({
      sms: {
        text: `${SMS_SIGNATURE}Dear ${v.member}, the matter you raised at ${v.store} (${p.reference}) has been closed. Please take a minute to rate how we handled it: ${p.surveyUrl} The link works until ${v.time(p.expiresAt)}.`,
      },
      wechat: {
        templateId: WECHAT_TEMPLATE_IDS.complaintSurvey,
        data: {
          character_string1: p.reference,
          thing3: v.thing(v.store),
          time2: v.wechatTime(p.expiresAt),
          thing4: v.thing("Please rate our service"),
          remark: p.surveyUrl,
        },
      },
      email: {
        subject: `How did we do? ${p.reference}`,
        text: emailBody(
          `Dear ${v.member},`,
          "The matter you raised has been closed; thank you for your patience. Please take a minute to rate how we handled it.",
          [
            ["Reference: ", p.reference],
            ["Store: ", v.store],
            ["Survey: ", p.surveyUrl],
            ["Open until: ", v.time(p.expiresAt)],
          ],
          "Your answer helps us improve.",
        ),
      },
    }),
  },
  complaint_breach: {
    // A week after the breach the message adds nothing to what the portal's notification says.
    expiresAt: (p) => new Date(new Date(p.dueAt).getTime() + 7 * 86_400_000).toISOString(),
    "zh-CN": (p, v) => {
      const target = p.clock === "response" ? "首次响应" : "解决";
      return {
        sms: {
          text: `${SMS_SIGNATURE}${v.member}您好，${v.store}的投诉 ${p.reference} 已超过${target}时限（应于${v.time(p.dueAt)}前完成），请尽快处理：${p.complaintUrl}`,
        },
        wechat: {
          templateId: WECHAT_TEMPLATE_IDS.complaintBreach,
          data: {
            character_string1: p.reference,
            thing3: v.thing(v.store),
            time2: v.wechatTime(p.dueAt),
            thing4: v.thing(`已超过${target}时限`),
            remark: p.complaintUrl,
          },
        },
        email: {
          subject: `投诉超时：${p.reference}（${target}）`,
          text: emailBody(
            `${v.member}您好：`,
            `您门店的一宗投诉已超过${target}时限，已升级给您。`,
            [
              ["编号：", p.reference],
              ["门店：", v.store],
              ["应完成时间：", v.time(p.dueAt)],
              ["处理链接：", p.complaintUrl],
            ],
            "请尽快跟进。",
          ),
        },
      };
    },
    en: (p, v) => {
      const target = p.clock === "response" ? "first-response" : "resolution";
      return {
        sms: {
          text: `${SMS_SIGNATURE}${v.member}, complaint ${p.reference} at ${v.store} is past its ${target} target (due ${v.time(p.dueAt)}). Please act now: ${p.complaintUrl}`,
        },
        wechat: {
          templateId: WECHAT_TEMPLATE_IDS.complaintBreach,
          data: {
            character_string1: p.reference,
            thing3: v.thing(v.store),
            time2: v.wechatTime(p.dueAt),
            thing4: v.thing(`Past its ${target} target`),
            remark: p.complaintUrl,
          },
        },
        email: {
          subject: `Complaint past its ${target} target: ${p.reference}`,
          text: emailBody(
            `Dear ${v.member},`,
            `A complaint at your store is past its ${target} target and has been escalated to you.`,
            [
              ["Reference: ", p.reference],
              ["Store: ", v.store],
              ["Was due: ", v.time(p.dueAt)],
              ["Open it: ", p.complaintUrl],
            ],
            "Please follow it up now.",
          ),
        },
      };
    },
  },
};

/**
 * A template's parameters checked and reduced to the keys it knows (what the outbox stores).
 * Throws a ZodError for a missing or malformed parameter.
 */
export function parseTemplateParams<C extends TemplateCode>(code: C, params: unknown): ParsedParams<C> {
  return TEMPLATE_PARAMS[code].parse(params) as ParsedParams<C>;
}

/** The instant after which a message of this template is pointless (its visit or event has begun). */
export function templateExpiresAt(code: TemplateCode, params: unknown): Date {
  const template = TEMPLATES[code] as TemplateDefinition<TemplateCode>;
  return new Date(template.expiresAt(parseTemplateParams(code, params)));
}

/** Renders a template for one channel in the context's locale. Throws for unknown codes or bad parameters. */
export function renderTemplate<C extends Channel>(
  code: string,
  channel: C,
  params: unknown,
  context: RenderContext,
): ChannelContent[C] {
  if (!isTemplateCode(code)) throw new Error(`Unknown message template ${JSON.stringify(code)}.`);
  const template = TEMPLATES[code] as TemplateDefinition<TemplateCode>;
  const texts = template[context.locale](parseTemplateParams(code, params), viewFor(context));
  return texts[channel];
}
