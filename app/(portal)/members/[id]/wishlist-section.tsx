import { getLocale, getTranslations } from "next-intl/server";
import { formatFen } from "@/lib/money";
import { RemoveItemButton } from "./remove-item-button";

export type WishlistItemView = { id: string; description: string; sku: string | null; priceFen: number | null };

/**
 * The member's wishlist (a server component: its words never travel), with removal for staff who
 * may write (adding an item is the card's dialog).
 */
export async function WishlistSection({
  memberId,
  items,
  canWrite,
}: {
  memberId: string;
  items: WishlistItemView[];
  canWrite: boolean;
}) {
  const [t, locale] = await Promise.all([getTranslations("members"), getLocale()]);
  if (items.length === 0) return <p className="py-2 text-sm text-stone-500">{t("wishlistEmpty")}</p>;
  return (
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
            <RemoveItemButton
              list="wish"
              memberId={memberId}
              id={item.id}
              label={t("remove")}
              ariaLabel={t("removeItem", { item: item.description })}
            />
          ) : null}
        </li>
      ))}
    </ul>
  );
}
