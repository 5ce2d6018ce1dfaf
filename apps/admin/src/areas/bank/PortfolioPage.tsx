import { NotAvailable } from '../../shared/states';

export default function PortfolioPage() {
  return <NotAvailable />;
}
