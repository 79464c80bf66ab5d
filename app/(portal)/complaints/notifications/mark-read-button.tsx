"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { markNotificationsReadAction } from "@/lib/complaints/cases/actions";

export function MarkReadButton({ notificationId, label }: { notificationId?: string; label: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="secondary"
      pending={pending}
      onClick={() =>
        startTransition(async () => {
          await markNotificationsReadAction(notificationId ? { notificationId } : {});
          router.refresh();
        })
      }
    >
      {label}
    </Button>
  );
}
