import { apiRoute } from "@/lib/api/route";
import { createRedemptionRoute } from "@/lib/loyalty/redemptions/routes";

export const dynamic = "force-dynamic";

export const POST = apiRoute(createRedemptionRoute);
