import { graphql } from '../../gql';

export const TeamsWithMembersQuery = graphql(`
  query TeamsWithMembers {
    teams(first: 50) {
      edges {
        node {
          id
          name
          members {
            id
            displayName
          }
        }
      }
    }
  }
`);

export const CreateTeamMutation = graphql(`
  mutation CreateTeam($name: String!, $memberIds: [ID!]!) {
    createTeam(name: $name, memberIds: $memberIds) {
      id
      name
    }
  }
`);
