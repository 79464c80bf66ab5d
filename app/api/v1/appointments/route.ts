import { requestAppointmentRoute } from "@/lib/appointments/api/routes";
import { apiRoute } from "@/lib/api/route";

export const dynamic = "force-dynamic";

export const POST = apiRoute(requestAppointmentRoute);
