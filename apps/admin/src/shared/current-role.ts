import { createContext, useContext } from 'react';
import type { Role } from '../app/roles';

/** The signed-in user's role; provided by the session, read by RequireRole and navigation. */
export const CurrentRoleContext = createContext<Role | null>(null);

export function useCurrentRole(): Role | null {
  return useContext(CurrentRoleContext);
}
