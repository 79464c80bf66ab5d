import { apiRoute } from "@/lib/api/route";
import { createRedemptionRoute } from "@/lib/api/v1-routes";

export const dynamic = "force-dynamic";

export const POST = apiRoute(createRedemptionRoute);
