import { apiRoute } from "@/lib/api/route";
import { createRefundRoute } from "@/lib/api/v1-routes";

export const dynamic = "force-dynamic";

export const POST = apiRoute(createRefundRoute);
