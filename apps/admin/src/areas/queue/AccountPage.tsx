import { NotAvailable } from '../../shared/states';

export default function AccountPage() {
  return <NotAvailable />;
}
