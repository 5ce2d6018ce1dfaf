import { useApolloClient, useQuery } from '@apollo/client/react';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type { MeFieldsFragment } from '../gql/graphql';
import { CurrentRoleContext } from '../shared/current-role';
import type { Role } from './roles';
import { MeQuery } from './session-operations';
import { SESSION_STORAGE_KEY, sessionStore, type SessionEndReason, type SessionStore } from './session-store';

export type Me = MeFieldsFragment;

export interface SessionValue {
  token: string | null;
  me: Me | null;
  role: Role | null;
  loading: boolean;
  error: unknown;
  endReason: SessionEndReason | null;
  /** Stores the token from a login and primes the cache with its `me`. */
  signIn: (payload: { token: string; expiresAt: string; me: Me }) => void;
  signOut: () => void;
  refetchMe: () => void;
  clearEndReason: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children, store = sessionStore }: { children: ReactNode; store?: SessionStore }) {
  const client = useApolloClient();
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { data, loading, error, refetch } = useQuery(MeQuery, { skip: !state.token, fetchPolicy: 'cache-first' });

  // When the session ends (sign-out, expiry, refused token) nothing of it may stay in the cache.
  const previousToken = useRef(state.token);
  useEffect(() => {
    if (previousToken.current && previousToken.current !== state.token) void client.clearStore();
    previousToken.current = state.token;
  }, [state.token, client]);

  // Another tab signed in or out; or this tab wakes up after the token expired.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === SESSION_STORAGE_KEY) store.reload();
    };
    const onWake = () => store.checkExpiry();
    window.addEventListener('storage', onStorage);
    window.addEventListener('focus', onWake);
    document.addEventListener('visibilitychange', onWake);
    return () => {
      window.removeEventListener('storage', onStorage);
      window.removeEventListener('focus', onWake);
      document.removeEventListener('visibilitychange', onWake);
    };
  }, [store]);

  const signIn = useCallback(
    (payload: { token: string; expiresAt: string; me: Me }) => {
      client.writeQuery({ query: MeQuery, data: { me: payload.me } });
      store.signIn(payload.token, payload.expiresAt);
    },
    [client, store],
  );
  const signOut = useCallback(() => store.end('signedOut'), [store]);
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
      signIn,
      signOut,
      refetchMe,
      clearEndReason,
    }),
    [state.token, state.endReason, me, loading, error, signIn, signOut, refetchMe, clearEndReason],
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
