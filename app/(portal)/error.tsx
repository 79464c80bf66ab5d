"use client";

import { useTranslations } from "next-intl";
import { StatusPage } from "@/components/layout/status-page";
import { Button } from "@/components/ui/button";

export default function PortalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errorPage");
  return (
    <StatusPage
      code="500"
      title={t("title")}
      body={t("body")}
      homeLabel={t("home")}
      action={
        <Button variant="secondary" onClick={reset}>
          {t("retry")}
        </Button>
      }
    />
  );
}
