// Apollo Client 4 against a live PrepGraph server, as a client app uses it: a normalised
// InMemoryCache with Relay-style pagination, the automatic persisted-queries link,
// learner mutations whose payloads keep the cache right, and coded errors.
// Prints one JSON object of observations; tests/api/test_clients.py asserts on them.
// Usage: node apollo_client.mjs http://127.0.0.1:8000/graphql
import { createHash } from 'node:crypto';
import {
  ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql,
} from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { relayStylePagination } from '@apollo/client/utilities';

const uri = process.argv[2];
const sent = [];
const recordingFetch = async (url, init) => {
  const body = init.method === 'GET' ? null : JSON.parse(init.body);
  sent.push({ method: init.method, hasQuery: Boolean(body && body.query) || String(url).includes('query=') });
  return fetch(url, init);
};
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

function client(token) {
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  return new ApolloClient({
    cache: new InMemoryCache({
      typePolicies: {
        Query: { fields: { concepts: relayStylePagination(['filter', 'order']) } },
        Learner: { fields: { attempts: relayStylePagination(), plans: relayStylePagination() } },
      },
    }),
    link: ApolloLink.from([
      new PersistedQueryLink({ sha256 }),
      new HttpLink({ uri, fetch: recordingFetch, headers }),
    ]),
  });
}

const out = {};
const anon = client();

// Relay-style pagination: two pages merge into one cached list.
const PAGE = gql`query Page($after: String) {
  concepts(first: 5, after: $after) { edges { cursor node { id slug title } } pageInfo { hasNextPage endCursor } }
}`;
const first = await anon.query({ query: PAGE });
const watched = anon.watchQuery({ query: PAGE });
await watched.fetchMore({ variables: { after: first.data.concepts.pageInfo.endCursor } });
const merged = anon.readQuery({ query: PAGE });
out.pagination = {
  firstPage: first.data.concepts.edges.map((e) => e.node.slug),
  mergedCount: merged.concepts.edges.length,
  distinct: new Set(merged.concepts.edges.map((e) => e.node.id)).size,
};

// Automatic persisted queries: hash first, the query only when the server asks for it.
sent.length = 0;
const TITLE = gql`query Title { concept(slug: "hnsw") { id title } }`;
await anon.query({ query: TITLE, fetchPolicy: 'network-only' });
await anon.query({ query: TITLE, fetchPolicy: 'network-only' });
out.persisted = sent.map((s) => s.hasQuery);

// Learner mutations keep the normalised cache right without a refetch.
const created = await anon.mutate({
  mutation: gql`mutation { createLearner(input: {name: "Apollo"}) { token learner { id name } } }`,
});
const me = client(created.data.createLearner.token);
const ME = gql`query Me { me { id name
  mastery { edges { node { id state concept { id slug } } } }
  attempts(first: 10) { edges { node { id rating } } pageInfo { hasNextPage endCursor } }
  plans(first: 10) { edges { node { id name } } pageInfo { hasNextPage endCursor } } } }`;
await me.query({ query: ME });
await me.mutate({
  mutation: gql`mutation { setMastery(input: {concept: "embeddings", state: KNOWN}) {
    masteryEntry { id state concept { id slug } }
    learner { id mastery { edges { node { id state concept { id slug } } } } } } }`,
});
await me.mutate({
  mutation: gql`mutation { recordAttempt(input: {prompt: "q-tune-hnsw-recall", rating: GOOD}) {
    attempt { id rating }
    learner { id attempts(first: 10) { edges { node { id rating } } pageInfo { hasNextPage endCursor } } } } }`,
});
await me.mutate({
  mutation: gql`mutation { savePlan(input: {name: "Vectors", plan: {targets: ["hnsw"]}}) {
    savedPlan { id name }
    learner { id plans(first: 10) { edges { node { id name } } pageInfo { hasNextPage endCursor } } } } }`,
});
const plan = me.readQuery({ query: ME }).me.plans.edges[0].node;
await me.mutate({
  mutation: gql`mutation Done($plan: ID!) {
    completeStep(input: {plan: $plan, concept: "approximate-nearest-neighbor-search"}) {
      savedPlan { id name }
      masteryEntry { id state concept { id slug } }
      learner { id mastery { edges { node { id state concept { id slug } } } } } } }`,
  variables: { plan: plan.id },
});
const cached = me.readQuery({ query: ME });
out.learner = {
  mastery: cached.me.mastery.edges.map((e) => [e.node.concept.slug, e.node.state]),
  attempts: cached.me.attempts.edges.map((e) => e.node.rating),
  plans: cached.me.plans.edges.map((e) => e.node.name),
};

// Errors carry their code through Apollo's error classes.
try {
  await anon.query({ query: gql`query Broken { concept(slug: "hnsw") { noSuchField } }` });
  out.errorCode = null;
} catch (error) {
  out.errorCode = CombinedGraphQLErrors.is(error) ? error.errors[0].extensions.code : String(error);
}
console.log(JSON.stringify(out));
