import { apiRoute } from "@/lib/api/route";
import { createTransactionRoute } from "@/lib/loyalty/purchases/routes";

export const dynamic = "force-dynamic";

export const POST = apiRoute(createTransactionRoute);
