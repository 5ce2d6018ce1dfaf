import { NotAvailable } from '../../shared/states';

export default function PlacementsPage() {
  return <NotAvailable />;
}
