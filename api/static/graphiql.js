// GraphiQL for PrepGraph, served with its bundled assets so it works offline.
// The query and variables live in the URL so a query can be shared; headers never do
// (they may hold a token).
(function () {
  "use strict";

  const EXAMPLE = `# PrepGraph: interview preparation as a graph.
# Ctrl-Enter runs the query; the explorer
# (left) builds one by clicking.
query Prerequisites {
  concept(slug: "hnsw") {
    title
    summary
    prerequisites { slug title }
  }
}
`;

  const params = new URLSearchParams(window.location.search);
  const endpoint = window.location.origin + window.location.pathname;

  function remember(name, value) {
    if (value) params.set(name, value);
    else params.delete(name);
    const search = params.toString();
    history.replaceState(null, "", search ? "?" + search : window.location.pathname);
  }

  const fetcher = GraphiQL.createFetcher({
    url: endpoint,
    headers: { accept: "application/graphql-response+json, application/json;q=0.9" },
  });
  const explorer = GraphiQLPluginExplorer.explorerPlugin();

  function App() {
    const [query, setQuery] = React.useState(params.get("q") || EXAMPLE);
    return React.createElement(GraphiQL, {
      fetcher,
      query,
      variables: params.get("variables") || undefined,
      onEditQuery: (value) => { setQuery(value); remember("q", value); },
      onEditVariables: (value) => remember("variables", value),
      defaultEditorToolsVisibility: true,
      plugins: [explorer],
    });
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(App));
})();
