import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { memberItems } from "@/lib/after-sales/passports/queries";
import { formatCg } from "@/lib/after-sales/passports/schemas";
import { thumbnailHref } from "@/lib/after-sales/photos/schemas";
import { can } from "@/lib/auth/policy";
import { requireStaff } from "@/lib/auth/session";

/**
 * The member's jewelry pieces on the 360° view (a server component: it reads its own data, in the
 * staff member's scope): each piece with its thumbnail, weight and any open ticket, linking to its
 * passport; "register a piece" and "new service ticket" for those who take pieces in. Renders
 * nothing for a staff member without aftersales.read.
 */
export async function MemberItemsSection({ memberId }: { memberId: string }) {
  const me = await requireStaff();
  if (!can(me, "aftersales.read")) return null;
  const [items, t, format, locale] = await Promise.all([
    memberItems(getDb(), me, memberId),
    getTranslations("afterSalesIntake"),
    getFormatter(),
    getLocale(),
  ]);
  const canIntake = can(me, "aftersales.intake");
  const query = new URLSearchParams({ memberId });

  return (
    <div className="space-y-3" data-testid="member-items">
      {items.length === 0 ? (
        <p className="text-sm text-stone-500">{t("memberItems.empty")}</p>
      ) : (
        <ul className="divide-y divide-stone-100 text-sm">
          {items.map((item) => (
            <li key={item.id} className="flex items-center gap-3 py-2">
              {item.coverPhotoId ? (
                // eslint-disable-next-line @next/next/no-img-element -- a private, session-bound image; next/image would cache it shared
                <img
                  src={thumbnailHref({ itemId: item.id, id: item.coverPhotoId })}
                  alt=""
                  width={40}
                  height={40}
                  loading="lazy"
                  className="size-10 shrink-0 rounded object-cover ring-1 ring-stone-200"
                />
              ) : (
                <span className="size-10 shrink-0 rounded bg-stone-100" aria-hidden />
              )}
              <div className="min-w-0 flex-1">
                <Link href={`/after-sales/items/${item.id}`} className="font-medium text-amber-800 hover:underline">
                  {item.name}
                </Link>
                <p className="text-xs text-stone-500">
                  {t(`categories.${item.category}`)} · {item.material} · {formatCg(item.weightCg, locale)}
                  {item.purchasedAt
                    ? ` · ${t("memberItems.purchased", { date: format.dateTime(item.purchasedAt, { dateStyle: "medium", timeZone: item.timeZone }) })}`
                    : ""}
                </p>
              </div>
              {item.openTickets > 0 ? (
                <Badge tone="warning">{t("memberItems.inService", { count: item.openTickets })}</Badge>
              ) : item.lastServiceAt ? (
                <span className="text-xs text-stone-500">
                  {t("memberItems.lastService", {
                    date: format.dateTime(item.lastServiceAt, { dateStyle: "medium", timeZone: item.timeZone }),
                  })}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canIntake ? (
        <div className="flex flex-wrap gap-2">
          <Link href={`/after-sales/items/new?${query}`} className={buttonClasses("secondary")}>
            {t("memberItems.register")}
          </Link>
          <Link href={`/after-sales/tickets/new?${query}`} className={buttonClasses("secondary")}>
            {t("memberItems.newTicket")}
          </Link>
        </div>
      ) : null}
    </div>
  );
}
