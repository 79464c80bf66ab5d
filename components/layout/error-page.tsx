"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { StatusPage } from "@/components/layout/status-page";
import { Button } from "@/components/ui/button";
import { DATABASE_UNAVAILABLE_DIGEST } from "@/lib/errors";

/**
 * What an error boundary (error.tsx) shows: a database outage as "unavailable, try again in a
 * moment" (told apart by the digest the server set: production hides the message), anything else
 * as the generic error page.
 */
export function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errorPage");
  const router = useRouter();
  const [retrying, startRetry] = useTransition();
  const unavailable = error.digest === DATABASE_UNAVAILABLE_DIGEST;
  // A server component's error comes back only if the server renders again: refresh, then reset.
  const retry = () =>
    startRetry(() => {
      router.refresh();
      reset();
    });
  return (
    <StatusPage
      code={unavailable ? "503" : "500"}
      title={unavailable ? t("unavailableTitle") : t("title")}
      body={unavailable ? t("unavailableBody") : t("body")}
      homeLabel={t("home")}
      action={
        <Button variant="secondary" onClick={retry} pending={retrying}>
          {t("retry")}
        </Button>
      }
    />
  );
}
