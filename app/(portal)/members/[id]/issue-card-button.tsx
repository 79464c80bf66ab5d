"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { issueMemberCardAction } from "@/lib/members/actions";

/** Issues a member card from the 360° view: type the pre-printed number, or leave it empty to generate one. */
export function IssueCardButton({ memberId }: { memberId: string }) {
  const t = useTranslations("memberCards");
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [cardNo, setCardNo] = useState("");
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const submit = () =>
    startTransition(async () => {
      const result = await issueMemberCardAction({ memberId, cardNo });
      if (result.ok) {
        setMessage({ tone: "ok", text: t("issued", { cardNo: result.data.cardNo }) });
        setCardNo("");
        setOpen(false);
        router.refresh();
      } else {
        const field = result.fieldErrors?.cardNo?.[0];
        setMessage({
          tone: "error",
          text: field === "cardNoTaken" ? t("taken") : field ? t("format") : result.message,
        });
      }
    });

  return (
    <div className="mt-1 text-sm">
      {open ? (
        <div className="flex flex-wrap items-center gap-2">
          <Input
            aria-label={t("cardNo")}
            placeholder={t("placeholder")}
            value={cardNo}
            onChange={(e) => setCardNo(e.target.value)}
            className="w-48"
            maxLength={32}
          />
          <Button type="button" onClick={submit} pending={pending}>
            {t("issue")}
          </Button>
          <Button type="button" variant="ghost" onClick={() => setOpen(false)} disabled={pending}>
            {t("cancel")}
          </Button>
        </div>
      ) : (
        <button
          type="button"
          className="text-xs font-medium text-sky-700 hover:underline"
          onClick={() => setOpen(true)}
        >
          {t("open")}
        </button>
      )}
      {message ? (
        <p
          className={`mt-1 text-xs ${message.tone === "ok" ? "text-emerald-700" : "text-red-700"}`}
          role={message.tone === "error" ? "alert" : "status"}
        >
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
