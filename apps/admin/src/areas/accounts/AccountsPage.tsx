import { NotAvailable } from '../../shared/states';

export default function AccountsPage() {
  return <NotAvailable />;
}
