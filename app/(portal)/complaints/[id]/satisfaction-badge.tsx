import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { satisfactionOf } from "@/lib/complaints/follow-up/schemas";

type SurveyColumns = Parameters<typeof satisfactionOf>[0];

/** The customer's satisfaction survey on the complaint page: the score and comment, or that it is awaited. */
export async function SatisfactionBadge({ complaint, timeZone }: { complaint: SurveyColumns; timeZone: string }) {
  const satisfaction = satisfactionOf(complaint);
  if (satisfaction.state === "none") return null;
  const [t, format] = await Promise.all([getTranslations("complaintFollowUp.satisfaction"), getFormatter()]);
  const when = (at: Date) => format.dateTime(at, { dateStyle: "medium", timeStyle: "short", timeZone });
  if (satisfaction.state === "sent") {
    return (
      <Card title={t("title")}>
        <p className="text-sm text-stone-600">{t("awaiting", { time: when(satisfaction.sentAt) })}</p>
      </Card>
    );
  }
  const tone = satisfaction.score >= 4 ? "success" : satisfaction.score === 3 ? "warning" : "danger";
  return (
    <Card title={t("title")}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={tone}>{t("score", { score: satisfaction.score })}</Badge>
        <span className="text-amber-600" aria-hidden>
          {"★".repeat(satisfaction.score)}
          <span className="text-stone-300">{"★".repeat(5 - satisfaction.score)}</span>
        </span>
        <span className="text-xs text-stone-500">{t("answeredAt", { time: when(satisfaction.answeredAt) })}</span>
      </div>
      {satisfaction.comment ? (
        <p className="mt-2 whitespace-pre-wrap text-sm text-stone-800">{satisfaction.comment}</p>
      ) : null}
    </Card>
  );
}
