import { ExclamationCircleOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentRole } from '../../shared/current-role';
import { NewComplaintDrawer } from './NewComplaintDrawer';

/** "Raise a complaint" on the account page: staff taking a call, or the bank on its own account. */
export function AccountComplaintButton({ account }: { account: { id: string; bankRef: string; client: { name: string } } }) {
  const { t } = useTranslation();
  const role = useCurrentRole();
  const [open, setOpen] = useState(false);
  if (role === 'LAWYER' || role === 'PLATFORM_ADMIN') return null;
  return (
    <>
      <Button icon={<ExclamationCircleOutlined />} onClick={() => setOpen(true)} data-testid="account-raise-complaint">
        {t('complaints.raiseOnAccount')}
      </Button>
      {open ? <NewComplaintDrawer open onClose={() => setOpen(false)} account={{ id: account.id, bankRef: account.bankRef, bankName: account.client.name }} /> : null}
    </>
  );
}
