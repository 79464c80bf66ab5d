import { apiRoute } from "@/lib/api/route";
import { lookupMemberRoute } from "@/lib/api/v1-routes";

export const dynamic = "force-dynamic";

export const GET = apiRoute(lookupMemberRoute);
