import { apiRoute } from "@/lib/api/route";
import { issueMemberCodeRoute } from "@/lib/loyalty/member-presence/routes";

export const dynamic = "force-dynamic";

export const POST = apiRoute(issueMemberCodeRoute);
