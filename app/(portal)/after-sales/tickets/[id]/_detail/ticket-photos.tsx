import { useTranslations } from "next-intl";
import { photoHref, thumbnailHref } from "@/lib/after-sales/photos/schemas";
import type { TicketPhoto } from "@/lib/after-sales/tickets/queries";

/**
 * The piece's photos (the passport's, the intake's, the pickup's, a defect's), as thumbnails that
 * open the full image (served by the piece's photo routes, lib/after-sales/photos).
 */
export function TicketPhotos({ photos }: { photos: TicketPhoto[] }) {
  const t = useTranslations("afterSalesTickets");
  if (photos.length === 0) return <p className="text-sm text-stone-500">{t("photos.empty")}</p>;
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      {photos.map((photo) => (
        <li key={photo.id}>
          <a
            href={photoHref(photo)}
            target="_blank"
            rel="noopener"
            className="block overflow-hidden rounded-md ring-1 ring-stone-200 hover:ring-amber-600"
          >
            {/* eslint-disable-next-line @next/next/no-img-element -- served by our own route, already a thumbnail */}
            <img
              src={thumbnailHref(photo)}
              alt={t("photos.alt", { stage: t(`photos.stages.${photo.stage}`) })}
              width={photo.width}
              height={photo.height}
              loading="lazy"
              className="aspect-square w-full object-cover"
            />
          </a>
          <p className="mt-1 text-xs text-stone-500">{t(`photos.stages.${photo.stage}`)}</p>
        </li>
      ))}
    </ul>
  );
}
