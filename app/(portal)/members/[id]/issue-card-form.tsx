"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { issueMemberCardAction } from "@/lib/members/actions";

/** Issues a member card from the 360° view's dialog: type the pre-printed number, or leave it empty to generate one. */
export function IssueCardForm({ memberId }: { memberId: string }) {
  const t = useTranslations("memberCards");
  const router = useRouter();
  const [cardNo, setCardNo] = useState("");
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    startTransition(async () => {
      const result = await issueMemberCardAction({ memberId, cardNo });
      if (result.ok) {
        setMessage({ tone: "ok", text: t("issued", { cardNo: result.data.cardNo }) });
        setCardNo("");
        router.refresh();
      } else {
        const field = result.fieldErrors?.cardNo?.[0];
        setMessage({
          tone: "error",
          text: field === "cardNoTaken" ? t("taken") : field ? t("format") : result.message,
        });
      }
    });
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <Input
          aria-label={t("cardNo")}
          placeholder={t("placeholder")}
          value={cardNo}
          onChange={(e) => setCardNo(e.target.value)}
          className="w-56"
          maxLength={32}
        />
        <Button type="submit" pending={pending}>
          {t("issue")}
        </Button>
      </div>
      {message ? (
        <p
          className={`text-xs ${message.tone === "ok" ? "text-emerald-700" : "text-red-700"}`}
          role={message.tone === "error" ? "alert" : "status"}
        >
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
