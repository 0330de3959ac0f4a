// npm run openapi — write the served OpenAPI document to docs/openapi.json (a test keeps them equal).
import { writeFileSync } from "node:fs";
import { openApiDocument } from "../src/server/openapi.ts";

writeFileSync(
  new URL("../docs/openapi.json", import.meta.url),
  `${JSON.stringify(openApiDocument(), null, 2)}\n`,
);
console.log("wrote docs/openapi.json");
