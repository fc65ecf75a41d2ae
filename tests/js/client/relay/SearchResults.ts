// Search results paged with the connection's cursors.
export const fragment = graphql`
  fragment SearchResults_query on Query
  @refetchable(queryName: "SearchResultsPaginationQuery")
  @argumentDefinitions(
    text: { type: "String!" }
    first: { type: "Int", defaultValue: 10 }
    after: { type: "String" }
  ) {
    search(query: $text, first: $first, after: $after)
      @connection(key: "SearchResults_search", filters: ["query"]) {
      correctedQuery
      edges { score snippet node { id slug title } }
    }
  }
`;
