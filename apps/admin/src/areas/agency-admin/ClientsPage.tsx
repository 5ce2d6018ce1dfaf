import { NotAvailable } from '../../shared/states';

export default function ClientsPage() {
  return <NotAvailable />;
}
