// Runs the GraphQL-over-HTTP audit (graphql-http's auditServer) against a live server
// and prints one JSON line: every audit's id, name, status and failure reason.
// Usage: node http_audit.mjs http://127.0.0.1:8000/graphql
import { auditServer } from 'graphql-http';

const url = process.argv[2];
const results = await auditServer({ url });
const report = await Promise.all(
  results.map(async (r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    reason: r.status === 'ok' ? null : r.reason,
  })),
);
console.log(JSON.stringify(report));
