import { getFormatter, getTranslations } from "next-intl/server";

export type NoteView = { id: string; body: string; createdAt: Date; authorName: string | null };

/** The member's notes, newest first (a server component; adding one is the card's dialog). */
export async function NotesSection({ notes, limit }: { notes: NoteView[]; limit: number }) {
  const [t, format] = await Promise.all([getTranslations("members"), getFormatter()]);
  if (notes.length === 0) return <p className="py-2 text-sm text-stone-500">{t("notesEmpty")}</p>;
  return (
    <ol className="space-y-3" data-testid="notes-timeline">
      {notes.map((note) => (
        <li key={note.id} className="border-l-2 border-amber-200 pl-3">
          <p className="text-xs text-stone-500">
            {note.authorName ?? t("unknownAuthor")} ·{" "}
            {format.dateTime(new Date(note.createdAt), { dateStyle: "medium", timeStyle: "short" })}
          </p>
          <p className="text-sm whitespace-pre-wrap text-stone-800">{note.body}</p>
        </li>
      ))}
      {notes.length >= limit ? (
        <li className="text-xs text-stone-500">{t("notesTruncated", { count: limit })}</li>
      ) : null}
    </ol>
  );
}
