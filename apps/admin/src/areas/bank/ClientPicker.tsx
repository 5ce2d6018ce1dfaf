import { Select } from 'antd';
import { useSearchParams } from 'react-router';
import { useSession } from '../../app/session';

/** The bank whose portfolio is shown: a bank user has one; agency staff may pick (kept in the URL). */
export function useSelectedClient() {
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const clients = me?.clients ?? [];
  const wanted = params.get('client');
  const client = clients.find((c) => c.id === wanted) ?? clients[0] ?? null;
  const select = (id: string) => {
    const next = new URLSearchParams(params);
    next.set('client', id);
    setParams(next, { replace: true });
  };
  return { client, clients, select };
}

export function ClientPicker({ state }: { state: ReturnType<typeof useSelectedClient> }) {
  if (state.clients.length < 2) return null;
  return (
    <Select
      style={{ width: 200 }}
      value={state.client?.id}
      onChange={state.select}
      options={state.clients.map((c) => ({ value: c.id, label: c.name }))}
      data-testid="client-picker"
    />
  );
}
