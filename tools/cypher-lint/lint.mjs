// Lint every .cypher file under a folder with Neo4j's own Cypher front end
// (@neo4j-cypher/language-support: parser and semantic analysis, no server needed).
// Fails on any error other than an undefined parameter (parameters are supplied at run
// time) and on any warning: deprecated syntax and cartesian products included.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { lintCypherQuery, isNotParamError } from "@neo4j-cypher/language-support";

const ERROR = 1;

function cypherFiles(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return cypherFiles(path);
    return name.endsWith(".cypher") ? [path] : [];
  });
}

const root = process.argv[2] ?? "../../graph/cypher";
const files = cypherFiles(root);
let problems = 0;
for (const file of files) {
  const text = readFileSync(file, "utf8");
  const { diagnostics } = lintCypherQuery(text, {});
  for (const d of diagnostics) {
    if (d.severity === ERROR && !isNotParamError(d)) continue; // "Parameter $x is not defined"
    problems += 1;
    const kind = d.severity === ERROR ? "error" : "warning";
    const line = d.range.start.line + 1;
    console.log(`${relative(process.cwd(), file)}:${line}: ${kind}: ${d.message.split("\n")[0]}`);
  }
}
console.log(`${files.length} files, ${problems} problems`);
process.exit(problems ? 1 : 0);
