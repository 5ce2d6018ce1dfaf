import { NotAvailable } from '../../shared/states';

export default function PlacementUploadPage() {
  return <NotAvailable />;
}
