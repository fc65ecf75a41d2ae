// A paginated list of concepts, refetchable with other filters.
export const fragment = graphql`
  fragment ConceptList_query on Query
  @refetchable(queryName: "ConceptListPaginationQuery")
  @argumentDefinitions(
    first: { type: "Int", defaultValue: 20 }
    after: { type: "String" }
    filter: { type: "ConceptFilter" }
  ) {
    concepts(first: $first, after: $after, filter: $filter)
      @connection(key: "ConceptList_concepts", filters: ["filter"]) {
      edges { node { id slug title difficulty frequency aliases } }
    }
  }
`;

export const query = graphql`
  query ConceptListQuery($filter: ConceptFilter) {
    ...ConceptList_query @arguments(filter: $filter)
  }
`;
