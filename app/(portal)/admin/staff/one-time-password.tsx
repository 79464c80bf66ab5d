"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** Shows a generated password once, with copy; it is never retrievable again. */
export function OneTimePassword({ password }: { password: string }) {
  const t = useTranslations("staff");
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-3">
      <Alert tone="warning">{t("oneTimePasswordNotice")}</Alert>
      <div className="flex items-center gap-2">
        <code
          data-testid="one-time-password"
          className="rounded-md bg-stone-100 px-3 py-2 font-mono text-base tracking-wider"
        >
          {password}
        </code>
        <Button
          variant="secondary"
          size="sm"
          onClick={async () => {
            await navigator.clipboard?.writeText(password);
            setCopied(true);
          }}
        >
          {copied ? t("copied") : t("copy")}
        </Button>
      </div>
    </div>
  );
}
