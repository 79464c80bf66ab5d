import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { ApiKeyKind } from "@/lib/api-keys/schemas";

/** The message key naming each kind (form, table, filter, created key). */
export const KIND_LABEL = { pos: "kindPos", member_app: "kindMemberApp" } as const satisfies Record<ApiKeyKind, string>;

/** The message key saying in one line what a key of each kind may do. */
export const KIND_HINT = { pos: "kindPosHint", member_app: "kindMemberAppHint" } as const satisfies Record<
  ApiKeyKind,
  string
>;

/** A key's kind as a badge: the member app's keys stand out from the many tills' keys. */
export function ApiKeyKindBadge({ kind }: { kind: ApiKeyKind }) {
  const t = useTranslations("apiKeys");
  return <Badge tone={kind === "member_app" ? "info" : "neutral"}>{t(KIND_LABEL[kind])}</Badge>;
}
