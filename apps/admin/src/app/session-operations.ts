import { graphql } from '../gql';

export const MeFieldsFragment = graphql(`
  fragment MeFields on Me {
    role
    user {
      id
      email
      displayName
      role
    }
    agency {
      id
      name
    }
    clients {
      id
      name
      code
      currency
      timeZone
    }
  }
`);

export const MeQuery = graphql(`
  query Me {
    me {
      ...MeFields
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
      expiresAt
      mustChangePassword
      me {
        ...MeFields
      }
    }
  }
`);

export const SignOutMutation = graphql(`
  mutation SignOut {
    signOut
  }
`);

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      token
      expiresAt
      mustChangePassword
      me {
        ...MeFields
      }
    }
  }
`);
