// A learner's home: mastery, attempts and saved plans, each refetchable by its own id.
export const plans = graphql`
  fragment LearnerHome_learner on Learner
  @refetchable(queryName: "LearnerHomePlansQuery")
  @argumentDefinitions(first: { type: "Int", defaultValue: 10 }, after: { type: "String" }) {
    id
    name
    plans(first: $first, after: $after) @connection(key: "LearnerHome_plans") {
      edges { node { id ...LearnerHome_savedPlan } }
    }
    attempts(first: 5) { edges { node { id rating reviewedAt } } }
    mastery(first: 50) { edges { node { id state concept { id slug } } } }
  }
`;

export const savedPlan = graphql`
  fragment LearnerHome_savedPlan on SavedPlan @refetchable(queryName: "SavedPlanRefetchQuery") {
    id
    name
    completed { id slug }
  }
`;

export const query = graphql`
  query LearnerHomeQuery {
    me { ...LearnerHome_learner }
  }
`;

export const completeStep = graphql`
  mutation LearnerHomeCompleteStepMutation($input: CompleteStepInput!) {
    completeStep(input: $input) {
      clientMutationId
      savedPlan { id ...LearnerHome_savedPlan }
      masteryEntry { id state concept { id slug } }
    }
  }
`;

export const setMastery = graphql`
  mutation LearnerHomeSetMasteryMutation($input: SetMasteryInput!) {
    setMastery(input: $input) {
      masteryEntry { id state }
      clearedId @deleteRecord
    }
  }
`;

export const savePlan = graphql`
  mutation LearnerHomeSavePlanMutation($input: SavePlanInput!, $connections: [ID!]!) {
    savePlan(input: $input) {
      savedPlan @appendNode(connections: $connections, edgeTypeName: "SavedPlanEdge") {
        id
        ...LearnerHome_savedPlan
      }
    }
  }
`;
