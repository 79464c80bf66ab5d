import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { isSurveyToken } from "@/lib/complaints/follow-up/schemas";
import { loadSurvey } from "@/lib/complaints/follow-up/survey";
import { storeDisplayName } from "@/lib/stores/display";
import { SurveyForm } from "./survey-form";

// docs/domain.md#satisfaction-survey: a customer's page, no session (proxy.ts exempts /survey/).
// The token is in the address: never indexed, never sent on as a referrer.
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("complaintFollowUp.survey");
  return {
    title: t("title"),
    robots: { index: false, follow: false, nocache: true },
    referrer: "no-referrer",
  };
}

export default async function SurveyPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!isSurveyToken(token)) notFound();
  const survey = await loadSurvey(getDb(), token);
  if (!survey) notFound();
  const [t, locale] = await Promise.all([getTranslations("complaintFollowUp.survey"), getLocale()]);
  return (
    <div className="flex min-h-screen items-start justify-center bg-gradient-to-b from-amber-50 to-stone-100 px-4 pt-[6vh] pb-12">
      <main className="w-full max-w-md rounded-xl bg-white p-6 shadow-sm ring-1 ring-stone-200">
        <p className="text-sm font-semibold tracking-wide text-amber-800">Atrium</p>
        <h1 className="mt-2 text-xl font-semibold text-stone-900">{t("title")}</h1>
        <p className="mt-1 text-sm text-stone-600">
          {t("about", { reference: survey.reference, store: storeDisplayName(survey.store, locale) })}
        </p>
        <div className="mt-5">
          {survey.state === "answered" ? (
            <p className="rounded-md bg-stone-50 p-4 text-stone-800">{t("alreadyAnswered")}</p>
          ) : survey.state === "expired" ? (
            <p className="rounded-md bg-stone-50 p-4 text-stone-800">{t("expired")}</p>
          ) : (
            <SurveyForm token={token} />
          )}
        </div>
      </main>
    </div>
  );
}
