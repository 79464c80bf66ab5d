"use client";

import { useLocale, useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { removeMemberWishlistItemAction } from "@/lib/members/clienteling/actions";
import { formatFen } from "@/lib/money";
import { Empty, useRemove } from "./section-helpers";

export type WishlistItemView = { id: string; description: string; sku: string | null; priceFen: number | null };

/** The member's wishlist, with removal for staff who may write (adding an item is the card's dialog). */
export function WishlistSection({
  memberId,
  items,
  canWrite,
}: {
  memberId: string;
  items: WishlistItemView[];
  canWrite: boolean;
}) {
  const t = useTranslations("members");
  const locale = useLocale();
  const { pending, error, remove } = useRemove();
  return (
    <div className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {items.length === 0 ? (
        <Empty>{t("wishlistEmpty")}</Empty>
      ) : (
        <ul className="divide-y divide-stone-100 text-sm">
          {items.map((item) => (
            <li key={item.id} className="flex items-center justify-between gap-2 py-1.5">
              <span>
                <span className="font-medium">{item.description}</span>
                {item.sku ? <span className="ml-2 font-mono text-xs text-stone-500">{item.sku}</span> : null}
                {item.priceFen !== null ? (
                  <span className="ml-2 text-stone-700">{formatFen(item.priceFen, locale)}</span>
                ) : null}
              </span>
              {canWrite ? (
                <Button
                  variant="ghost"
                  size="sm"
                  pending={pending}
                  onClick={() => remove(() => removeMemberWishlistItemAction({ memberId, id: item.id }))}
                  aria-label={t("removeItem", { item: item.description })}
                >
                  {t("remove")}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
