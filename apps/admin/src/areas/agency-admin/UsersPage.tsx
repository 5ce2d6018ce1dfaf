import { NotAvailable } from '../../shared/states';

export default function UsersPage() {
  return <NotAvailable />;
}
