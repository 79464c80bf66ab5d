"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { removeMemberImportantDateAction, removeMemberWishlistItemAction } from "@/lib/members/clienteling/actions";
import { useRemove } from "./section-helpers";

const REMOVE = { date: removeMemberImportantDateAction, wish: removeMemberWishlistItemAction } as const;

/**
 * The remove button of an important date or a wishlist item: the only interactive part of those
 * lists, which render on the server; its words come translated from there.
 */
export function RemoveItemButton({
  list,
  memberId,
  id,
  label,
  ariaLabel,
}: {
  list: keyof typeof REMOVE;
  memberId: string;
  id: string;
  label: string;
  ariaLabel: string;
}) {
  const { pending, error, remove } = useRemove();
  return (
    <>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Button
        variant="ghost"
        size="sm"
        pending={pending}
        onClick={() => remove(() => REMOVE[list]({ memberId, id }))}
        aria-label={ariaLabel}
      >
        {label}
      </Button>
    </>
  );
}
