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

export const AddTeamMembersMutation = graphql(`
  mutation AddTeamMembers($teamId: ID!, $memberIds: [ID!]!) {
    addTeamMembers(teamId: $teamId, memberIds: $memberIds) {
      id
      members {
        id
        displayName
      }
    }
  }
`);

export const RemoveTeamMembersMutation = graphql(`
  mutation RemoveTeamMembers($teamId: ID!, $memberIds: [ID!]!) {
    removeTeamMembers(teamId: $teamId, memberIds: $memberIds) {
      id
      members {
        id
        displayName
      }
    }
  }
`);
