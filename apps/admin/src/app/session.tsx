import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type { MeFieldsFragment } from '../gql/graphql';
import { CurrentRoleContext } from '../shared/current-role';
import type { Role } from './roles';
import { MeQuery, SignOutMutation } from './session-operations';
import { sessionStore, type SessionEndReason, type SessionStore } from './session-store';

export type Me = MeFieldsFragment;

export interface SessionValue {
  token: string | null;
  me: Me | null;
  role: Role | null;
  loading: boolean;
  error: unknown;
  endReason: SessionEndReason | null;
  /** The page-load refresh is still running. */
  restoring: boolean;
  /** An admin reset the password: the app shows only the change-password screen. */
  mustChangePassword: boolean;
  /** Keeps the token from a login (or a password change) in memory and primes the cache with its `me`. */
  signIn: (payload: { token: string; expiresAt: string; me: Me; mustChangePassword?: boolean }) => void;
  /** Ends every session of the user on the server (and the refresh cookie), then here. */
  signOut: () => Promise<void>;
  refetchMe: () => void;
  clearEndReason: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children, store = sessionStore }: { children: ReactNode; store?: SessionStore }) {
  const client = useApolloClient();
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { data, loading, error, refetch } = useQuery(MeQuery, { skip: !state.token, fetchPolicy: 'cache-first' });

  // When the session ends (sign-out, expiry, refused token) nothing of it may stay in the cache. A
  // renewed token is the same session: its cache (and the queries in flight) stay.
  const previousToken = useRef(state.token);
  useEffect(() => {
    if (previousToken.current && !state.token) void client.clearStore();
    previousToken.current = state.token;
  }, [state.token, client]);

  // This tab wakes up after the token expired (timers sleep with the tab): renew it.
  useEffect(() => {
    const onWake = () => store.checkExpiry();
    window.addEventListener('focus', onWake);
    document.addEventListener('visibilitychange', onWake);
    return () => {
      window.removeEventListener('focus', onWake);
      document.removeEventListener('visibilitychange', onWake);
    };
  }, [store]);

  const [signOutMutation] = useMutation(SignOutMutation);
  const signIn = useCallback(
    (payload: { token: string; expiresAt: string; me: Me; mustChangePassword?: boolean }) => {
      client.writeQuery({ query: MeQuery, data: { me: payload.me } });
      store.signIn(payload.token, payload.expiresAt, payload.mustChangePassword ?? false);
    },
    [client, store],
  );
  const signOut = useCallback(async () => {
    try {
      if (store.token) await signOutMutation();
    } catch {
      // The server could not be told (offline, or the session had already ended): sign out here anyway.
    }
    store.end('signedOut');
  }, [store, signOutMutation]);
  const clearEndReason = useCallback(() => store.clearEndReason(), [store]);
  const refetchMe = useCallback(() => void refetch(), [refetch]);

  const me = state.token ? (data?.me ?? null) : null;
  const value = useMemo<SessionValue>(
    () => ({
      token: state.token,
      me,
      role: (me?.role as Role | undefined) ?? null,
      loading: Boolean(state.token) && loading && !me,
      error: state.token ? error : undefined,
      endReason: state.endReason,
      restoring: state.restoring,
      mustChangePassword: Boolean(state.token) && state.mustChangePassword,
      signIn,
      signOut,
      refetchMe,
      clearEndReason,
    }),
    [state.token, state.endReason, state.restoring, state.mustChangePassword, me, loading, error, signIn, signOut, refetchMe, clearEndReason],
  );

  return (
    <SessionContext.Provider value={value}>
      <CurrentRoleContext.Provider value={value.role}>{children}</CurrentRoleContext.Provider>
    </SessionContext.Provider>
  );
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
