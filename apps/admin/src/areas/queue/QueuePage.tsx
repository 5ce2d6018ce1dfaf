import { NotAvailable } from '../../shared/states';

export default function QueuePage() {
  return <NotAvailable />;
}
