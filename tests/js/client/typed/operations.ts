// Operations a study app sends, typed by GraphQL Code Generator (client preset) and
// checked with `tsc --strict`: a wrong field or a wrong use of a result fails the build.
import { graphql } from './gen';
import { MasteryState } from './gen/graphql';
import type { ResultOf, VariablesOf } from '@graphql-typed-document-node/core';

export const MyPlans = graphql(`
  query MyPlans($first: Int, $after: String) {
    me {
      id
      name
      plans(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id name completed { slug } } }
      }
    }
  }
`);

export const Search = graphql(`
  query SearchConcepts($text: String!, $after: String) {
    search(query: $text, first: 10, after: $after, kinds: [CONCEPT]) {
      correctedQuery
      pageInfo { hasNextPage endCursor }
      edges { score node { id slug title ... on Concept { aliases frequency } } }
    }
  }
`);

export const SetMastery = graphql(`
  mutation SetMastery($input: SetMasteryInput!) {
    setMastery(input: $input) {
      clientMutationId
      clearedId
      masteryEntry { id state concept { id slug } }
      learner { id }
    }
  }
`);

export function planNames(result: ResultOf<typeof MyPlans>): string[] {
  return result.me?.plans.edges.map((edge) => edge.node.name) ?? [];
}

export function bestHit(result: ResultOf<typeof Search>): string | null {
  const first = result.search.edges[0];
  return first ? `${first.node.title} (${first.score.toFixed(2)})` : null;
}

export const known: VariablesOf<typeof SetMastery> = {
  input: { concept: 'embeddings', state: MasteryState.Known, clientMutationId: 'm1' },
};

export function evicted(result: ResultOf<typeof SetMastery>): string | null {
  return result.setMastery.masteryEntry ? null : result.setMastery.clearedId ?? null;
}
