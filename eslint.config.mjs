import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The dependency direction of docs/conventions.md: app → lib domains → lib infrastructure →
// db. Each zone is one block; ESLint does not merge `no-restricted-imports` across blocks that match
// the same file, so the zones must not overlap.
const DOMAINS = [
  "members",
  "loyalty",
  "reports",
  "stores",
  "staff",
  "settings",
  "api-keys",
  "jobs",
  "health",
  "appointments",
  "clienteling",
  "events",
  "after-sales",
  "complaints",
  "campaigns",
  "messaging",
];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    ".data/**",
    "node_modules/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
    "bench/results/**",
  ]),
  {
    files: ["**/*.{ts,tsx,mts,js,mjs}"],
    // Not parsed for cycles: packages are not ours (and some bundles overflow the parser's stack).
    settings: { "import/ignore": ["node_modules"] },
    rules: {
      // A cycle means two modules are one: move the shared part down a layer instead.
      "import/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  {
    files: ["components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/db", "@/db/*", "drizzle-orm", "drizzle-orm/*", "postgres", "@electric-sql/*"],
              message:
                "components/ never touch the database: a server component (page.tsx) loads the data through lib/<domain>/queries.ts and passes it as props.",
            },
            {
              group: ["**/queries", "**/service", "**/use-cases", "**/storage"],
              message:
                "components/ hold no data access: take the data as props from the page, and writes as a server action (lib/<domain>/actions.ts) passed in or imported.",
            },
            {
              group: [
                "server-only",
                "@/lib/auth",
                "@/lib/auth/index",
                "@/lib/auth/session",
                "@/lib/env",
                "@/lib/actions/define-action",
                "@/lib/actions/use-case",
              ],
              message:
                "This module runs on the server only: read the session or environment in the page and pass what the component needs as props.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["db/**"],
    ignores: ["db/migrations/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/*", "!@/lib/env", "**/lib/*", "!**/lib/env"],
              message:
                "db/ imports nothing from lib/ but the environment: move a type the schema needs into db/schema and have lib import it from there.",
            },
            {
              group: ["@/app/*", "@/components/*", "@/scripts/*", "**/scripts/*"],
              message: "db/ is the bottom layer: seeds and demo data live in scripts/seed/, their tests beside them.",
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      "lib/auth/**",
      "lib/actions/**",
      "lib/api/**",
      "lib/audit/**",
      "lib/i18n/**",
      "lib/pdf/**",
      "lib/uploads/**",
    ],
    // A test may build its fixtures through a domain's services.
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              // lib/staff/principal is the exception: who is signed in (roles, stores) is what auth,
              // actions and routes check; it holds no staff-management logic. (A regex: a gitignore
              // negation cannot re-include a file below an excluded folder.)
              regex: `^(@/lib/|(\\.\\./)+)(?!staff/principal$)(${DOMAINS.join("|")})(/|$)`,
              message:
                "Infrastructure (auth, actions, api, audit, i18n, pdf, uploads) imports no domain: take what it needs as a parameter, or move the shared part into the infrastructure (domains import infrastructure, not the reverse).",
            },
            {
              group: ["@/app/*", "@/components/*"],
              message: "lib/ never imports from app/ or components/: pages import from lib, not the reverse.",
            },
          ],
        },
      ],
    },
  },
]);
