import { graphql } from '../../gql';

export const TeamsWithMembersQuery = graphql(`
  query TeamsWithMembers {
    teams(first: 200) {
      edges {
        node {
          id
          name
          members {
            id
            displayName
            email
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
