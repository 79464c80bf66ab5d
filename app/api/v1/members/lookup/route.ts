import { apiRoute } from "@/lib/api/route";
import { lookupMemberRoute } from "@/lib/loyalty/purchases/routes";

export const dynamic = "force-dynamic";

export const GET = apiRoute(lookupMemberRoute);
