"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ApiKeyKind } from "@/lib/api-keys/schemas";
import { ApiKeyKindBadge, KIND_HINT } from "./api-key-kind";

/** Shows a new API key once, with copy: only its hash is stored, so it can never be shown again. */
export function CreatedApiKey({ apiKey, kind }: { apiKey: string; kind: ApiKeyKind }) {
  const t = useTranslations("apiKeys");
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-3">
      <p className="flex flex-wrap items-center gap-2 text-sm text-stone-600" data-testid="new-api-key-kind">
        {t("kind")} <ApiKeyKindBadge kind={kind} /> <span className="text-xs text-stone-500">{t(KIND_HINT[kind])}</span>
      </p>
      <Alert tone="warning">
        <strong className="font-semibold">{t("shownOnceTitle")}</strong> {t("shownOnceBody")}
      </Alert>
      <div className="flex flex-wrap items-center gap-2">
        <code
          data-testid="new-api-key"
          className="rounded-md bg-stone-100 px-3 py-2 font-mono text-sm break-all select-all"
        >
          {apiKey}
        </code>
        <Button
          variant="secondary"
          size="sm"
          onClick={async () => {
            await navigator.clipboard?.writeText(apiKey);
            setCopied(true);
          }}
        >
          {copied ? t("copied") : t("copy")}
        </Button>
      </div>
      <p className="text-xs text-stone-500">{t(kind === "pos" ? "usageHint" : "usageHintMemberApp")}</p>
    </div>
  );
}
