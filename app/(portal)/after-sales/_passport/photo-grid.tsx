"use client";

import { useFormatter, useTranslations } from "next-intl";
import { photoHref, thumbnailHref, type PhotoView } from "@/lib/after-sales/photos/schemas";

/** Thumbnails of a piece's photos, each opening the full image; the stage and the day under each. */
export function PhotoGrid({ photos, timeZone }: { photos: PhotoView[]; timeZone: string }) {
  const t = useTranslations("afterSalesIntake");
  const format = useFormatter();
  if (photos.length === 0) return <p className="text-sm text-stone-500">{t("photos.empty")}</p>;
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-6">
      {photos.map((photo) => (
        <li key={photo.id}>
          <a
            href={photoHref(photo)}
            target="_blank"
            rel="noopener"
            className="block overflow-hidden rounded-md ring-1 ring-stone-200 hover:ring-amber-600"
          >
            {/* eslint-disable-next-line @next/next/no-img-element -- a private, session-bound image; next/image would cache it shared */}
            <img
              src={thumbnailHref(photo)}
              alt={t("photos.alt", { stage: t(`photoStages.${photo.stage}`) })}
              width={photo.width}
              height={photo.height}
              loading="lazy"
              className="aspect-square w-full object-cover"
            />
          </a>
          <p className="mt-1 text-xs text-stone-500">
            {t(`photoStages.${photo.stage}`)} · {format.dateTime(photo.createdAt, { dateStyle: "medium", timeZone })}
          </p>
        </li>
      ))}
    </ul>
  );
}
