import { NotAvailable } from '../../shared/states';

export default function RecallsPage() {
  return <NotAvailable />;
}
