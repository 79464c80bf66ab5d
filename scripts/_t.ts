import { openDatabase, createPglite } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { citext } from "@electric-sql/pglite/contrib/citext";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
let t = Date.now();
const h = openDatabase({});
await migrateDatabase(h);
console.log("template", Date.now() - t); t = Date.now();
const client = (h.db as any).$client as PGlite;
const dump = await client.dumpDataDir("none");
console.log("dump", Date.now() - t, dump.size);
for (let i = 0; i < 3; i++) {
  t = Date.now();
  const p = new PGlite({ loadDataDir: dump, extensions: { pg_trgm, btree_gist, citext } });
  await p.query("select count(*) from staff");
  console.log("load", Date.now() - t);
  t = Date.now();
  const c = await client.clone();
  await c.query("select count(*) from staff");
  console.log("clone", Date.now() - t);
}
