"use client";

import { ErrorPage } from "@/components/layout/error-page";

// Errors of the portal's layout (its requireStaff reads the database first) and of the sign-in pages.
export default ErrorPage;
