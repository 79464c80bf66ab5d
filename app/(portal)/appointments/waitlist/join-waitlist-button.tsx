"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { joinWaitlistAction } from "@/lib/appointments/waitlist/actions";

/**
 * "Join the waitlist" for a day with no free time (the booking page's slot picker): the member
 * waits for the type on that day, with the chosen advisor or any (docs/domain.md#waitlist).
 */
export function JoinWaitlistButton({
  storeId,
  memberId,
  typeId,
  day,
  advisorId,
}: {
  storeId: string;
  memberId: string | null;
  typeId: string;
  day: string;
  advisorId: string | null;
}) {
  const t = useTranslations("appointmentExtras");
  const [pending, startTransition] = useTransition();
  const [joined, setJoined] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const question = `${storeId}|${memberId}|${typeId}|${day}|${advisorId}`;

  if (joined === question) {
    return (
      <p className="text-sm text-emerald-800" role="status" data-testid="waitlist-joined">
        {t("waitlistJoined")}{" "}
        <Link href="/appointments/waitlist" className="underline">
          {t("waitlistOpen")}
        </Link>
      </p>
    );
  }

  const join = () =>
    startTransition(async () => {
      setError(undefined);
      const result = await joinWaitlistAction({ storeId, memberId: memberId ?? "", typeId, day, advisorId });
      if (result.ok) {
        setJoined(question);
        return;
      }
      const key = Object.values(result.fieldErrors ?? {})[0]?.[0];
      setError(key && t.has(`validation.${key}`) ? t(`validation.${key}`) : result.message);
    });

  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button type="button" variant="secondary" pending={pending} disabled={!memberId || pending} onClick={join}>
        {t("waitlistJoin")}
      </Button>
      {memberId ? null : <span className="text-xs text-stone-500">{t("waitlistNeedsMember")}</span>}
      {error ? (
        <span className="text-xs text-red-700" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
