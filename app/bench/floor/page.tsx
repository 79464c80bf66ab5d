import { requireStaff } from "@/lib/auth/session";

/**
 * The framework floor for `npm run bench`: an authenticated, dynamically rendered page doing the
 * minimum every portal page does (session + staff re-read), so other scenarios can be compared to it.
 */
export default async function BenchFloorPage() {
  const staff = await requireStaff();
  return (
    <main className="p-6 text-sm">
      <p data-testid="floor">
        {staff.username} · {new Date().toISOString()}
      </p>
    </main>
  );
}
