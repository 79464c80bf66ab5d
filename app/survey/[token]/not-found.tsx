import { getTranslations } from "next-intl/server";

/** An unknown or malformed survey link: a neutral page (404) that says nothing about complaints. */
export default async function SurveyNotFound() {
  const t = await getTranslations("complaintFollowUp.survey");
  return (
    <div className="flex min-h-screen items-start justify-center bg-gradient-to-b from-amber-50 to-stone-100 px-4 pt-[6vh] pb-12">
      <main className="w-full max-w-md rounded-xl bg-white p-6 shadow-sm ring-1 ring-stone-200">
        <p className="text-sm font-semibold tracking-wide text-amber-800">Atrium</p>
        <h1 className="mt-2 text-xl font-semibold text-stone-900">{t("invalidTitle")}</h1>
        <p className="mt-1 text-sm text-stone-600">{t("invalidBody")}</p>
      </main>
    </div>
  );
}
