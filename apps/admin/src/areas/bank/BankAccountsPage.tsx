import { NotAvailable } from '../../shared/states';

export default function BankAccountsPage() {
  return <NotAvailable />;
}
